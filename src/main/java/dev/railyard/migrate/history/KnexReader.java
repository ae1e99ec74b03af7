package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Knex's {@code knex_migrations} (id increments, name varchar(255), batch integer,
 * migration_time timestamp) — the same shape AdonisJS uses for adonis_schema. Knex records
 * only completed migrations; its lock lives in {@code knex_migrations_lock}.
 */
final class KnexReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.KNEX;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.containsAll(Set.of("name", "batch", "migration_time"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("id", "name", "batch", "migration_time"), List.of("id", "migration_time"));
        return Queries.list(connection, sql, rs -> {
            Long batch = Values.number(rs, "batch");
            return new HistoryEntry(HistoryTool.KNEX, table.displayName(),
                    Values.time(rs, "migration_time", table.type("migration_time")), Values.text(rs, "name"),
                    null, EntryStatus.SUCCEEDED, batch == null ? "" : "batch " + batch, null);
        });
    }
}
