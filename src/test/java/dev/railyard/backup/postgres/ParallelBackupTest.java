package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in backup's worker connections: they read the same snapshot as the backup's own
 * connection, the file keeps the plan's order whichever connection copied a table, and a
 * worker that fails, or cannot start, is handled.
 */
@Timeout(120)
class ParallelBackupTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static final int TABLES = 6;
    private static final int ROWS = 2000;
    private static String database;

    @BeforeAll
    static void tables() throws SQLException {
        database = PG.createDatabase("parallel");
        try (Connection c = PG.connect(database); Statement s = c.createStatement()) {
            for (int i = 1; i <= TABLES; i++) {
                s.execute("CREATE TABLE t" + i + " (id integer PRIMARY KEY, v text)");
                s.execute("INSERT INTO t" + i + " SELECT g, repeat('v', " + (i * 20) + ") FROM generate_series(1, " + ROWS + ") g");
            }
            // "child" sorts before "parent" and is the biggest table, so it is claimed first; the file
            // must still hold parent's rows first, or a data-only restore would break the foreign key.
            s.execute("CREATE TABLE parent (id integer PRIMARY KEY)");
            s.execute("INSERT INTO parent SELECT g FROM generate_series(1, 100) g");
            s.execute("CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent, payload text)");
            s.execute("INSERT INTO child SELECT g, 1 + g % 100, md5(g::text) || repeat('p', 200) FROM generate_series(1, 60000) g");
            s.execute("ANALYZE");
        }
    }

    private static PgEndpoint endpoint() {
        return PgFidelityRoundTripTest.endpoint(PG, database);
    }

    private static BuiltinPgDump dump(Path out, BackupOptions options) {
        return new BuiltinPgDump(endpoint(), options, out, null);
    }

    private static BackupOptions zstd(int jobs) {
        return BackupOptions.defaults().withCompression(Compression.ZSTD).withJobs(jobs);
    }

    @Test
    void workersReadTheBackupsSnapshotAndTheFileKeepsThePlansOrder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("snapshot.sql.zst");
        AtomicBoolean changed = new AtomicBoolean();
        RecordingContext context = new RecordingContext() {
            @Override
            public void log(String line) {
                super.log(line);
                // The snapshot is exported; the workers have not started. Commit changes to every table now:
                // a worker that read its own, newer snapshot would copy them.
                if (line.startsWith("Copying tables on 3 connections") && changed.compareAndSet(false, true)) {
                    execute("INSERT INTO t1 SELECT g, 'new' FROM generate_series(" + (ROWS + 1) + ", " + (ROWS + 50) + ") g",
                            "DELETE FROM t2 WHERE id <= 10", "UPDATE t3 SET v = 'changed'",
                            "INSERT INTO t4 VALUES (-1, 'new')", "DELETE FROM t5", "DELETE FROM child WHERE id <= 5");
                }
            }
        };
        BackupResult result;
        try {
            result = dump(out, zstd(3)).run(context);
        } finally {
            restoreFixture();
        }
        assertTrue(changed.get(), "the changes were committed while the backup ran: " + context.allLog());
        assertTrue(context.allLog().contains("(connection 2)") || context.allLog().contains("(connection 3)"),
                "worker connections copied tables: " + context.allLog());
        assertTrue(context.statuses.stream().anyMatch(m -> m.matches("Copying .*: .* rows of about .* rows copied")),
                "progress names rows against the catalog's estimate: " + context.statuses);
        assertTrue(context.log.stream().noneMatch(line -> line.contains("rows of about")), "the live count is not logged");

        Manifest manifest = result.manifest();
        for (Manifest.TableEntry t : manifest.tables()) {
            long expected = t.name().equals("child") ? 60000 : t.name().equals("parent") ? 100 : ROWS;
            assertEquals(expected, t.rows(), "rows of " + t.name() + " as of the snapshot");
        }
        List<String> order = manifest.tables().stream().map(Manifest.TableEntry::name).toList();
        assertTrue(order.indexOf("parent") < order.indexOf("child"), "referenced table first: " + order);
        List<Long> offsets = manifest.tables().stream().map(Manifest.TableEntry::fileOffset).toList();
        List<Long> sorted = new ArrayList<>(offsets);
        sorted.sort(null);
        assertEquals(sorted, offsets, "the manifest lists tables in file order");

        // The file restores to the snapshot's data, "changed" nowhere.
        String copy = "parallel_copy_" + System.nanoTime();
        RecordingContext restore = new RecordingContext();
        new PgRestore(out, endpoint().withDatabase("postgres"), RestoreOptions.defaults().withCreateDatabase(copy),
                NativePgTools.fromEnvironment(null)).run(restore);
        // Into a new database: in parts, each table's keys built as soon as its rows are in.
        assertTrue(restore.allLog().contains((TABLES + 2) + " indexes and key constraints are built as soon as their table "
                + "is loaded"), restore.allLog());
        assertEquals(indexes(database), indexes(copy));
        try (Connection c = PG.connect(copy); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM t1), (SELECT count(*) FROM t2), "
                     + "(SELECT count(*) FROM t3 WHERE v = 'changed'), (SELECT count(*) FROM t5), (SELECT count(*) FROM child)")) {
            rs.next();
            assertEquals(ROWS, rs.getLong(1));
            assertEquals(ROWS, rs.getLong(2));
            assertEquals(0, rs.getLong(3));
            assertEquals(ROWS, rs.getLong(4));
            assertEquals(60000, rs.getLong(5));
        }
        assertOnlyTheBackup(dir, out);
    }

    @Test
    void dataOnlyBackupOnSeveralConnectionsRestoresIntoTablesWithForeignKeys(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("schema.sql");
        Path data = dir.resolve("data.sql.gz");
        dump(schema, BackupOptions.defaults().withSchemaOnly(true)).run(new RecordingContext());
        RecordingContext context = new RecordingContext();
        dump(data, BackupOptions.defaults().withCompression(Compression.GZIP).withDataOnly(true).withJobs(2)).run(context);
        String copy = "parallel_data_" + System.nanoTime();
        PgEndpoint server = endpoint().withDatabase("postgres");
        new PgRestore(schema, server, RestoreOptions.defaults().withCreateDatabase(copy), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext());
        // One transaction, one connection, in file order: parent's rows must come before child's.
        new PgRestore(data, endpoint().withDatabase(copy), RestoreOptions.defaults(), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext());
        try (Connection c = PG.connect(copy); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM child JOIN parent ON parent.id = child.parent_id")) {
            rs.next();
            assertEquals(60000, rs.getLong(1));
        }
    }

    @Test
    void aWorkerKilledMidCopyFailsTheBackupClearlyAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("worker-killed.sql.zst");
        AtomicBoolean killed = new AtomicBoolean();
        RecordingContext context = new RecordingContext(message -> {
            // Runs on the worker's thread, just before its COPY starts.
            if (message.contains("(connection 2)") && killed.compareAndSet(false, true)) {
                terminate(DataSection.WORKER_NAME);
            }
        });
        BackupException e = assertThrows(BackupException.class, () -> dump(out, zstd(2)).run(context));
        assertTrue(killed.get(), "a worker's backend was terminated");
        String message = e.getMessage();
        assertTrue(message.contains("connection 2"), "says which connection failed: " + message);
        assertTrue(message.contains("ended the connection") || message.contains("connection to the server was lost")
                || message.contains("terminating connection"), message);
        assertNothingLeft(dir);
    }

    @Test
    void aWorkerThatCannotLockWithoutWaitingLeavesItsShareToTheBackupConnection(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("queued.sql.zst");
        List<Thread> lockers = new ArrayList<>();
        List<Connection> lockerConnections = new ArrayList<>();
        RecordingContext context = new RecordingContext() {
            @Override
            public void log(String line) {
                super.log(line);
                if (line.startsWith("Copying tables on 2 connections") && lockers.isEmpty()) {
                    // A migration asks for an exclusive lock on t3 after the backup locked its tables:
                    // it queues behind the backup, and a worker asking for t3 would queue behind it.
                    try {
                        Connection locker = PG.connect(database);
                        lockerConnections.add(locker);
                        Thread thread = new Thread(() -> {
                            try (Statement s = locker.createStatement()) {
                                s.execute("BEGIN; LOCK TABLE t3 IN ACCESS EXCLUSIVE MODE; ROLLBACK");
                            } catch (SQLException ignored) {
                                // Closed at the end of the test.
                            }
                        });
                        thread.start();
                        lockers.add(thread);
                        awaitWaitingForLock();
                    } catch (SQLException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        };
        BackupResult result = dump(out, zstd(2)).run(context);
        for (Thread t : lockers) {
            t.join(10_000);
        }
        for (Connection c : lockerConnections) {
            c.close();
        }
        assertEquals(1, lockers.size(), "the lock request was queued during the backup");
        assertTrue(context.allLog().contains("another session is waiting for an exclusive lock"), context.allLog());
        assertTrue(context.allLog().contains("the other connections copy its share"), context.allLog());
        assertEquals(TABLES + 2, result.manifest().tables().size());
        assertEquals(ROWS, result.manifest().tables().stream().filter(t -> t.name().equals("t3")).findFirst().orElseThrow().rows());
        assertOnlyTheBackup(dir, out);
    }

    @Test
    void oneConnectionWritesTheSameTablesAsSeveral(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one.sql");
        Path four = dir.resolve("four.sql");
        dump(one, BackupOptions.defaults().withJobs(1)).run(new RecordingContext());
        RecordingContext context = new RecordingContext();
        dump(four, BackupOptions.defaults().withJobs(4)).run(context);
        assertTrue(context.allLog().contains("Copying tables on 4 connections"), context.allLog());
        List<String> a = dataLines(one);
        List<String> b = dataLines(four);
        assertEquals(a.size(), b.size());
        assertEquals(a, b, "the same data section, line for line, in the same order");
    }

    private static List<String> indexes(String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The script from the first COPY on, without the header's timestamp. */
    private static List<String> dataLines(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        int first = 0;
        while (!lines.get(first).startsWith("COPY ")) {
            first++;
        }
        return lines.subList(first, lines.size());
    }

    private static void execute(String... statements) {
        try (Connection c = PG.connect(database); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Puts back what the snapshot test changed, so the tests do not depend on their order. */
    private static void restoreFixture() {
        execute("DELETE FROM t1 WHERE id > " + ROWS,
                "INSERT INTO t2 SELECT g, repeat('v', 40) FROM generate_series(1, 10) g ON CONFLICT DO NOTHING",
                "UPDATE t3 SET v = repeat('v', 60)", "DELETE FROM t4 WHERE id = -1",
                "INSERT INTO t5 SELECT g, repeat('v', 100) FROM generate_series(1, " + ROWS + ") g ON CONFLICT DO NOTHING",
                "INSERT INTO child SELECT g, 1 + g % 100, md5(g::text) || repeat('p', 200) FROM generate_series(1, 5) g "
                        + "ON CONFLICT DO NOTHING");
    }

    private static void terminate(String applicationName) {
        assertEquals(1, PG.terminate(database, applicationName), "one " + applicationName + " backend to terminate");
    }

    private static void awaitWaitingForLock() {
        PG.awaitTrue(database, "SELECT count(*) = 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                + "WHERE c.relname = 't3' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted", Duration.ofSeconds(10),
                "the exclusive lock request queued");
    }

    private static void assertNothingLeft(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "a failed backup leaves no file, no part file");
        }
    }

    private static void assertOnlyTheBackup(Path dir, Path out) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(out.getFileName().toString(), out.getFileName() + ".manifest.json"), names,
                    "no part file is left beside the backup");
        }
    }
}
