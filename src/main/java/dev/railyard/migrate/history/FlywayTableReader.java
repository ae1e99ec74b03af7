package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Flyway's own history table read directly, for a timeline when Flyway is not configured for
 * the profile (FlywayMigrations reads it with the scripts when it is).
 */
final class FlywayTableReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.FLYWAY;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.containsAll(Set.of("installed_rank", "version", "description", "script", "installed_on", "success"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("installed_rank", "version", "description", "type", "script", "checksum",
                "installed_by", "installed_on", "execution_time", "success"), List.of("installed_rank"));
        return Queries.list(connection, sql, rs -> {
            boolean success = Boolean.TRUE.equals(Values.bool(rs, "success"));
            String type = Values.text(rs, "type");
            String by = Values.text(rs, "installed_by");
            Object checksum = rs.getObject("checksum");
            return new HistoryEntry(HistoryTool.FLYWAY, table.displayName(),
                    Values.time(rs, "installed_on", table.type("installed_on")), Values.text(rs, "description"),
                    Values.text(rs, "version"), success ? EntryStatus.SUCCEEDED : EntryStatus.FAILED,
                    (type == null ? "" : type) + (by == null ? "" : ", by " + by), checksum == null ? null : checksum.toString());
        });
    }
}
