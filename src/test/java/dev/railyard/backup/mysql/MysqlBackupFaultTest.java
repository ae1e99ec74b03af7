package dev.railyard.backup.mysql;

import static dev.railyard.backup.mysql.MysqlTestDatabases.checksums;
import static dev.railyard.backup.mysql.MysqlTestDatabases.databaseExists;
import static dev.railyard.backup.mysql.MysqlTestDatabases.endpoint;
import static dev.railyard.backup.mysql.MysqlTestDatabases.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.ManifestIO;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.CancelSignal;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump connection killed, a cancel, truncated and corrupted files: clear failures, nothing left half-done. */
class MysqlBackupFaultTest {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static String big;

    @TempDir
    Path dir;

    @BeforeAll
    static void bigDatabase() throws Exception {
        big = MysqlTestDatabases.server().createDatabase("faults");
        execute(big,
                "CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(200) NOT NULL) ENGINE=InnoDB",
                "INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 150) FROM seq_1_to_300000",
                "CREATE TABLE small (id INT PRIMARY KEY, note VARCHAR(20)) ENGINE=InnoDB",
                "INSERT INTO small VALUES (1, 'a'), (2, 'b;c'), (3, NULL)",
                "CREATE TABLE medium (id INT PRIMARY KEY, payload VARCHAR(100) NOT NULL) ENGINE=InnoDB",
                "INSERT INTO medium SELECT seq, MD5(seq) FROM seq_1_to_30000");
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    /** A context that stops the job inside the row loop of table {@code big} until the test lets it go on. */
    private static final class PausingContext implements JobContext {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final CancelSignal cancelled = new CancelSignal();
        volatile long endedAt;

        @Override
        public void progress(long done, long total, ProgressUnit unit) { }

        @Override
        public void message(String step) {
            if (step.startsWith("Dumping big:") && paused.getCount() > 0) {
                paused.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void log(String line) { }

        @Override
        public boolean isCancelled() {
            return cancelled.isCancelled();
        }

        @Override
        public Registration onCancel(Runnable action) {
            return cancelled.onCancel(action);
        }
    }

    private static void assertNoFiles(Path out) {
        assertFalse(Files.exists(out), "no backup file");
        assertFalse(Files.exists(BackupFileWriter.partialPathFor(out)), "no partial file");
        assertFalse(Files.exists(ManifestIO.manifestPathFor(out)), "no manifest");
    }

    @Test
    void aKilledDumpConnectionFailsClearlyAndLeavesNoFile() throws Exception {
        Path out = dir.resolve("killed.sql.zst");
        PausingContext context = new PausingContext();
        Future<BackupResult> job = POOL.submit(() -> new BuiltinMysqlDump(endpoint(big),
                BackupOptions.defaults().withCompression(Compression.ZSTD), out).run(context));
        assertTrue(context.paused.await(60, TimeUnit.SECONDS), "the dump reached the rows of table big");
        try (Connection admin = MysqlTestDatabases.server().connect(""); Statement s = admin.createStatement()) {
            long id;
            try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT %FROM `big`%' AND ID <> CONNECTION_ID()")) {
                assertTrue(rs.next(), "the dump's query is running");
                id = rs.getLong(1);
            }
            s.execute("KILL " + id);
        }
        context.resume.countDown();
        Exception e = assertThrows(Exception.class, () -> {
            try {
                job.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException ee) {
                throw (Exception) ee.getCause();
            }
        });
        assertTrue(e instanceof BackupException, "a BackupException, not " + e);
        assertTrue(e.getMessage().contains("Reading table big"), e.getMessage());
        assertTrue(e.getMessage().contains("KILL") || e.getMessage().contains("connection"), e.getMessage());
        assertTrue(e.getMessage().contains("No backup file was written"), e.getMessage());
        assertNoFiles(out);
    }

    @Test
    void aCancelDuringTheRowsEndsWithinASecondAndLeavesNoFile() throws Exception {
        Path out = dir.resolve("cancelled.sql.gz");
        PausingContext context = new PausingContext();
        Future<BackupResult> job = POOL.submit(() -> {
            try {
                return new BuiltinMysqlDump(endpoint(big), BackupOptions.defaults().withCompression(Compression.GZIP), out)
                        .run(context);
            } finally {
                context.endedAt = System.nanoTime();
            }
        });
        assertTrue(context.paused.await(60, TimeUnit.SECONDS), "the dump reached the rows of table big");
        long cancelledAt = System.nanoTime();
        context.cancelled.cancel();
        context.resume.countDown();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> job.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof JobCancelledException, "cancelled, not " + e.getCause());
        long millis = TimeUnit.NANOSECONDS.toMillis(context.endedAt - cancelledAt);
        assertTrue(millis < 1000, "ended " + millis + " ms after the cancel");
        assertNoFiles(out);
    }

    @Test
    void aCancelledRestoreEndsWithinASecondAndDropsTheNewDatabase() throws Exception {
        BackupResult backup = new BuiltinMysqlDump(endpoint(big), BackupOptions.defaults().withCompression(Compression.ZSTD)
                .withTables(java.util.List.of("big")), dir.resolve("big.sql.zst")).run(JobContext.silent());
        String target = "cancelled_restore_" + System.nanoTime();
        CancelSignal cancelled = new CancelSignal();
        long[] cancelledAt = new long[1];
        JobContext context = new JobContext() {
            @Override public void progress(long done, long total, ProgressUnit unit) { }
            @Override public void message(String step) {
                if (step.startsWith("Loading `big`") && !cancelled.isCancelled()) {
                    cancelledAt[0] = System.nanoTime();
                    cancelled.cancel();
                }
            }
            @Override public void log(String line) { }
            @Override public boolean isCancelled() {
                return cancelled.isCancelled();
            }
            @Override public Registration onCancel(Runnable action) {
                return cancelled.onCancel(action);
            }
        };
        assertThrows(JobCancelledException.class, () -> restore(backup.file(), target).run(context));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt[0]);
        assertTrue(millis < 1000, "ended " + millis + " ms after the cancel");
        assertFalse(databaseExists(target), "the half-restored database was dropped");
    }

