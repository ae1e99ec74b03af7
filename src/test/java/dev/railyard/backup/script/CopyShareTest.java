package dev.railyard.backup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.RecordingContext;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobCancelledException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A COPY run by one connection takes help from another through {@link CopyShare}: every row
 * arrives once, a row longer than several chunks arrives whole, and a bad row or a cancel on
 * either side ends both COPYs.
 */
@Timeout(120)
class CopyShareTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static final ScriptOptions PARTS = ScriptOptions.defaults().withSingleTransaction(false)
            .withEnding(ScriptOptions.Ending.NOT_CHECKED);
    private static final int ROWS = 150_000;
    /** Rows written before a helper starts: more than the script reader's first 64 KB read. */
    private static final int FIRST_ROWS = 2_000;
    private static final int HUGE_ROW = 77_777;
    private static final int HUGE_LENGTH = 3_000_000;

    /** Owner, helper and writer block on I/O: each gets a thread of its own, not a shared pool's. */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private String database;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @BeforeEach
    void table() throws SQLException {
        database = PG.createDatabase("copyshare");
        try (Connection c = PG.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id integer, payload text)");
        }
    }

    /** The rows of the test table: {@code id TAB md5(id) twice}, one of them 3 MB long. */
    private static byte[] row(int id) {
        String payload = id == HUGE_ROW ? "x".repeat(HUGE_LENGTH) : md5(Integer.toString(id)).repeat(2);
        return (id + "\t" + payload + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The owner running the script it reads from {@link #script} on one connection, and a
     * helper on another that joined its COPY once the first rows were in.
     */
    private final class SharedCopy implements AutoCloseable {
        final CopyShare share = new CopyShare(0);
        final RecordingContext context = new RecordingContext();
        final PipedOutputStream script = new PipedOutputStream();
        final Connection owner = PG.connect(database);
        final Connection helper = PG.connect(database);
        final CompletableFuture<ScriptResult> run;
        final CompletableFuture<Long> helped;

        SharedCopy() throws Exception {
            this(null);
        }

        /** With {@code helperSource}, the helper asks it for its connection instead of using {@link #helper}. */
        SharedCopy(CopyShare.ConnectionSource helperSource) throws Exception {
            PipedInputStream in = new PipedInputStream(script, 1 << 20);
            run = CompletableFuture.supplyAsync(() -> runOwner(share, owner, in, context), threads);
            script.write("COPY public.t (id, payload) FROM stdin;\n".getBytes(StandardCharsets.UTF_8));
            // More than the script reader's first read, so the COPY is open before the helper comes.
            for (int id = 1; id <= FIRST_ROWS; id++) {
                script.write(row(id));
            }
            script.flush();
            assertTrue(share.awaitOpen(30_000), "the owner's COPY is open for help");
            CopyShare.ConnectionSource source = helperSource == null ? () -> helper : helperSource;
            helped = CompletableFuture.supplyAsync(() -> help(share, source, context), threads);
            assertTrue(share.awaitHelper(30_000), "the helper joined the owner's COPY");
        }

        /** The failure that ended the owner's run. */
        Throwable ownerFailure() {
            return assertThrows(Exception.class, () -> run.get(60, TimeUnit.SECONDS)).getCause();
        }

        void awaitHelperEnd() throws Exception {
            helped.handle((rows, error) -> null).get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws SQLException {
            owner.close();
            helper.close();
        }
    }

    @Test
    void anIdleConnectionTakesRowsOfARunningCopyAndEveryRowArrivesOnce() throws Exception {
        try (SharedCopy copy = new SharedCopy()) {
            for (int id = FIRST_ROWS + 1; id <= ROWS; id++) {
                copy.script.write(row(id));
            }
            copy.script.write("\\.\n".getBytes(StandardCharsets.UTF_8));
            copy.script.close();

            ScriptResult result = copy.run.get(60, TimeUnit.SECONDS);
            long helperRows = copy.helped.get(60, TimeUnit.SECONDS);
            assertEquals(ROWS, result.rows(), "the owner counts the helper's rows too");
            assertTrue(helperRows > 0 && helperRows < ROWS, "the helper loaded part of the rows: " + helperRows);
        }
        try (Connection c = PG.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id), "
                     + "count(*) FILTER (WHERE id <> " + HUGE_ROW + " AND payload <> repeat(md5(id::text), 2)), "
                     + "(SELECT length(payload) FROM t WHERE id = " + HUGE_ROW + "), "
                     + "(SELECT payload = repeat('x', " + HUGE_LENGTH + ") FROM t WHERE id = " + HUGE_ROW + ") FROM t")) {
            rs.next();
            assertEquals(ROWS, rs.getLong(1));
            assertEquals(ROWS, rs.getLong(2), "no row twice");
            assertEquals(1, rs.getInt(3));
            assertEquals(ROWS, rs.getInt(4));
            assertEquals(0, rs.getLong(5), "every row intact");
            assertEquals(HUGE_LENGTH, rs.getInt(6), "the row longer than several chunks arrives whole");
            assertTrue(rs.getBoolean(7));
        }
    }

    @Test
    void aBadRowOnEitherConnectionFailsTheOwnerAndEndsBothCopies() throws Exception {
        try (SharedCopy copy = new SharedCopy()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeRows(copy.script, ROWS, 60_000), threads);
            Throwable failure = copy.ownerFailure();
            assertTrue(failure instanceof BackupException, String.valueOf(failure));
            assertTrue(failure.getMessage().contains("invalid input syntax for type integer"), failure.getMessage());
            copy.awaitHelperEnd();
            writer.handle((v, error) -> null).get(60, TimeUnit.SECONDS);
        }
        assertNoCopyLeft();
    }

    @Test
    void aCancelEndsTheOwnersAndTheHelpersCopy() throws Exception {
        try (SharedCopy copy = new SharedCopy()) {
            for (int id = FIRST_ROWS + 1; id <= 40_000; id++) {
                copy.script.write(row(id));
            }
            copy.context.cancelled.cancel();
            long start = System.nanoTime();
            assertTrue(copy.ownerFailure() instanceof JobCancelledException);
            copy.awaitHelperEnd();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000, "both end promptly");
            copy.script.close();
        }
        assertNoCopyLeft();
        try (Connection c = PG.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "neither COPY committed");
        }
    }

    @Test
    void anIdleHelperOpensNoConnectionAndOneThatGetsNoneLeavesTheRowsToTheOwner() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        CopyShare.ConnectionSource none = () -> {
            asked.incrementAndGet();
            return null;
        };
        assertEquals(0, new CopyShare(0).help(none, new RecordingContext()));
        assertEquals(0, asked.get(), "no COPY to help: no connection asked for");

        try (SharedCopy copy = new SharedCopy(none)) {
            for (int id = FIRST_ROWS + 1; id <= 40_000; id++) {
                copy.script.write(row(id));
            }
            copy.script.write("\\.\n".getBytes(StandardCharsets.UTF_8));
            copy.script.close();
            assertEquals(40_000, copy.run.get(60, TimeUnit.SECONDS).rows(), "the owner loaded every row");
            assertEquals(0L, copy.helped.get(60, TimeUnit.SECONDS));
            assertEquals(1, asked.get());
        }
    }

    @Test
    void aHelperWhoseConnectionFailsDoesNotKeepTheOwnerWaiting() throws Exception {
        try (SharedCopy copy = new SharedCopy(() -> {
            throw new SQLException("too many connections", "53300");
        })) {
            for (int id = FIRST_ROWS + 1; id <= 20_000; id++) {
                copy.script.write(row(id));
            }
            copy.script.write("\\.\n".getBytes(StandardCharsets.UTF_8));
            copy.script.close();
            assertEquals(20_000, copy.run.get(60, TimeUnit.SECONDS).rows(), "the owner loaded every row and ended");
            assertThrows(Exception.class, () -> copy.helped.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void onlyTextFormatCopiesAreSplit() {
        assertTrue(CopyShare.splittable("COPY public.t (id, payload) FROM stdin;"));
        assertTrue(CopyShare.splittable("COPY \"csv data\".t FROM stdin WITH (FORMAT text);"));
        assertTrue(!CopyShare.splittable("COPY t FROM stdin WITH (FORMAT csv);"), "CSV may quote a newline");
        assertTrue(!CopyShare.splittable("COPY t FROM stdin CSV HEADER;"));
        assertTrue(!CopyShare.splittable("COPY t FROM stdin WITH BINARY;"));
        assertTrue(!CopyShare.splittable("COPY BINARY t FROM stdin;"));
    }

    @Test
    void aSharedCopyNeedsARunThatStopsOnErrorOutsideOneTransaction() {
        CopyShare share = new CopyShare(0);
        assertThrows(IllegalArgumentException.class, () -> new PsqlScriptRunner(ScriptOptions.defaults()).sharingCopies(share));
        assertThrows(IllegalArgumentException.class,
                () -> new PsqlScriptRunner(PARTS.withStopOnError(false)).sharingCopies(share));
    }

    private static ScriptResult runOwner(CopyShare share, Connection owner, PipedInputStream in, RecordingContext context) {
        try {
            return new PsqlScriptRunner(PARTS).sharingCopies(share).run(owner, in, context, PsqlScriptRunner.Progress.none());
        } catch (BackupException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private static long help(CopyShare share, CopyShare.ConnectionSource helper, RecordingContext context) {
        try {
            return share.help(helper, context);
        } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Rows after the first ones up to count with row {@code bad} not an integer, then the end marker; stops when the reader is gone. */
    private static void writeRows(OutputStream script, int count, int bad) {
        try {
            for (int id = FIRST_ROWS + 1; id <= count; id++) {
                script.write(id == bad ? "not-a-number\tx\n".getBytes(StandardCharsets.UTF_8) : row(id));
            }
            script.write("\\.\n".getBytes(StandardCharsets.UTF_8));
            script.close();
        } catch (IOException readerGone) {
            // The owner stopped reading after the failure.
        }
    }

    private void assertNoCopyLeft() {
        PG.awaitTrue(database, "NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND query LIKE 'COPY%' AND state <> 'idle')", Duration.ofSeconds(10),
                "no COPY still running");
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
