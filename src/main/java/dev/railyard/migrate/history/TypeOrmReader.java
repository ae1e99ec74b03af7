package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * TypeORM's {@code migrations} (or a configured name such as {@code typeorm_migrations}):
 * id (increment, from 0.2), timestamp bigint, name varchar. timestamp is the number in the
 * migration class's name, i.e. when it was generated; TypeORM records completed ones only.
 */
final class TypeOrmReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.TYPEORM;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        String type = table.type("timestamp");
        boolean numeric = type.contains("int") || type.equals("numeric") || type.equals("decimal");
        return numeric && columns.contains("name") && Set.of("id", "timestamp", "name").containsAll(columns);
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("id", "timestamp", "name"), List.of("id", "timestamp"));
        return Queries.list(connection, sql, rs -> {
            Long timestamp = Values.number(rs, "timestamp");
            return new HistoryEntry(HistoryTool.TYPEORM, table.displayName(),
                    timestamp == null ? null : Values.epoch(timestamp), Values.text(rs, "name"),
                    timestamp == null ? null : timestamp.toString(), EntryStatus.SUCCEEDED,
                    "time is the migration's own timestamp (when it was generated), not when it ran", null);
        });
    }
}
