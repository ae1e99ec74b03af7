package dev.railyard.backup;

import dev.railyard.db.Dialect;
import dev.railyard.migrate.history.DetectedTable;
import dev.railyard.migrate.history.EntryStatus;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.migrate.history.HistoryTool;
import dev.railyard.migrate.history.OtherToolsHistory;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The migration head a backup's manifest records ("Flyway 7", "Prisma 20240101_init"), read from
 * the history tables in the backup's own snapshot. The head is decided by each tool's own order,
 * never by install time: two migrations applied in the same second must not swap places.
 * <ul>
 *   <li>Flyway: the highest successfully applied version, compared as Flyway compares versions
 *       (1.10 after 1.9), which is what {@code flyway info} calls the schema version. For a history
 *       applied in order it is the last row by {@code installed_rank}; unlike the last row, it stays
 *       right when a migration is applied out of order. A history of repeatable migrations only
 *       gives its last one by rank.</li>
 *   <li>Other tools: the last succeeded entry in the order their reader returns them, which is the
 *       tool's own order (golang-migrate's and Rails' version, Knex's and TypeORM's id, Liquibase's
 *       orderexecuted, ...).</li>
 * </ul>
 * When Flyway's table is there it alone decides; otherwise, of several tools' tables, the one whose
 * head ran last.
 */
public final class MigrationHead {

    private MigrationHead() {
    }

    /**
     * Reads the history tables through {@code connection}: one catalog query, then one query per
     * history table (Flyway's first; when it gives a head, no other table is read).
     *
     * @throws SQLException as the reads throw it: on PostgreSQL the caller rolls back to a savepoint
     */
    public static Optional<String> read(Connection connection, Dialect dialect) throws SQLException {
        OtherToolsHistory history = new OtherToolsHistory(dialect);
        List<DetectedTable> tables = history.detect(connection).stream()
                .filter(t -> t.role() == DetectedTable.Role.HISTORY)
                .sorted(Comparator.comparing((DetectedTable t) -> t.tool() != HistoryTool.FLYWAY))
                .toList();
        List<List<HistoryEntry>> others = new ArrayList<>();
        for (DetectedTable table : tables) {
            List<HistoryEntry> entries = history.read(connection, table);
            if (table.tool() == HistoryTool.FLYWAY) {
                Optional<String> head = ofFlyway(entries);
                if (head.isPresent()) {
                    return head;
                }
            } else {
                others.add(entries);
            }
        }
        return ofOthers(others);
    }

    /** Flyway's schema version: the highest applied version; else the last applied repeatable migration. */
    static Optional<String> ofFlyway(List<HistoryEntry> byRank) {
        List<HistoryEntry> applied = byRank.stream().filter(e -> e.status() == EntryStatus.SUCCEEDED).toList();
        Optional<HistoryEntry> versioned = applied.stream()
                .filter(e -> e.version() != null && !e.version().isBlank())
                .max((a, b) -> compareVersions(a.version(), b.version()));
        if (versioned.isPresent()) {
            return Optional.of(label(versioned.get()));
        }
        // Flyway's own marker rows (schema creation) have neither version nor script name of their own.
        return applied.stream().filter(e -> !e.name().startsWith("<< ")).reduce((first, second) -> second)
                .map(MigrationHead::label);
    }

    /** Each table's last succeeded entry in the tool's order; of several tables, the head that ran last. */
    static Optional<String> ofOthers(List<List<HistoryEntry>> tables) {
        List<HistoryEntry> heads = new ArrayList<>();
        for (List<HistoryEntry> entries : tables) {
            entries.stream().filter(e -> e.status() == EntryStatus.SUCCEEDED).reduce((first, second) -> second)
                    .ifPresent(heads::add);
        }
        // A stable max: with equal or unknown times, the first table found wins.
        HistoryEntry chosen = null;
        for (HistoryEntry head : heads) {
            if (chosen == null || chosen.when() == null && head.when() != null
                    || chosen.when() != null && head.when() != null && head.when().isAfter(chosen.when())) {
                chosen = head;
            }
        }
        return Optional.ofNullable(chosen).map(MigrationHead::label);
    }

    private static String label(HistoryEntry entry) {
        return entry.tool().displayName() + " " + (entry.version() != null && !entry.version().isBlank()
                ? entry.version() : entry.name());
    }

    /** Flyway's version order: dot-separated numbers compared one by one; "1.0" equals "1". */
    static int compareVersions(String a, String b) {
        String[] left = a.strip().split("[._]");
        String[] right = b.strip().split("[._]");
        int n = Math.max(left.length, right.length);
        for (int i = 0; i < n; i++) {
            String l = i < left.length ? left[i] : "0";
            String r = i < right.length ? right[i] : "0";
            int c;
            if (l.chars().allMatch(Character::isDigit) && r.chars().allMatch(Character::isDigit)
                    && !l.isEmpty() && !r.isEmpty()) {
                c = new BigInteger(l).compareTo(new BigInteger(r));
            } else {
                c = l.compareTo(r);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
