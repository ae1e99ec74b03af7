package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * golang-migrate's {@code schema_migrations} (version bigint primary key, dirty boolean): one
 * row, the current version. dirty means the last migration failed part-way and golang-migrate
 * refuses to run until someone fixes the schema and runs {@code migrate force}.
 */
final class GolangMigrateReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.GOLANG_MIGRATE;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.equals(Set.of("version", "dirty"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("version", "dirty"), List.of("version"));
        return Queries.list(connection, sql, rs -> {
            String version = Values.text(rs, "version");
            boolean dirty = Boolean.TRUE.equals(Values.bool(rs, "dirty"));
            java.time.Instant when = Values.fromVersion(version);
            String detail = dirty
                    ? "dirty: migration " + version + " failed part-way; fix the schema by hand, then `migrate force` a version"
                    : "current version: golang-migrate keeps only the latest";
            return new HistoryEntry(HistoryTool.GOLANG_MIGRATE, table.displayName(), when, "version " + version, version,
                    dirty ? EntryStatus.FAILED : EntryStatus.SUCCEEDED, detail, null);
        });
    }
}
