package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.migrate.history.EntryStatus;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.migrate.history.HistoryTool;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The head is decided by each tool's order, never by the time a migration was installed. */
class MigrationHeadTest {

    private static final Instant SAME_SECOND = Instant.parse("2026-12-01T10:00:00Z");

    private static HistoryEntry flyway(String version, String description, Instant when, EntryStatus status) {
        return new HistoryEntry(HistoryTool.FLYWAY, "public.flyway_schema_history", when, description, version, status,
                "SQL", null);
    }

    @Test
    void flywayHeadIsTheHighestAppliedVersionWhateverTheTimes() {
        List<HistoryEntry> byRank = List.of(
                flyway(null, "<< Flyway Schema Creation >>", SAME_SECOND, EntryStatus.SUCCEEDED),
                flyway("1", "first", SAME_SECOND, EntryStatus.SUCCEEDED),
                flyway("2", "second", SAME_SECOND.minusSeconds(5), EntryStatus.SUCCEEDED));
        assertEquals(Optional.of("Flyway 2"), MigrationHead.ofFlyway(byRank));
    }

    @Test
    void anOutOfOrderMigrationDoesNotLowerTheHeadAndAFailedOneIsNotIt() {
        List<HistoryEntry> byRank = List.of(
                flyway("1.9", "a", SAME_SECOND, EntryStatus.SUCCEEDED),
                flyway("1.10", "b", SAME_SECOND, EntryStatus.SUCCEEDED),
                flyway("1.5", "late but older", SAME_SECOND.plusSeconds(60), EntryStatus.SUCCEEDED),
                flyway("1.11", "broken", SAME_SECOND.plusSeconds(120), EntryStatus.FAILED));
        assertEquals(Optional.of("Flyway 1.10"), MigrationHead.ofFlyway(byRank));
    }

    @Test
    void aHistoryOfRepeatableMigrationsOnlyGivesTheLastByRank() {
        List<HistoryEntry> byRank = List.of(
                flyway(null, "views", SAME_SECOND, EntryStatus.SUCCEEDED),
                flyway(null, "functions", SAME_SECOND, EntryStatus.SUCCEEDED));
        assertEquals(Optional.of("Flyway functions"), MigrationHead.ofFlyway(byRank));
    }

    @Test
    void versionsCompareAsNumbersPartByPart() {
        assertTrue(MigrationHead.compareVersions("1.10", "1.9") > 0);
        assertTrue(MigrationHead.compareVersions("2", "1.999") > 0);
        assertEquals(0, MigrationHead.compareVersions("1.0", "1"));
        assertTrue(MigrationHead.compareVersions("20240102", "20240101.5") > 0);
    }

    @Test
    void anotherToolsHeadIsItsLastSucceededEntryInItsOwnOrder() {
        List<HistoryEntry> knexById = List.of(
                new HistoryEntry(HistoryTool.KNEX, "knex_migrations", SAME_SECOND, "001_users.js", null,
                        EntryStatus.SUCCEEDED, "", null),
                new HistoryEntry(HistoryTool.KNEX, "knex_migrations", SAME_SECOND, "002_orders.js", null,
                        EntryStatus.SUCCEEDED, "", null));
        assertEquals(Optional.of("Knex 002_orders.js"), MigrationHead.ofOthers(List.of(knexById)));
        assertEquals(Optional.empty(), MigrationHead.ofOthers(List.of(List.of())));
    }
}
