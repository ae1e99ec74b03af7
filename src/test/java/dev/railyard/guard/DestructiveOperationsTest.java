package dev.railyard.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.BackupService;
import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.inspect.Activity;
import dev.railyard.inspect.QuerySource;
import dev.railyard.inspect.SlowQueries;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SslMode;
import dev.railyard.release.ReleaseFlow;
import dev.railyard.release.ReleaseResult;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every destructive operation of the core, called as a face would call it: refused on a
 * production target until the guard has the database name, refused with a clearance for another
 * database or another action, and carried out with the right one.
 */
class DestructiveOperationsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @TempDir
    Path folder;

    private String db;
    private ConnectionProfile prod;
    private ConnectionProfile dev;
    private ProductionGuard guard;
    private Path migrations;

    @BeforeEach
    void setUp() throws Exception {
        db = PG.createDatabase("guard_ops");
        String other = PG.createDatabase("guard_ops_dev");
        migrations = Files.createDirectories(folder.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__orders.sql"), "CREATE TABLE orders (id int PRIMARY KEY);\n");
        MigrationSettings settings = new MigrationSettings(List.of(migrations.toString()), List.of(), null, Map.of(), null);
        prod = new ConnectionProfile("shop-prod", Dialect.POSTGRESQL, "127.0.0.1", PG.port(), db, "postgres",
                SslMode.DISABLE, null, EnvironmentTag.PRODUCTION, null, null, settings, null, null, 0);
        dev = ConnectionProfile.of("shop-dev", Dialect.POSTGRESQL, "127.0.0.1", PG.port(), other, "postgres")
                .withSslMode(SslMode.DISABLE).withMigrations(settings);
        guard = new ProductionGuard(() -> List.of(prod, dev));
    }

    private long count(String sql) throws Exception {
        try (Connection c = PG.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean migrated() throws Exception {
        return count("SELECT count(*) FROM pg_class WHERE relname = 'orders'") > 0;
    }

    private void refusedWithoutName(GuardedAction action) {
        assertThrows(ConfirmationRequiredException.class, () -> guard.clear(prod, action, null), action.name());
        assertThrows(ConfirmationRequiredException.class, () -> guard.clear(prod, action, ""), action.name());
        assertThrows(ConfirmationRequiredException.class, () -> guard.clear(prod, action, "shop-prod"), action.name());
    }

    @Test
    void flywayMigrateRepairAndBaseline() throws Exception {
        FlywayMigrations flyway = FlywayMigrations.forProfile(prod, PG.dataSource(db));
        Clearance forDev = guard.clear(dev, GuardedAction.MIGRATE, null);
        for (GuardedAction action : List.of(GuardedAction.MIGRATE, GuardedAction.REPAIR, GuardedAction.BASELINE)) {
            refusedWithoutName(action);
        }
        assertThrows(IllegalStateException.class, () -> flyway.migrate(null, forDev), "another database's clearance");
        assertThrows(IllegalStateException.class,
                () -> flyway.migrate(null, guard.clear(prod, GuardedAction.REPAIR, db)), "another action's clearance");
        assertThrows(NullPointerException.class, () -> flyway.migrate(null, null));
        assertThrows(IllegalStateException.class, () -> flyway.repair(guard.clear(dev, GuardedAction.REPAIR, null)));
        assertThrows(IllegalStateException.class, () -> flyway.baseline("1", "b", guard.clear(dev, GuardedAction.BASELINE, null)));
        assertFalse(migrated());

        flyway.migrate(null, guard.clear(prod, GuardedAction.MIGRATE, db)).run(JobContext.silent());
        assertTrue(migrated());
        flyway.repair(guard.clear(prod, GuardedAction.REPAIR, db)).run(JobContext.silent());
    }

    @Test
    void restoreOverTheExistingDatabase() throws Exception {
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keep_me (id int)");
            s.execute("INSERT INTO keep_me SELECT generate_series(1, 7)");
        }
        Path home = Files.createDirectories(folder.resolve("home"));
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(new RailyardHome(home),
                new ProfileStore(home.resolve("profiles.json"))));
        Path file = folder.resolve("one.sql");
        service.create(dev, null, new BackupService.CreateRequest(BackupOptions.defaults(),
                EngineChoice.BUILTIN, false, file)).run(JobContext.silent());

        refusedWithoutName(GuardedAction.RESTORE_OVER);
        assertThrows(IllegalStateException.class, () -> service.restore(file, prod, null,
                new BackupService.RestoreRequest(null, true, true, true, null)), "no clearance");
        assertThrows(IllegalStateException.class, () -> service.restore(file, prod, null,
                BackupService.RestoreRequest.overExisting(guard.clear(dev, GuardedAction.RESTORE_OVER, null), true, true)),
                "a development clearance for a production target");
        assertThrows(IllegalArgumentException.class, () -> new BackupService.RestoreRequest(" ", true, true, true, null),
                "a blank new database is not 'the existing one'");
        assertEquals(7, count("SELECT count(*) FROM keep_me"));

        service.restore(file, prod, null, BackupService.RestoreRequest.overExisting(
                guard.clear(prod, GuardedAction.RESTORE_OVER, db), true, false)).run(JobContext.silent());
        assertEquals(7, count("SELECT count(*) FROM keep_me"), "restored over, without clean: the table stays");
    }

    @Test
    void releaseBacksUpAndMigratesOnlyWithTheName() throws Exception {
        Path home = Files.createDirectories(folder.resolve("home"));
        ProfileStore store = new ProfileStore(home.resolve("profiles.json"));
        store.save(prod);
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(new RailyardHome(home), store));
        FlywayMigrations flyway = FlywayMigrations.forProfile(prod, PG.dataSource(db));
        refusedWithoutName(GuardedAction.RELEASE);
        assertThrows(IllegalStateException.class, () -> new ReleaseFlow(service).backUpThenMigrate(prod, null, flyway,
                null, "before release", guard.clear(dev, GuardedAction.RELEASE, null)));
        assertThrows(IllegalStateException.class, () -> new ReleaseFlow(service).backUpThenMigrate(prod, null, flyway,
                null, "before release", guard.clear(prod, GuardedAction.RESTORE_OVER, db)));
        assertFalse(migrated());

        ReleaseResult result = new ReleaseFlow(service).backUpThenMigrate(prod, null, flyway, null, "before release",
                guard.clear(prod, GuardedAction.RELEASE, db)).run(JobContext.silent());
        assertTrue(result.succeeded(), result.summary());
        assertTrue(migrated());
        assertTrue(result.summary().contains("then applied"), "one sentence, lower case after 'then': " + result.summary());
    }

    @Test
    void sessionsAndStatisticsOnlyWithTheirOwnClearance() throws Exception {
        refusedWithoutName(GuardedAction.CANCEL_SESSION);
        refusedWithoutName(GuardedAction.TERMINATE_SESSION);
        refusedWithoutName(GuardedAction.RESET_STATISTICS);
        try (Connection c = PG.connect(db)) {
            Activity activity = new Activity(Dialect.POSTGRESQL);
            Clearance cancel = guard.clear(prod, GuardedAction.CANCEL_SESSION, db);
            assertThrows(IllegalStateException.class, () -> activity.terminate(prod, c, 4_000_000, cancel),
                    "a cancel clearance does not terminate");
            assertFalse(activity.cancel(prod, c, 4_000_000, cancel), "no such session: nothing to cancel");
            assertFalse(activity.terminate(prod, c, 4_000_000, guard.clear(prod, GuardedAction.TERMINATE_SESSION, db)));
            assertThrows(IllegalStateException.class, () -> new SlowQueries(Dialect.POSTGRESQL)
                    .resetStatistics(prod, c, QuerySource.PG_STAT_STATEMENTS, cancel));
        }
    }
}
