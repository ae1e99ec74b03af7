package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.mysql.MysqlBackupService;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.backup.postgres.NativePgTools;
import dev.railyard.backup.postgres.PgBackupService;
import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Any number of backups at once, of one profile or several, from threads or processes: each its own file, each whole. */
@Timeout(300)
class ConcurrentBackupsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @TempDir
    Path dir;

    private static String database(String name) throws Exception {
        String db = PG.createDatabase(name);
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders SELECT g, repeat('x', 200) || g FROM generate_series(1, 20000) g");
        }
        return db;
    }

    private static ConnectionProfile profile(String name, String db) {
        return new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", PG.port(), db, "postgres", SslMode.DISABLE, null,
                null, null, null, null, SecretMode.ASK, null, 0);
    }

    @Test
    void eightBackupsFromThreadsInTheSameSecondEachGetTheirOwnCompleteFile() throws Exception {
        String db = database("concurrent_threads");
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        ProfileStore profiles = new ProfileStore(home.profiles());
        ConnectionProfile one = profile("one", db);
        ConnectionProfile other = profile("a;b", db);
        ConnectionProfile clash = profile("a'b", db);
        profiles.save(one);
        profiles.save(other);
        profiles.save(clash);
        // One instant for all: every backup of a profile asks for the very same name.
        BackupCatalog catalog = new BackupCatalog(home, profiles, Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC));
        BackupService service = new BackupService(catalog, new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin"))),
                new MysqlBackupService(MysqlTools.fromPath()));
        List<ConnectionProfile> targets = List.of(one, one, one, one, one, one, other, clash);
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BackupResult>> results = new ArrayList<>();
        try {
            for (ConnectionProfile target : targets) {
                BackupService.CreateRequest request = new BackupService.CreateRequest(
                        BackupOptions.defaults().withCompression(Compression.ZSTD).withJobs(1), EngineChoice.BUILTIN, false, null);
                results.add(pool.submit(() -> {
                    start.await();
                    return service.create(target, null, request).run(JobContext.silent());
                }));
            }
            start.countDown();
            Set<Path> files = new HashSet<>();
            for (Future<BackupResult> result : results) {
                files.add(result.get(240, TimeUnit.SECONDS).file());
            }
            assertEquals(targets.size(), files.size(), "every backup has a file of its own: " + files);
        } finally {
            pool.shutdownNow();
        }
        List<CatalogEntry> entries = new ArrayList<>(catalog.list(one));
        assertEquals(6, entries.size());
        entries.addAll(catalog.list(other));
        entries.addAll(catalog.list(clash));
        Set<String> ids = new HashSet<>();
        for (CatalogEntry entry : entries) {
            ids.add(entry.id());
            BackupState.Verification verification = catalog.verifyQuick(entry, JobContext.silent());
            assertTrue(verification.passed(), entry.id() + ": " + verification.detail());
        }
        assertEquals(8, ids.size(), "ids are distinct across profiles too: " + ids);
        assertEquals(8, catalog.list(one).size() + catalog.list(other).size() + catalog.list(clash).size());
        assertTrue(catalog.find(catalog.list(other).get(0).id()).orElseThrow().file().startsWith(catalog.folderFor(other)));
        assertTrue(catalog.find(catalog.list(clash).get(0).id()).orElseThrow().file().startsWith(catalog.folderFor(clash)));
    }

    @Test
    void fourBackupsFromSeparateProcessesEachGetTheirOwnCompleteFile() throws Exception {
        String db = database("concurrent_processes");
        Path home = dir.resolve("home");
        RailyardHome railyardHome = new RailyardHome(home);
        ProfileStore profiles = new ProfileStore(railyardHome.profiles());
        ConnectionProfile shop = profile("shop", db);
        profiles.save(shop);
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path log = dir.resolve("process-" + i + ".log");
            logs.add(log);
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.railyard.Main", "backup", "create", "--profile", "shop",
                    "--engine", "builtin", "--jobs", "1")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("RAILYARD_HOME", home.toString());
            builder.environment().put("PATH", dir.resolve("no-bin").toString() + File.pathSeparator + "/usr/bin:/bin");
            processes.add(builder.start());
        }
        for (int i = 0; i < processes.size(); i++) {
            assertTrue(processes.get(i).waitFor(240, TimeUnit.SECONDS), "backup process " + i + " did not end");
            assertEquals(0, processes.get(i).exitValue(), Files.readString(logs.get(i), StandardCharsets.UTF_8));
        }
        BackupCatalog catalog = new BackupCatalog(railyardHome, profiles);
        List<CatalogEntry> entries = catalog.list(shop);
        assertEquals(4, entries.size(), entries.toString());
        for (CatalogEntry entry : entries) {
            BackupState.Verification verification = catalog.verifyQuick(entry, JobContext.silent());
            assertTrue(verification.passed(), entry.id() + ": " + verification.detail());
        }
        try (var left = Files.list(catalog.folderFor(shop))) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".partial")), "no partial file is left");
        }
    }
}
