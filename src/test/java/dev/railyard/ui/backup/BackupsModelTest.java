package dev.railyard.ui.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.backup.PrunePlan;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.UiQueue;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.ShellModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Backups tab's model without the FX toolkit, against the embedded PostgreSQL 17 and a temp RAILYARD_HOME. */
class BackupsModelTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final UiQueue ui = new UiQueue();
    private UiRig rig;
    private ShellModel shell;
    private ActiveConnection active;
    private BackupsModel model;
    private String database;

    @BeforeEach
    void start() throws SQLException {
        rig = new UiRig(ui, Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, ui, Runnable::run);
        active = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, ui);
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(rig.home, rig.profiles));
        model = new BackupsModel(active, rig.runner, service,
                new DeepVerifier(service, rig.folder.resolve("verify"), Clock.systemUTC()), rig.profiles, ui, Runnable::run);
        database = EmbeddedPostgres.shared().createDatabase("backupsui");
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name text)");
            s.execute("insert into customers select g, 'customer ' || g from generate_series(1, 250) g");
        }
    }

    @AfterEach
    void stop() {
        model.dispose();
        active.dispose();
        shell.dispose();
        rig.close();
    }

    static ConnectionProfile profile(String name, String database, MigrationSettings migrations) {
        return new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", EmbeddedPostgres.shared().port(), database,
                "postgres", SslMode.DISABLE, null, null, null, null, migrations, SecretMode.VAULT, null, 0);
    }

    private ConnectionProfile select(MigrationSettings migrations) {
        rig.profiles.save(profile("shop", database, migrations));
        ui.drain();
        ConnectionProfile saved = shell.profileFor("shop").orElseThrow();
        shell.select(saved);
        ui.drain();
        return saved;
    }

    private CatalogEntry backUp(String note) throws InterruptedException {
        AtomicReference<String> id = new AtomicReference<>();
        model.backUpNow(note, result -> id.set(BackupCatalog.idOf(result.file())));
        ui.runUntil(() -> id.get() != null || model.statusProperty().get().contains("failed"), WAIT);
        assertNotNull(id.get(), model.statusProperty().get());
        return model.backups().stream().filter(e -> e.id().equals(id.get())).findFirst().orElseThrow();
    }

    private static long count(String database, String table) throws SQLException {
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void backUpNowListsTheBackupWithItsNoteSizeAndMigrationHeadThenVerifyMarksIt() throws Exception {
        Path migrations = Files.createDirectories(rig.folder.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__first.sql"), "create table first_one (id int);\n");
        select(new MigrationSettings(List.of(migrations.toString()), List.of("app"), null, Map.of(), null));
        dev.railyard.migrate.FlywayMigrations.forProfile(model.profile(), EmbeddedPostgres.shared().dataSource(database))
                .migrate(null, dev.railyard.support.Guards.clear(dev.railyard.guard.GuardedAction.MIGRATE, model.profile()))
                .run(new NoContext());
        assertTrue(model.backups().isEmpty());

        CatalogEntry entry = backUp("before release 2.4");

        assertEquals(1, model.backups().size());
        assertEquals("before release 2.4", entry.manifest().note());
        assertTrue(entry.size() > 0);
        assertEquals("Flyway 1", entry.manifest().migrationHead());
        assertEquals("zstd", entry.manifest().compression());
        assertEquals("not verified", entry.verificationLabel());
        assertEquals(entry.id(), model.selectedProperty().get().id(), "the new backup is selected");

        model.verifyQuick(entry);
        ui.runUntil(() -> model.backups().get(0).verified(), WAIT);
        assertEquals("quick ok", model.backups().get(0).verificationLabel());
    }

    @Test
    void restoreIntoANewDatabaseRestoresTheRows() throws Exception {
        select(null);
        CatalogEntry entry = backUp("");

        RestoreChoice choice = model.defaultRestore(entry, Instant.now());
        assertTrue(choice.newDatabase(), "a new database by default");
        assertTrue(choice.databaseName().startsWith(database + "_restore_"), choice.databaseName());
        assertEquals("shop", choice.target().name());
        assertNull(choice.problem());
        assertTrue(choice.summary().contains("is not touched"), choice.summary());
        assertTrue(choice.summary().contains("on an error the new database is dropped again"), choice.summary());

        AtomicReference<BackupService.RestoreSummary> done = new AtomicReference<>();
        AtomicReference<String> failed = new AtomicReference<>();
        model.restore(choice, done::set, p -> failed.set(p.oneLine()));
        ui.runUntil(() -> done.get() != null || failed.get() != null, WAIT);

        assertNull(failed.get(), failed.get());
        assertTrue(done.get().createdDatabase());
        assertEquals(choice.databaseName(), done.get().database());
        assertEquals(250, count(choice.databaseName(), "customers"));
        assertTrue(done.get().work().matches(".* rows in \\d+ tables, .* statements; .*"), done.get().work());
    }

    @Test
    void restoringAFileThatRunsProgramsNamesThemAndRunsNothing() throws Exception {
        ConnectionProfile shop = select(null);
        Path made = rig.folder.resolve("made.sql");
        new dev.railyard.backup.postgres.BuiltinPgDump(new dev.railyard.backup.postgres.PgEndpoint("127.0.0.1",
                EmbeddedPostgres.shared().port(), database, "postgres", null, SslMode.DISABLE),
                dev.railyard.backup.BackupOptions.defaults(), made, null).run(new NoContext());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(made));
        Path marker = rig.folder.resolve("ran");
        lines.add(lines.size() - 2, "COPY (SELECT 1) TO PROGRAM 'cat > " + marker + "';");
        Path hostile = rig.folder.resolve("from-elsewhere.sql");
        Files.write(hostile, lines);
        CatalogEntry entry = new BackupCatalog(rig.home, rig.profiles).importFile(hostile, shop, null);
        RestoreChoice choice = new RestoreChoice(entry, shop, true, database + "_hostile", true, false, "");

        AtomicReference<BackupService.RestoreSummary> done = new AtomicReference<>();
        AtomicReference<String> failed = new AtomicReference<>();
        model.restore(choice, done::set, p -> failed.set(p.oneLine()));
        ui.runUntil(() -> done.get() != null || failed.get() != null, WAIT);

        assertNull(done.get());
        assertTrue(failed.get().contains("COPY (SELECT 1) TO PROGRAM"), failed.get());
        assertTrue(failed.get().contains("Nothing was restored"), failed.get());
        assertFalse(Files.exists(marker), "nothing ran");
    }

    @Test
    void aProductionTargetNeedsItsDatabaseNameTypedToRestoreOverIt() throws Exception {
        ConnectionProfile prod = new ConnectionProfile("prod", Dialect.POSTGRESQL, "127.0.0.1", 5999, "shop", "postgres",
                SslMode.DISABLE, null, dev.railyard.profile.EnvironmentTag.PRODUCTION, null, null, null, null, null, 0);
        select(null);
        CatalogEntry entry = backUp("");
        RestoreChoice over = new RestoreChoice(entry, prod, false, null, true, true, "");
        assertTrue(over.needsTypedName());
        assertNotNull(over.problem());
        assertTrue(over.summary().contains("PRODUCTION"), over.summary());
        assertNull(new RestoreChoice(entry, prod, false, null, true, true, "shop").problem());
        assertFalse(new RestoreChoice(entry, prod, true, "shop_copy", true, false, "").needsTypedName());
    }

    @Test
    void refreshAndPinTouchTheCatalogOnlyOnTheIoExecutor() throws Exception {
        select(null);
        CatalogEntry entry = backUp("one");
        // A second model over the same catalog whose file work waits in a queue until the test runs it.
        UiQueue io = new UiQueue();
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(rig.home, rig.profiles));
        BackupsModel second = new BackupsModel(active, rig.runner, service,
                new DeepVerifier(service, rig.folder.resolve("verify"), Clock.systemUTC()), rig.profiles, ui, io);
        try {
            ui.drain();
            assertTrue(second.backups().isEmpty(), "no manifest was read on the calling thread");
            io.drain();
            assertTrue(second.backups().isEmpty(), "the listing reaches the model through the UI executor only");
            ui.drain();
            assertEquals(List.of(entry.id()), second.backups().stream().map(CatalogEntry::id).toList());

            second.pin(second.backups().get(0), true);
            ui.drain();
            assertFalse(service.catalog().require(entry.id()).pinned(), "not written on the calling thread");
            io.drain();
            assertTrue(service.catalog().require(entry.id()).pinned());
            ui.drain();
            io.drain();
            ui.drain();
            assertTrue(second.backups().get(0).pinned(), "read again after the pin");
            assertTrue(second.statusProperty().get().contains("is pinned"), second.statusProperty().get());
        } finally {
            second.dispose();
        }
    }

    @Test
    void pruneShowsItsPlanThenDeletesOnlyWhatItSaidAndKeepsThePinned() throws Exception {
        select(null);
        CatalogEntry oldest = backUp("one");
        CatalogEntry middle = backUp("two");
        CatalogEntry newest = backUp("three");
        model.pin(oldest, true);
        model.saveRetention(1, 0);
        ui.drain();
        assertTrue(model.backups().stream().anyMatch(e -> e.id().equals(oldest.id()) && e.pinned()), "pinned");

        AtomicReference<PrunePlan> planned = new AtomicReference<>();
        model.planPrune(planned::set);
        ui.drain();
        PrunePlan plan = planned.get();
        assertEquals(List.of(middle.id()), plan.remove().stream().map(d -> d.entry().id()).toList());
        String words = model.describe(plan);
        assertTrue(words.contains("Will be deleted (1"), words);
        assertTrue(words.contains(oldest.id() + " — pinned"), words);
        assertTrue(words.contains(newest.id() + " — one of the last 1"), words);
        assertEquals(3, model.backups().size(), "planning deletes nothing");

        model.prune(plan);
        ui.drain();
        assertEquals(List.of(newest.id(), oldest.id()), model.backups().stream().map(CatalogEntry::id).toList());
        assertTrue(model.backups().get(1).pinned());
        assertFalse(Files.exists(middle.file()));
    }

    @Test
    void backUpThenMigrateWithAFailingMigrationKeepsTheBackupAndOffersItForRestore() throws Exception {
        select(null);
        assertFalse(model.canMigrate());
        assertTrue(model.migrateDisabledReason().contains("no migration folders"), model.migrateDisabledReason());

        Path migrations = Files.createDirectories(rig.folder.resolve("failing"));
        Files.writeString(migrations.resolve("V1__orders.sql"), "create table orders (id bigint primary key);\n");
        Files.writeString(migrations.resolve("V2__broken.sql"), "insert into order_lines select * from orders;\n");
        rig.profiles.save(profile("shop", database, new MigrationSettings(List.of(migrations.toString()), List.of("app"), null, Map.of(), null)));
        ui.drain();
        shell.select(shell.profileFor("shop").orElseThrow());
        ui.drain();
        assertTrue(model.canMigrate());

        AtomicReference<BackupsModel.MigrateFlowResult> result = new AtomicReference<>();
        dev.railyard.task.RunningJob job = model.backUpThenMigrate(result::set);
        ui.runUntil(() -> result.get() != null || model.statusProperty().get().contains("failed:"), WAIT);

        assertNotNull(result.get(), model.statusProperty().get());
        assertFalse(result.get().succeeded());
        CatalogEntry backup = result.get().restoreFrom();
        assertNotNull(backup, result.get().summary());
        assertEquals(backup, model.restoreOfferProperty().get().restoreFrom());
        assertEquals("before migrating: pending V1, V2", backup.manifest().note());
        assertEquals(List.of(backup.id()), model.backups().stream().map(CatalogEntry::id).toList(), "the backup stays");
        assertEquals("quick ok", model.backups().get(0).verificationLabel());
        assertTrue(result.get().summary().contains("V2"), result.get().summary());
        assertEquals(dev.railyard.task.JobState.FAILED, job.state(), "the task panel shows the flow as failed");
        assertEquals(backup.id(), model.defaultRestore(backup, Instant.now()).backup().id());
    }

    @Test
    void backUpThenMigrateRunsTheProfilesOwnMigrationCommandAfterTheBackupAndOffersTheBackupWhenItFails() throws Exception {
        Path project = Files.createDirectories(rig.folder.resolve("app"));
        Files.writeString(project.resolve("package.json"), "{}\n");
        Path toolFolder = Files.createDirectories(project.resolve("prisma").resolve("migrations"));
        // The migrator sees the database's address in its environment and runs in the project's folder.
        String command = "echo \"$PGDATABASE\" > ran.txt && psql -c 'create table from_migrator (id int)'";
        select(new MigrationSettings(List.of(), List.of(), null, Map.of(), toolFolder.toString(), command));
        assertTrue(model.canMigrate(), "a stored command is enough to migrate: " + model.migrateDisabledReason());

        AtomicReference<BackupsModel.MigrateFlowResult> result = new AtomicReference<>();
        model.backUpThenMigrate(result::set);
        ui.runUntil(() -> result.get() != null || model.statusProperty().get().contains("failed:"), WAIT);
        assertNotNull(result.get(), model.statusProperty().get());
        assertTrue(result.get().succeeded(), result.get().summary());
        assertEquals(database, Files.readString(project.resolve("ran.txt")).strip());
        assertNotNull(result.get().backup(), "the backup was taken first");
        assertEquals("before migrating: " + command, result.get().backup().manifest().note());
        try (java.sql.Connection c = EmbeddedPostgres.shared().connect(database);
             java.sql.ResultSet rs = c.createStatement().executeQuery("select to_regclass('from_migrator') is not null")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "the migrator ran against the profile's database");
        }

        select(new MigrationSettings(List.of(), List.of(), null, Map.of(), toolFolder.toString(), "exit 5"));
        AtomicReference<BackupsModel.MigrateFlowResult> failed = new AtomicReference<>();
        model.backUpThenMigrate(failed::set);
        ui.runUntil(() -> failed.get() != null || model.statusProperty().get().contains("failed:"), WAIT);
        assertNotNull(failed.get(), model.statusProperty().get());
        assertFalse(failed.get().succeeded());
        assertTrue(failed.get().summary().contains("exit code 5"), failed.get().summary());
        assertNotNull(failed.get().restoreFrom(), "the backup taken before the failed command is offered for restore");
    }

    @Test
    void aRailwayHostIsPricedBeforeItsBackupAndALocalOneIsNot() throws Exception {
        select(null);
        assertFalse(model.needsEstimate(), "a local server: one click, no question");
        AtomicReference<dev.railyard.backup.TransferEstimate> estimate = new AtomicReference<>();
        model.estimate(estimate::set, p -> { });
        ui.runUntil(() -> estimate.get() != null, WAIT);
        assertTrue(estimate.get().bytes() > 0);
        assertFalse(estimate.get().billed());

        rig.profiles.save(new ConnectionProfile("railway", Dialect.POSTGRESQL, "monorail.proxy.rlwy.net", 41234, "railway",
                "postgres", null, null, null, null, null, null, null, null, 0));
        ui.drain();
        shell.select(shell.profileFor("railway").orElseThrow());
        ui.drain();
        assertTrue(model.needsEstimate());
        assertTrue(model.backups().isEmpty(), "the list follows the selection");
    }

    @Test
    void backUpNowFromTheSidebarSelectsTheProfileAndRunsTheTabsBackup() throws Exception {
        rig.profiles.save(profile("shop", database, null));
        ui.drain();
        AtomicReference<ConnectionProfile> asked = new AtomicReference<>();
        shell.onBackUpNowProperty().set(asked::set);
        shell.backUpNow(shell.profileFor("shop").orElseThrow());
        assertEquals("shop", asked.get().name());
        assertEquals("shop", model.profile().name(), "selected first, so the tab shows its backups");
    }

    /** A job context for direct calls in set-up. */
    static final class NoContext implements dev.railyard.task.JobContext {
        @Override public void progress(long done, long total, dev.railyard.task.ProgressUnit unit) { }
        @Override public void message(String step) { }
        @Override public void log(String line) { }
        @Override public boolean isCancelled() { return false; }
        @Override public Registration onCancel(Runnable action) { return Registration.NONE; }
    }

    @Test
    void aMigrationOnTheDirectAddressCompletesWhileTheViewsReadEverySecond() throws Exception {
        Path migrations = Files.createDirectories(rig.folder.resolve("slow"));
        Files.writeString(migrations.resolve("V1__slow.sql"),
                "select pg_sleep(5);\ncreate table slow_done (id int);\n");
        // The pooled address is 127.0.0.1; the direct (unpooled) one, as with PgBouncer, is localhost.
        ConnectionProfile pooled = new ConnectionProfile("shop", Dialect.POSTGRESQL, "127.0.0.1",
                EmbeddedPostgres.shared().port(), database, "postgres", SslMode.DISABLE, null, null, null, null,
                new MigrationSettings(List.of(migrations.toString()), List.of("app"), null, Map.of(), null), SecretMode.VAULT,
                "localhost", EmbeddedPostgres.shared().port());
        rig.profiles.save(pooled);
        ui.drain();
        shell.select(shell.profileFor("shop").orElseThrow());
        ui.drain();

        AtomicReference<BackupsModel.MigrateFlowResult> result = new AtomicReference<>();
        model.backUpThenMigrate(null, null, result::set);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ScheduledExecutorService views = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "test-views-refresh"));
        try {
            views.scheduleAtFixedRate(() -> ui.execute(() -> active.submitRead("refresh", c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from customers")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }, n -> reads.incrementAndGet(), problem -> failures.add(problem.oneLine()))), 0, 1, java.util.concurrent.TimeUnit.SECONDS);
            ui.runUntil(() -> result.get() != null, WAIT);
        } finally {
            views.shutdownNow();
        }

        assertTrue(result.get().succeeded(), result.get().summary());
        assertEquals(0, count(database, "app.slow_done"), "the slow migration ran to its end");
        assertTrue(reads.get() >= 3, "the views kept reading during the migration: " + reads.get());
        assertTrue(failures.isEmpty(), "no view read failed: " + failures);
    }
}