    private BackupResult smallBackup(String name, Compression compression) throws Exception {
        Path out = dir.resolve(name);
        return new BuiltinMysqlDump(endpoint(big), BackupOptions.defaults().withCompression(compression)
                .withTables(java.util.List.of("small", "medium")), out).run(JobContext.silent());
    }

    private static MysqlRestore restore(Path file, String database) {
        return new MysqlRestore(file, endpoint(""), MysqlRestoreOptions.defaults().intoNewDatabase(database),
                MysqlTools.fromPath());
    }

    @Test
    void aTruncatedFileWithItsManifestIsRefusedBeforeAnythingRuns() throws Exception {
        BackupResult result = smallBackup("truncated.sql", Compression.NONE);
        byte[] bytes = Files.readAllBytes(result.file());
        Files.write(result.file(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String target = "refused_" + System.nanoTime();
        BackupException e = assertThrows(BackupException.class, () -> restore(result.file(), target).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertFalse(databaseExists(target), "nothing was created");
    }

    @Test
    void aFileCutAtAStatementBoundaryIsNotMistakenForAWholeDump() throws Exception {
        BackupResult result = smallBackup("cut.sql", Compression.NONE);
        Files.delete(result.manifestFile());
        String text = Files.readString(result.file());
        int cut = text.indexOf(";\n", text.indexOf("INSERT INTO `small`")) + 2; // right after the complete INSERT
        Files.writeString(result.file(), text.substring(0, cut));
        String target = "cut_" + System.nanoTime();
        BackupException e = assertThrows(BackupException.class, () -> restore(result.file(), target).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("dropped"), e.getMessage());
        assertFalse(databaseExists(target), "the half-restored database was dropped");
    }

    @Test
    void aTruncatedCompressedFileWithoutManifestDropsTheNewDatabase() throws Exception {
        BackupResult result = smallBackup("trunc.sql.zst", Compression.ZSTD);
        Files.delete(result.manifestFile());
        byte[] bytes = Files.readAllBytes(result.file());
        Files.write(result.file(), java.util.Arrays.copyOf(bytes, bytes.length - 20));
        String target = "trunc_" + System.nanoTime();
        BackupException e = assertThrows(BackupException.class, () -> restore(result.file(), target).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("dropped"), e.getMessage());
        assertFalse(databaseExists(target));
    }

    @Test
    void aCorruptedGzipFileWithoutManifestDropsTheNewDatabase() throws Exception {
        BackupResult result = smallBackup("corrupt.sql.gz", Compression.GZIP);
        Files.delete(result.manifestFile());
        byte[] bytes = Files.readAllBytes(result.file());
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
            bytes[i] ^= (byte) 0x5A;
        }
        Files.write(result.file(), bytes);
        String target = "corrupt_" + System.nanoTime();
        assertThrows(BackupException.class, () -> restore(result.file(), target).run(JobContext.silent()));
        assertFalse(databaseExists(target));
    }

    @Test
    void intoAnExistingDatabaseADamagedFileIsRefusedBeforeItTouchesAnything() throws Exception {
        BackupResult result = smallBackup("existing.sql.zst", Compression.ZSTD);
        Files.delete(result.manifestFile());
        byte[] bytes = Files.readAllBytes(result.file());
        Files.write(result.file(), java.util.Arrays.copyOf(bytes, bytes.length - 20));
        String existing = MysqlTestDatabases.server().createDatabase("existing");
        execute(existing, "CREATE TABLE small (id INT PRIMARY KEY, note VARCHAR(20))", "INSERT INTO small VALUES (42, 'kept')");
        Map<String, Long> before = checksums(existing);
        BackupException e = assertThrows(BackupException.class, () -> new MysqlRestore(result.file(), endpoint(existing),
                MysqlRestoreOptions.defaults().intoExistingDatabase(existing), MysqlTools.fromPath()).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertEquals(before, checksums(existing));
    }

    @Test
    void restoringIntoADatabaseThatExistsAsNewIsRefused() throws Exception {
        BackupResult result = smallBackup("exists.sql", Compression.NONE);
        String existing = MysqlTestDatabases.server().createDatabase("taken");
        BackupException e = assertThrows(BackupException.class, () -> restore(result.file(), existing).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertTrue(databaseExists(existing), "the existing database is left alone");
    }

    @Test
    void aStatementTheServerRefusesStopsTheRestoreAndDropsTheNewDatabase() throws Exception {
        BackupResult result = smallBackup("bad.sql", Compression.NONE);
        Files.delete(result.manifestFile());
        String text = Files.readString(result.file());
        Files.writeString(result.file(), text.replace("INSERT INTO `small`", "INSERT INTO `no_such_table`"));
        String target = "bad_" + System.nanoTime();
        BackupException e = assertThrows(BackupException.class, () -> restore(result.file(), target).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
        assertTrue(e.getMessage().contains("line "), e.getMessage());
        assertFalse(databaseExists(target));
    }
}
