package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Rails' {@code schema_migrations} (version varchar primary key), one row per applied
 * migration; the version is the file's UTC timestamp (20240501120000), which is the only time
 * Rails keeps. {@code ar_internal_metadata} is read as a companion for the environment.
 */
final class RailsReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.RAILS;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.equals(Set.of("version")) && !table.type("version").contains("int");
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("version"), List.of("version"));
        return Queries.list(connection, sql, rs -> {
            String version = Values.text(rs, "version");
            java.time.Instant when = Values.fromVersion(version);
            return new HistoryEntry(HistoryTool.RAILS, table.displayName(), when, version, version,
                    EntryStatus.SUCCEEDED, when == null ? "" : "time from the version (when the migration was generated)", null);
        });
    }
}
