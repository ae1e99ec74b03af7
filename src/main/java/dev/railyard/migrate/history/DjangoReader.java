package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Django's {@code django_migrations} (id, app varchar(255), name varchar(255), applied
 * timestamp): one row per applied migration of each app; unapplying deletes the row.
 */
final class DjangoReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.DJANGO;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.containsAll(Set.of("app", "name", "applied"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("id", "app", "name", "applied"), List.of("applied", "id"));
        return Queries.list(connection, sql, rs -> {
            String app = Values.text(rs, "app");
            String name = Values.text(rs, "name");
            return new HistoryEntry(HistoryTool.DJANGO, table.displayName(), Values.time(rs, "applied", table.type("applied")),
                    app + "." + name, PrismaReader.versionPrefix(name), EntryStatus.SUCCEEDED, "app " + app, null);
        });
    }
}
