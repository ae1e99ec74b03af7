package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Sequelize's (umzug's SequelizeStorage) {@code SequelizeMeta}: a single primary-key column
 * {@code name} holding the migration file's name; createdAt/updatedAt only when the app turned
 * timestamps on. Without them the time comes from the file name's 14-digit prefix.
 */
final class SequelizeReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.SEQUELIZE;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return name.equals("sequelizemeta") && columns.contains("name");
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("name", "createdAt"), List.of("name"));
        boolean timestamps = table.has("createdAt");
        return Queries.list(connection, sql, rs -> {
            String name = Values.text(rs, "name");
            java.time.Instant when = timestamps ? Values.time(rs, table.actual("createdAt").orElseThrow(), table.type("createdAt")) : null;
            String detail = "";
            if (when == null) {
                when = Values.fromVersion(name);
                detail = when == null ? "" : "time from the file name";
            }
            return new HistoryEntry(HistoryTool.SEQUELIZE, table.displayName(), when, name, null,
                    EntryStatus.SUCCEEDED, detail, null);
        });
    }
}
