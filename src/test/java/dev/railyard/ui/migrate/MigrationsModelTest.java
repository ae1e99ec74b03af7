package dev.railyard.ui.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.MigrationStatus;
import dev.railyard.migrate.Tone;
import dev.railyard.migrate.history.EntryStatus;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.migrate.history.HistoryTool;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.task.JobState;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.UiQueue;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.ShellModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Migrations tab's model without the FX toolkit, against an embedded PostgreSQL 17 and a temp folder of scripts. */
@Timeout(120)
class MigrationsModelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String V1 = "create table customers (id bigint primary key, name text);\n";
    static final String V2 = "create table orders (id bigint primary key, customer_id bigint references customers);\n";

    @TempDir
    Path temp;

    private final UiQueue ui = new UiQueue();
    private UiRig rig;
    private ShellModel shell;
    private ActiveConnection active;
    private MigrationsModel model;
    private Path scripts;
    private String database;

    @BeforeEach
    void start() throws IOException {
        rig = new UiRig(ui, Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, ui, Runnable::run);
        active = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, ui);
        model = new MigrationsModel(active, rig.profiles, Runnable::run);
        model.showingProperty().set(true);
        scripts = Files.createDirectories(temp.resolve("db"));
        database = EmbeddedPostgres.shared().createDatabase("migrations_ui");
    }

    @AfterEach
    void stop() {
        model.dispose();
        active.dispose();
        shell.dispose();
        rig.close();
    }

    static ConnectionProfile profile(String name, String database, EnvironmentTag env, List<String> locations) {
        return new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", EmbeddedPostgres.shared().port(), database,
                "postgres", SslMode.DISABLE, null, env, null, null,
                new MigrationSettings(locations, List.of(), null, Map.of(), null), SecretMode.VAULT, null, 0);
    }

    private ConnectionProfile select(EnvironmentTag env, List<String> locations) throws InterruptedException {
        rig.profiles.save(profile("shop", database, env, locations));
        ui.drain();
        shell.select(shell.profileFor("shop").orElseThrow());
        awaitStatus();
        return model.profileProperty().get();
    }

    private void twoScripts() throws IOException {
        Files.writeString(scripts.resolve("V1__create_customers.sql"), V1);
        Files.writeString(scripts.resolve("V2__create_orders.sql"), V2);
    }

    private void awaitStatus() throws InterruptedException {
        ui.runUntil(() -> model.loadedProperty().get() && !model.loadingProperty().get() || model.loadProblemProperty().get() != null, WAIT);
        assertNull(model.loadProblemProperty().get(), () -> String.valueOf(model.loadProblemProperty().get()));
    }

    /** Waits for the action's outcome and the status read that follows it. */
    private ActionResult awaitResult(RunningJob job) throws InterruptedException {
        ui.runUntil(() -> model.resultProperty().get() != null && !model.loadingProperty().get(), WAIT);
        assertTrue(job.spec().writes(), "actions are writing jobs, shown in the task panel");
        return model.resultProperty().get();
    }

    private MigrationRow row(String version) {
        return model.rows().stream().filter(r -> version.equals(r.version())).findFirst().orElseThrow();
    }

    private List<MigrationStatus> states() {
        return model.rows().stream().map(MigrationRow::status).toList();
    }

    @Test
    void pendingScriptsAreListedAndSelectingOneShowsItsSql() throws Exception {
        twoScripts();
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));

        assertEquals("0 applied, 2 pending", model.summaryProperty().get());
        assertEquals("No migration applied yet", model.currentVersionProperty().get());
        assertEquals(List.of(MigrationStatus.PENDING, MigrationStatus.PENDING), states());
        assertEquals(2, model.pendingCount());

        model.selectedRowProperty().set(row("2"));
        assertEquals(V2, model.scriptTextProperty().get());
        assertTrue(model.detailTitleProperty().get().startsWith("V2 · create orders — Pending"), model.detailTitleProperty().get());
        assertTrue(model.detailTextProperty().get().startsWith("Not applied yet"), model.detailTextProperty().get());
    }

    @Test
    void migrateAppliesThePendingScriptsAsAWritingJobAndTheSummaryFollows() throws Exception {
        twoScripts();
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
        model.selectedRowProperty().set(row("2"));

        RunningJob job = model.migrate(null);
        assertTrue(model.busyProperty().get(), "the buttons wait while it runs");
        ActionResult result = awaitResult(job);

        assertEquals(Tone.OK, result.tone(), result.toString());
        assertEquals("Migrated shop", result.title());
        assertEquals("Applied 2 migrations: empty -> 2", result.summary());
        assertEquals(2, result.items().size());
        assertEquals(JobState.SUCCEEDED, job.state());
        assertEquals(ProgressUnit.MIGRATIONS, job.progress().unit());
        assertEquals(2, job.progress().done());
        assertFalse(model.busyProperty().get());

        assertEquals("2 applied", model.summaryProperty().get());
        assertEquals("Schema version 2", model.currentVersionProperty().get());
        assertEquals(List.of(MigrationStatus.SUCCESS, MigrationStatus.SUCCESS), states());
        assertEquals("2", model.selectedRowProperty().get().version(), "the selection survives the refresh");
        assertEquals("", model.scriptTextProperty().get(), "an applied script's SQL is not offered as pending");
        assertTrue(model.detailTextProperty().get().startsWith("Ran "), model.detailTextProperty().get());
        assertTrue(Files.readString(rig.home.jobHistory()).contains("Migrate shop"), "the task history keeps it");
    }

    @Test
    void aFailingScriptShowsItsFailureInWordsNotAStackTrace() throws Exception {
        twoScripts();
        Files.writeString(scripts.resolve("V3__add_lines.sql"), """
                create table order_lines (id bigint primary key);
                insert into order_items select * from order_lines;
                """);
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));

        RunningJob job = model.migrate(null);
        ActionResult result = awaitResult(job);

        assertEquals(JobState.FAILED, job.state(), "the task panel shows it failed");
        assertTrue(result.failed());
        assertEquals("Migration V3 (add lines) failed", result.title());
        assertEquals("ERROR: relation \"order_items\" does not exist  [SQLSTATE 42P01] — at line 2 of "
                + scripts.resolve("V3__add_lines.sql"), result.summary());
        assertEquals(List.of("Applied before it, and still applied: V1 create customers, V2 create orders"), result.items());
        String details = result.details();
        assertTrue(details.startsWith("Failing statement:\n  insert into order_items select * from order_lines"), details);
        assertTrue(details.contains("PostgreSQL rolled V3 back"), details);
        assertFalse(details.contains("Exception") || details.contains("\tat "), "no stack trace: " + details);

        assertEquals(List.of(MigrationStatus.SUCCESS, MigrationStatus.SUCCESS, MigrationStatus.PENDING), states());
        assertEquals("2 applied, 1 pending", model.summaryProperty().get());
        assertEquals("3", model.selectedRowProperty().get().version(), "the failed one is selected, its SQL beside");
        assertTrue(model.scriptTextProperty().get().contains("insert into order_items"));
    }

    @Test
    void validateAfterAFileWasEditedListsTheChangeWithBothChecksums() throws Exception {
        twoScripts();
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
        awaitResult(model.migrate(null));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), V1.replace("name text", "name text, email text"));

        model.refresh();
        awaitStatus();
        assertEquals(MigrationStatus.CHANGED, row("1").status());
        assertEquals("2 applied, checksum changed in V1", model.summaryProperty().get());
        model.selectedRowProperty().set(row("1"));
        String detail = model.detailTextProperty().get();
        assertTrue(detail.contains(scripts.resolve("V1__create_customers.sql") + " now has checksum "), detail);
        assertTrue(detail.contains("the history table has " + row("1").appliedChecksum()), detail);
        assertTrue(model.scriptTextProperty().get().contains("email text"), "the file as it reads now");

        ActionResult result = awaitResult(model.validate());
        assertEquals("Validation found 1 problem", result.title());
        assertEquals(1, result.items().size());
        String problem = result.items().get(0);
        assertTrue(problem.startsWith("V1 (create customers): checksum changed"), problem);
        assertTrue(problem.contains("history table " + row("1").appliedChecksum()), problem);
    }

    @Test
    void productionNeedsTheDatabaseNameTypedBeforeAnythingRuns() throws Exception {
        twoScripts();
        select(EnvironmentTag.PRODUCTION, List.of(scripts.toString()));
        assertTrue(model.needsTypedName());
        assertEquals(database, model.confirmationWord());

        assertThrows(IllegalStateException.class, () -> model.migrate("shop"));
        assertThrows(IllegalStateException.class, () -> model.repair(null));
        assertThrows(IllegalStateException.class, () -> model.baseline("1", "Baseline", "railway"));
        assertTrue(rig.runner.activeJobs().isEmpty(), "nothing was submitted");
        assertFalse(model.busyProperty().get());

        ActionResult result = awaitResult(model.migrate(database));
        assertEquals(Tone.OK, result.tone());
        assertEquals("2 applied", model.summaryProperty().get());
    }

    @Test
    void withoutLocationsTheTabSaysSoAndSavedFoldersAreUsedAtOnce() throws Exception {
        twoScripts();
        select(EnvironmentTag.DEVELOPMENT, List.of());
        assertFalse(model.hasLocationsProperty().get());
        assertTrue(model.warnings().stream().anyMatch(w -> w.startsWith("No migration folder is set")), model.warnings().toString());
        assertThrows(IllegalStateException.class, () -> model.migrate(null));

        AtomicReference<String> problem = new AtomicReference<>();
        model.saveLocations(List.of(" " + scripts + " ", ""), problem::set);
        ui.drain();
        assertNull(problem.get());
        assertEquals(List.of(scripts.toString()), rig.profiles.require("shop").migrations().locations());
        assertEquals(List.of(scripts.toString()), model.locations());
        assertTrue(model.hasLocationsProperty().get());
        ui.runUntil(() -> model.rows().size() == 2 && !model.loadingProperty().get(), WAIT);
        assertEquals("0 applied, 2 pending", model.summaryProperty().get());
        assertTrue(model.warnings().isEmpty(), model.warnings().toString());
    }

    @Test
    void otherToolsHistoryJoinsFlywaysInOneTimelineNewestFirst() throws Exception {
        twoScripts();
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
        awaitResult(model.migrate(null));
        // Created after Flyway's first run: Flyway does not start on a schema with tables but no history of its own.
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE _prisma_migrations (
                        id                      VARCHAR(36) PRIMARY KEY NOT NULL,
                        checksum                VARCHAR(64) NOT NULL,
                        finished_at             TIMESTAMPTZ,
                        migration_name          VARCHAR(255) NOT NULL,
                        logs                    TEXT,
                        rolled_back_at          TIMESTAMPTZ,
                        started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
                        applied_steps_count     INTEGER NOT NULL DEFAULT 0
                    )""");
            s.execute("insert into _prisma_migrations values ('a', 'c1', '2024-01-01 10:00:05+00', '20240101_init', null, null,"
                    + " '2024-01-01 10:00:00+00', 1)");
            s.execute("insert into _prisma_migrations values ('b', 'c2', null, '20240202_add_index', 'index already exists', null,"
                    + " '2024-02-02 10:00:00+00', 0)");
        }
        model.refresh();
        awaitStatus();

        List<HistoryEntry> timeline = model.timeline();
        assertEquals(List.of(HistoryTool.FLYWAY, HistoryTool.FLYWAY, HistoryTool.PRISMA, HistoryTool.PRISMA),
                timeline.stream().map(HistoryEntry::tool).toList());
        assertEquals("create orders", timeline.get(0).name(), "newest first");
        HistoryEntry failed = timeline.get(2);
        assertEquals("20240202_add_index", failed.name());
        assertEquals(EntryStatus.FAILED, failed.status());
        assertEquals(EntryStatus.SUCCEEDED, timeline.get(3).status());
        assertTrue(model.otherToolNotes().stream().anyMatch(n -> n.startsWith("Prisma (")), model.otherToolNotes().toString());
    }

    @Test
    void aProfileWithADirectAddressMigratesThroughItAndLeavesTheSharedPoolAlone() throws Exception {
        twoScripts();
        try (LatencyProxy direct = new LatencyProxy(EmbeddedPostgres.shared().port(), Duration.ZERO)) {
            ConnectionProfile pooled = profile("shop", database, EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
            rig.profiles.save(new ConnectionProfile(pooled.name(), pooled.dialect(), pooled.host(), pooled.port(), pooled.database(),
                    pooled.user(), pooled.sslMode(), null, pooled.environment(), null, null, pooled.migrations(), pooled.secretMode(),
                    "127.0.0.1", direct.port()));
            ui.drain();
            shell.select(shell.profileFor("shop").orElseThrow());
            awaitStatus();
            javax.sql.DataSource shared = rig.databases.dataSource(model.profileProperty().get());
            assertTrue(direct.connections() > 0, "Flyway read its status through the direct address");

            awaitResult(model.migrate(null));
            assertEquals("2 applied", model.summaryProperty().get());
            assertTrue(shared == rig.databases.dataSource(model.profileProperty().get()), "the views' pool was not reopened");
            try (Connection c = shared.getConnection(); Statement s = c.createStatement()) {
                assertTrue(s.execute("select 1 from orders limit 1"), "the shared pool still works and sees the migration");
            }
        }
    }

    @Test
    void repairRemovesTheRowAFailedMigrationLeftAndItIsPendingAgain() throws Exception {
        twoScripts();
        // Outside a transaction (CONCURRENTLY), so Flyway records the failure in its table.
        Files.writeString(scripts.resolve("V3__index_orders.sql"), "create index concurrently orders_x on order_lines (id);\n");
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
        awaitResult(model.migrate(null));
        assertEquals(MigrationStatus.FAILED, row("3").status());
        assertEquals("Schema version 2; V3 failed", model.currentVersionProperty().get());
        assertTrue(model.detailTextProperty().get().contains("run Repair to remove the row"), model.detailTextProperty().get());

        model.dismissResult();
        ActionResult result = awaitResult(model.repair(null));
        assertEquals("Repaired Flyway's history table", result.title());
        assertEquals(List.of("Removed the failed row of V3 (index orders)"), result.items());
        assertEquals(MigrationStatus.PENDING, row("3").status());
        assertEquals("2 applied, 1 pending", model.summaryProperty().get());
    }

    @Test
    void baselineStartsFlywaysHistoryOnASchemaMadeWithoutIt() throws Exception {
        twoScripts();
        Files.writeString(scripts.resolve("V3__add_note.sql"), "alter table orders add column note text;\n");
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement()) {
            s.execute(V1);
            s.execute(V2);
        }
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
        ActionResult refused = awaitResult(model.migrate(null));
        assertEquals("Migrate did not work", refused.title());
        assertTrue(refused.summary().contains("Baseline it at the version its tables match"), refused.summary());

        model.dismissResult();
        ActionResult result = awaitResult(model.baseline("v2", "Existing schema", null));
        assertEquals("Baselined at version 2", result.title());
        assertEquals(List.of(MigrationStatus.BELOW_BASELINE, MigrationStatus.BELOW_BASELINE, MigrationStatus.BASELINE,
                MigrationStatus.PENDING), states(), "V2's script is covered by the baseline, not a warning");
        assertEquals("1 applied, 1 pending", model.summaryProperty().get());
        model.dismissResult();
        awaitResult(model.migrate(null));
        assertEquals(MigrationStatus.SUCCESS, row("3").status());
    }

    /** A table with rows, so building an index on it without CONCURRENTLY is a finding. */
    private void customersWithRows() throws Exception {
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name text)");
            s.execute("insert into customers select g, 'c' || g from generate_series(1, 1000) g");
            s.execute("analyze customers");
        }
        Files.writeString(scripts.resolve("V1__index_names.sql"), "create index customers_name on customers (name);\n");
    }

    @Test
    void theStatusReadChecksPendingMigrationsAndThePreviewShowsSqlFindingsAndLockHolders() throws Exception {
        customersWithRows();
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));

        var check = model.checkOf(row("1")).orElseThrow(() -> new AssertionError("the pending row is checked"));
        assertEquals(dev.railyard.migrate.check.Verdict.RISKY, check.verdict());
        assertEquals("risky: Index built without CONCURRENTLY", MigrationPreview.shortReason(check));
        model.selectedRowProperty().set(row("1"));
        assertTrue(model.checkTextProperty().get().contains("Safer: CREATE INDEX CONCURRENTLY customers_name"),
                model.checkTextProperty().get());

        try (Connection holder = EmbeddedPostgres.shared().connect(database); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("select count(*) from customers");
            var rs = s.executeQuery("select pg_backend_pid()");
            rs.next();
            int pid = rs.getInt(1);

            AtomicReference<MigrationPreview> preview = new AtomicReference<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            model.preview((value, failure) -> {
                preview.set(value);
                failed.set(failure);
            });
            ui.runUntil(() -> preview.get() != null || failed.get() != null, WAIT);
            assertNull(failed.get());
            MigrationPreview p = preview.get();
            assertEquals(1, p.items().size());
            MigrationPreview.Item item = p.items().get(0);
            assertEquals("V1__index_names.sql", item.name());
            assertTrue(item.sql().contains("create index customers_name on customers (name)"), item.sql());
            var finding = MigrationPreview.findings(item.check()).get(0);
            assertEquals(dev.railyard.migrate.check.Rule.INDEX_WITHOUT_CONCURRENTLY, finding.rule());
            var statement = MigrationPreview.statementOf(item.check(), finding).orElseThrow();
            assertTrue(statement.facts().sizeInWords().contains("1,000 rows"), statement.facts().sizeInWords());
            assertTrue(statement.facts().holders().stream().anyMatch(h -> h.pid() == pid),
                    "the session reading the table now is named: " + statement.facts().holders());
            holder.rollback();
        }
        assertEquals(List.of(MigrationStatus.PENDING), states(), "the preview changes nothing");
    }

    @Test
    void aMigrationQueuedBehindALockFailsAtTheLockTimeoutAndNamesTheHolder() throws Exception {
        Files.writeString(scripts.resolve("V1__create_customers.sql"), V1);
        select(EnvironmentTag.DEVELOPMENT, List.of(scripts.toString()));
        awaitResult(model.migrate(null));
        Files.writeString(scripts.resolve("V2__add_note.sql"), "alter table customers add column note text;\n");
        model.refresh();
        awaitStatus();

        try (Connection holder = EmbeddedPostgres.shared().connect(database); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("lock table customers in access exclusive mode");
            var rs = s.executeQuery("select pg_backend_pid()");
            rs.next();
            int pid = rs.getInt(1);

            long started = System.nanoTime();
            RunningJob job = model.migrate(null, Duration.ofSeconds(1), null);
            ui.runUntil(() -> model.resultProperty().get() != null, WAIT);
            ActionResult result = model.resultProperty().get();
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(15)) < 0, "fails fast");
            assertEquals(JobState.FAILED, job.state());
            assertTrue(result.failed(), result.toString());
            assertFalse(result.items().isEmpty(), result.toString());
            assertTrue(result.items().get(0).startsWith("It waited for a lock held by pid " + pid), result.items().toString());
            assertFalse(result.details().contains("It waited for a lock held by:"), "listed once: " + result.details());
            holder.rollback();
        }
        ui.runUntil(() -> !model.loadingProperty().get(), WAIT);
        assertEquals(List.of(MigrationStatus.SUCCESS, MigrationStatus.PENDING), states(), "V2 not applied");
    }

    @Test
    void theTimeoutsInEffectAreTheCoresDefaultsPerProfile() throws Exception {
        Files.writeString(scripts.resolve("V1__create_customers.sql"), V1);
        select(EnvironmentTag.PRODUCTION, List.of(scripts.toString()));
        assertEquals(Duration.ofSeconds(5), model.defaultLockTimeout());
        assertEquals("Lock timeout 5s (production default) · no statement timeout", model.timeoutsInEffect());
    }
}
