package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.task.JobState;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.RunningJob;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup that is killed or cancelled fails clearly and leaves no file behind. */
class BackupFaultsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static String database;

    @BeforeAll
    static void bigTable() throws SQLException {
        database = PG.createDatabase("faults");
        try (Connection c = PG.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE small (id integer PRIMARY KEY, v text)");
            s.execute("INSERT INTO small SELECT i, 'v' || i FROM generate_series(1, 100) AS i");
            // Big enough (about 40 MB of COPY text) that the server is still sending rows when the test strikes.
            s.execute("CREATE TABLE big (id integer, payload text)");
            s.execute("INSERT INTO big SELECT i, md5(i::text) || repeat('x', 90) FROM generate_series(1, 300000) AS i");
        }
    }

    private static PgEndpoint endpoint() {
        return PgFidelityRoundTripTest.endpoint(PG, database);
    }

    private static BuiltinPgDump dump(Path out) {
        return new BuiltinPgDump(endpoint(), BackupOptions.defaults().withCompression(Compression.ZSTD), out, null);
    }

    private static void assertNothingLeft(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of(), files.toList(), "a failed or cancelled backup leaves no file");
        }
    }

    @Test
    void backendKilledWhileCopyingFailsClearlyAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("killed.sql.zst");
        AtomicBoolean killed = new AtomicBoolean();
        RecordingContext context = new RecordingContext() {
            @Override
            public void progress(long done, long total, ProgressUnit unit) {
                super.progress(done, total, unit);
                // Progress past the first megabyte: only big has that much (a worker may be copying small meanwhile).
                if (done > 0 && messages.stream().anyMatch(m -> m.contains("big")) && killed.compareAndSet(false, true)) {
                    terminateBackupBackend();
                }
            }
        };
        BackupException e = assertThrows(BackupException.class, () -> dump(out).run(context));
        assertTrue(killed.get(), "the backend was killed while big was copied");
        String message = e.getMessage();
        assertTrue(message.contains("ended the connection") || message.contains("connection to the server was lost"), message);
        assertTrue(message.contains("big"), "names the table being copied: " + message);
        assertNothingLeft(dir);
    }

    @Test
    void cancelDuringCopyLeavesNoFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cancelled.sql.zst");
        RecordingContext context = new RecordingContext() {
            @Override
            public void progress(long done, long total, ProgressUnit unit) {
                super.progress(done, total, unit);
                if (done > 0) {
                    cancelled.cancel();
                }
            }
        };
        assertThrows(JobCancelledException.class, () -> dump(out).run(context));
        assertNothingLeft(dir);
    }

    @Test
    void cancelWhileTheServerMakesTheBackupWaitEndsWithinASecond(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("waiting.sql.zst");
        try (Connection blocker = PG.connect(database); JobRunner runner = new JobRunner(2, 4, null, Clock.systemUTC())) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE big IN ACCESS EXCLUSIVE MODE");
            }
            RunningJob job = runner.submit(JobSpec.reading("backup", "faults"), dump(out));
            awaitBackupWaitingOnALock();
            long start = System.nanoTime();
            runner.cancel(job);
            ExecutionException failure = assertThrows(ExecutionException.class, () -> job.result().get(5, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(failure.getCause() instanceof JobCancelledException, String.valueOf(failure.getCause()));
            assertEquals(JobState.CANCELLED, job.state());
            assertTrue(millis < 1000, "cancel took " + millis + " ms");
            blocker.rollback();
        }
        assertFalse(Files.exists(BackupFileWriter.partialPathFor(out)));
        assertNothingLeft(dir);
    }

    @Test
    void aCancelledParallelBackupLeavesNoThreadOfItsOwnRunning(@TempDir Path dir) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Path out = dir.resolve("parallel.sql.zst");
        try (JobRunner runner = new JobRunner(2, 4, null, Clock.systemUTC())) {
            CountDownLatch copying = new CountDownLatch(1);
            runner.addListener(j -> {
                if (j.progress().unit() == ProgressUnit.BYTES && j.progress().done() > 0) {
                    copying.countDown();
                }
            });
            RunningJob<?> job = runner.submit(JobSpec.reading("backup", "faults"), new BuiltinPgDump(endpoint(),
                    BackupOptions.defaults().withCompression(Compression.ZSTD).withJobs(2), out, null));
            assertTrue(copying.await(60, TimeUnit.SECONDS), "the backup started copying");
            assertEquals(List.of(), newThreads(before, name -> name.contains("cancel")),
                    "no thread watches for the cancel while the backup runs");
            runner.cancel(job);
            ExecutionException failure = assertThrows(ExecutionException.class, () -> job.result().get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof JobCancelledException, String.valueOf(failure.getCause()));
            // The job's own threads (copy workers, cancel watchers) end before its result is delivered;
            // only the runners' pool threads may outlive it.
            List<String> left = newThreads(before, name -> (name.startsWith("railyard-") || name.contains("cancel"))
                    && !name.startsWith("railyard-job-") && !name.startsWith("railyard-cancel-"));
            assertEquals(List.of(), left, "threads the backup started and left running");
        }
        assertNothingLeft(dir);
    }

    /**
     * Threads started since {@code before} whose name matches and that are still alive; a thread
     * whose pool has just ended gets a moment to leave its last lines.
     */
    private static List<String> newThreads(Set<Thread> before, java.util.function.Predicate<String> name)
            throws InterruptedException {
        List<String> alive = new java.util.ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && name.test(t.getName())) {
                t.join(2_000);
                if (t.isAlive()) {
                    alive.add(t.getName());
                }
            }
        }
        return alive;
    }

    @Test
    void successfulBackupLeavesTheFileAndItsManifestOnly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ok.sql.zst");
        new BuiltinPgDump(endpoint(), BackupOptions.defaults().withCompression(Compression.ZSTD).withTables(java.util.List.of("small")),
                out, null).run(new RecordingContext());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.Set.of(out, ManifestIO.manifestPathFor(out)), java.util.Set.copyOf(files.toList()));
        }
    }

    private static void terminateBackupBackend() {
        assertEquals(1, PG.terminate(database, "railyard-backup"), "one backup backend to terminate");
    }

    private static void awaitBackupWaitingOnALock() {
        PG.awaitTrue(database, "SELECT count(*) = 1 FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = 'railyard-backup' AND wait_event_type = 'Lock'", Duration.ofSeconds(10),
                "the backup waits for the lock");
    }
}
