package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Prisma Migrate's {@code _prisma_migrations} (id, checksum, finished_at, migration_name, logs,
 * rolled_back_at, started_at, applied_steps_count). A row with neither finished_at nor
 * rolled_back_at is a failed migration (Prisma's P3009); rolled_back_at is set by
 * {@code prisma migrate resolve --rolled-back}.
 */
final class PrismaReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.PRISMA;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.containsAll(Set.of("migration_name", "checksum", "started_at", "finished_at", "rolled_back_at"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("id", "checksum", "finished_at", "migration_name", "logs",
                "rolled_back_at", "started_at", "applied_steps_count"), List.of("started_at", "migration_name"));
        return Queries.list(connection, sql, rs -> {
            Instant started = Values.time(rs, "started_at", table.type("started_at"));
            Instant finished = Values.time(rs, "finished_at", table.type("finished_at"));
            Instant rolledBack = Values.time(rs, "rolled_back_at", table.type("rolled_back_at"));
            String name = Values.text(rs, "migration_name");
            String logs = Values.firstLine(Values.text(rs, "logs"));
            Long steps = Values.number(rs, "applied_steps_count");
            EntryStatus status;
            String detail;
            if (rolledBack != null) {
                status = EntryStatus.ROLLED_BACK;
                detail = "marked rolled back at " + rolledBack + (logs == null ? "" : "; " + logs);
            } else if (finished != null) {
                status = EntryStatus.SUCCEEDED;
                detail = steps == null ? "" : steps + (steps == 1 ? " step" : " steps");
            } else {
                status = EntryStatus.FAILED;
                detail = logs != null ? logs : "started at " + started + " and never finished";
            }
            return new HistoryEntry(HistoryTool.PRISMA, table.displayName(), finished != null ? finished : started,
                    name, versionPrefix(name), status, detail, Values.text(rs, "checksum"));
        });
    }

    /** "20240501120000" of "20240501120000_init". */
    static String versionPrefix(String name) {
        if (name == null) {
            return null;
        }
        int underscore = name.indexOf('_');
        String prefix = underscore < 0 ? name : name.substring(0, underscore);
        return prefix.chars().allMatch(Character::isDigit) && !prefix.isEmpty() ? prefix : null;
    }
}
