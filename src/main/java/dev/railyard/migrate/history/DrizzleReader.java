package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * drizzle-orm's migrator table, {@code drizzle.__drizzle_migrations} on PostgreSQL or
 * {@code __drizzle_migrations} on MySQL: (id serial, hash text, created_at bigint). created_at is
 * the journal's {@code when} of the migration (when it was generated), not when it ran; the
 * name lives only in meta/_journal.json, so the folder comparison supplies it.
 */
final class DrizzleReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.DRIZZLE;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.equals(Set.of("id", "hash", "created_at"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("id", "hash", "created_at"), List.of("created_at", "id"));
        return Queries.list(connection, sql, rs -> {
            Long createdAt = Values.number(rs, "created_at");
            String hash = Values.text(rs, "hash");
            String shortHash = hash == null ? "?" : hash.substring(0, Math.min(12, hash.length()));
            return new HistoryEntry(HistoryTool.DRIZZLE, table.displayName(),
                    createdAt == null ? null : java.time.Instant.ofEpochMilli(createdAt),
                    "migration " + shortHash, createdAt == null ? null : createdAt.toString(), EntryStatus.SUCCEEDED,
                    "time is when the migration was generated (journal \"when\"), not when it ran", hash);
        });
    }
}
