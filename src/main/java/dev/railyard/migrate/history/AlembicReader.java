package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Alembic's {@code alembic_version} (version_num varchar(32) primary key): only the current
 * head revision(s), no history and no times.
 */
final class AlembicReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.ALEMBIC;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.contains("version_num") && columns.size() == 1;
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("version_num"), List.of("version_num"));
        return Queries.list(connection, sql, rs -> {
            String revision = Values.text(rs, "version_num");
            return new HistoryEntry(HistoryTool.ALEMBIC, table.displayName(), null, "revision " + revision, revision,
                    EntryStatus.SUCCEEDED, "current head: Alembic keeps only the current revision, not a history", null);
        });
    }
}
