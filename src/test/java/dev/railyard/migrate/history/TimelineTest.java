package dev.railyard.migrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.StatusReport;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TimelineTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @TempDir
    Path temp;

    private static HistoryEntry entry(HistoryTool tool, String name, String when) {
        return new HistoryEntry(tool, "t", when == null ? null : Instant.parse(when), name, null, EntryStatus.SUCCEEDED, "", null);
    }

    @Test
    void entriesOfAllToolsAreOrderedByTimeAndUndatedOnesFollowInSourceOrder() {
        List<HistoryEntry> flyway = List.of(
                entry(HistoryTool.FLYWAY, "V1", "2024-05-02T00:00:00Z"),
                entry(HistoryTool.FLYWAY, "V2 pending", null));
        List<HistoryEntry> others = List.of(
                entry(HistoryTool.PRISMA, "init", "2024-05-01T00:00:00Z"),
                entry(HistoryTool.ALEMBIC, "head", null),
                entry(HistoryTool.KNEX, "same time as V1", "2024-05-02T00:00:00Z"),
                entry(HistoryTool.KNEX, "later", "2024-06-01T00:00:00Z"));

        Timeline timeline = Timeline.merge(flyway, others);

        assertEquals(List.of("init", "V1", "same time as V1", "later", "V2 pending", "head"),
                timeline.entries().stream().map(HistoryEntry::name).toList());
        assertEquals(List.of(HistoryTool.PRISMA, HistoryTool.FLYWAY, HistoryTool.KNEX, HistoryTool.ALEMBIC), timeline.tools());
    }

    @Test
    void flywayStatusAndOtherToolsOnARealDatabaseMergeIntoOneTimeline() throws Exception {
        String db = PG.createDatabase("timeline");
        Path folder = Files.createDirectories(temp.resolve("db"));
        Files.writeString(folder.resolve("V1__users.sql"), "create table users (id int);\n");
        Files.writeString(folder.resolve("V2__orders.sql"), "create table orders (id int);\n");
        FlywayMigrations flyway = new FlywayMigrations(PG.dataSource(db), Guards.target(Dialect.POSTGRESQL),
                new MigrationSettings(List.of(folder.toString()), List.of(), null, Map.of(), null));
        flyway.migrate("1", Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(JobContext.silent());

        try (Connection c = PG.connect(db)) {
            ToolTables.create(c, ToolTables.prisma(Dialect.POSTGRESQL));
            ToolTables.create(c, ToolTables.knex(Dialect.POSTGRESQL));
            ToolTables.run(c,
                    "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)"
                            + " VALUES ('p1', 'c', TIMESTAMPTZ '2024-06-01 00:00:00+00', '20240601000000_b', TIMESTAMPTZ '2024-06-01 00:00:00+00', 1),"
                            + " ('p2', 'c', TIMESTAMPTZ '2024-04-01 00:00:00+00', '20240401000000_a', TIMESTAMPTZ '2024-04-01 00:00:00+00', 1)",
                    "insert into knex_migrations (name, batch, migration_time) values ('k.js', 1, TIMESTAMPTZ '2024-05-01 00:00:00+00')");
            StatusReport status = flyway.status();
            HistoryScan scan = new OtherToolsHistory(Dialect.POSTGRESQL).scan(c);
            assertEquals(List.of(HistoryTool.FLYWAY, HistoryTool.PRISMA, HistoryTool.KNEX),
                    scan.tools().stream().sorted().toList(), "the scan also finds Flyway's own table");

            Timeline timeline = Timeline.merge(status.historyEntries(), scan.without(HistoryTool.FLYWAY).entries());

            assertEquals(List.of("20240401000000_a", "k.js", "20240601000000_b", "users", "orders"),
                    timeline.entries().stream().map(HistoryEntry::name).toList());
            assertEquals(EntryStatus.PENDING, timeline.entries().get(4).status());
        }
    }
}
