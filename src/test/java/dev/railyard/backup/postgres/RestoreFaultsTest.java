package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.support.EmbeddedPostgres;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A truncated or damaged backup never half-restores: it is refused before anything runs, or rolled back. */
class RestoreFaultsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static String source;

    @BeforeAll
    static void source() throws SQLException {
        source = PG.createDatabase("restore_src");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id integer PRIMARY KEY, name text)");
            s.execute("INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 5000) AS i");
            s.execute("CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers, note text)");
            s.execute("INSERT INTO orders SELECT i, 1 + i % 5000, md5(i::text) FROM generate_series(1, 20000) AS i");
            s.execute("CREATE VIEW order_count AS SELECT customer_id, count(*) FROM orders GROUP BY customer_id");
        }
    }

    /** A target with something in it, to prove nothing changes. */
    private static String target() throws SQLException {
        String name = PG.createDatabase("restore_target");
        try (Connection c = PG.connect(name); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keep (id integer PRIMARY KEY, v text)");
            s.execute("INSERT INTO keep VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        return name;
    }

    private static Map<String, String> state(String database) throws SQLException {
        try (Connection c = PG.connect(database)) {
            Map<String, String> state = new java.util.TreeMap<>(Fingerprints.of(c));
            List<String> relations = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1")) {
                while (rs.next()) {
                    relations.add(rs.getString(1));
                }
            }
            state.put("relations", relations.toString());
            return state;
        }
    }

    private static Path backup(Path dir, Compression compression) throws Exception {
        Path file = dir.resolve("backup.sql" + compression.extension());
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults().withCompression(compression),
                file, null).run(new RecordingContext());
        return file;
    }

    private static void truncate(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() * 6 / 10);
        }
    }

    private static void corrupt(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
        }
    }

    private static BackupException restoreFails(Path file, String target, RestoreOptions options) {
        return assertThrows(BackupException.class, () -> new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, target), options,
                NativePgTools.fromEnvironment(null)).run(new RecordingContext()));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedFileWithItsManifestIsRefusedBeforeAnythingRuns(Compression compression, @TempDir Path dir) throws Exception {
        Path file = backup(dir, compression);
        truncate(file);
        String target = target();
        Map<String, String> before = state(target);
        BackupException e = restoreFails(file, target, RestoreOptions.defaults().withSingleTransaction(false));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertEquals(before, state(target));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedFileWithoutManifestIsRefusedBeforeAnythingRuns(Compression compression, @TempDir Path dir) throws Exception {
        Path file = backup(dir, compression);
        Files.delete(ManifestIO.manifestPathFor(file));
        truncate(file);
        String target = target();
        Map<String, String> before = state(target);
        BackupException e = restoreFails(file, target, RestoreOptions.defaults().withSingleTransaction(false));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(before, state(target));
    }

    @org.junit.jupiter.api.Test
    void aFailedStatementEndsItsSentenceBeforeTheNextStarts() {
        assertEquals("Failed at: CREATE SCHEMA shop.", PgRestore.sentence("Failed at: CREATE SCHEMA shop"));
        assertEquals("Already a sentence.", PgRestore.sentence("Already a sentence. "));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedFileRunInOneTransactionLeavesTheTargetUnchanged(Compression compression, @TempDir Path dir) throws Exception {
        Path file = backup(dir, compression);
        Files.delete(ManifestIO.manifestPathFor(file));
        truncate(file);
        String target = target();
        Map<String, String> before = state(target);
        BackupException e = restoreFails(file, target, RestoreOptions.defaults().withVerifyFirst(false));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*[.!?:;] Nothing was changed.*"), "a sentence ends before: " + e.getMessage());
        assertEquals(before, state(target));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void corruptedCompressedFileIsRefused(Compression compression, @TempDir Path dir) throws Exception {
        Path file = backup(dir, compression);
        Files.delete(ManifestIO.manifestPathFor(file));
        corrupt(file);
        String target = target();
        Map<String, String> before = state(target);
        BackupException e = restoreFails(file, target, RestoreOptions.defaults());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertEquals(before, state(target));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void failedRestoreIntoANewDatabaseDropsIt(Compression compression, @TempDir Path dir) throws Exception {
        Path file = backup(dir, compression);
        Files.delete(ManifestIO.manifestPathFor(file));
        truncate(file);
        String name = "never_" + Long.toHexString(System.nanoTime());
        restoreFails(file, "postgres", RestoreOptions.defaults().withVerifyFirst(false).withSingleTransaction(false)
                .withCreateDatabase(name));
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the half-restored database was dropped");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void intactFileRestoresIntoAnExistingDatabase(Compression compression, @TempDir Path dir) throws Exception {
        Path file = backup(dir, compression);
        String target = target();
        new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, target), RestoreOptions.defaults(), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext());
        Map<String, String> after = state(target);
        Map<String, String> expected = state(source);
        assertEquals(expected.get("public.customers"), after.get("public.customers"));
        assertEquals(expected.get("public.orders"), after.get("public.orders"));
        assertFalse(after.get("relations").isEmpty());
        assertTrue(after.get("relations").contains("keep"), "existing tables stay");
    }

    @org.junit.jupiter.api.Test
    void cleanReplacesWhatTheBackupHoldsAndWithoutItTheConflictChangesNothing(@TempDir Path dir) throws Exception {
        Path file = backup(dir, Compression.ZSTD);
        String target = target();
        try (Connection c = PG.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (other text)");
            s.execute("CREATE SCHEMA leftovers");
            s.execute("CREATE TABLE leftovers.junk (id int)");
            s.execute("SELECT lo_from_bytea(0, '\\x01'::bytea)");
            s.execute("CREATE PUBLICATION leftover_pub FOR TABLE leftovers.junk");
        }
        Map<String, String> before = state(target);
        BackupException e = restoreFails(file, target, RestoreOptions.defaults());
        assertTrue(e.getMessage().contains("table public.customers") && e.getMessage().contains("--clean"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals(before, state(target));

        new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, target), RestoreOptions.defaults().withClean(true),
                NativePgTools.fromEnvironment(null)).run(new RecordingContext());
        Map<String, String> after = state(target);
        Map<String, String> expected = state(source);
        assertEquals(expected.get("public.customers"), after.get("public.customers"), "customers is now the source's");
        assertEquals(expected.get("public.orders"), after.get("public.orders"));
        // What the backup does not hold stays: a table, a schema, a large object, a publication.
        assertTrue(after.get("relations").contains("keep"), after.get("relations"));
        assertEquals(1, count(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'leftovers' AND tablename = 'junk'"));
        assertEquals(1, count(target, "SELECT count(*) FROM pg_largeobject_metadata"), "the target's own large object stays");
        assertEquals(1, count(target, "SELECT count(*) FROM pg_publication WHERE pubname = 'leftover_pub'"),
                "a publication the backup does not create stays");
    }

    private static long count(String database, String query) throws Exception {
        try (Connection c = PG.connect(database); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long largeObjects(String database) throws Exception {
        return count(database, "SELECT count(*) FROM pg_largeobject_metadata");
    }

    @org.junit.jupiter.api.Test
    void cancelWhileTheServerWorksEndsWithinASecondAndChangesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("slow.sql");
        Files.writeString(file, "CREATE TABLE public.half_done (id int);\nINSERT INTO public.keep VALUES (4, 'four');\n"
                + "SELECT pg_sleep(60);\nCREATE TABLE public.never (id int);\n");
        String target = target();
        Map<String, String> before = state(target);
        try (dev.railyard.task.JobRunner runner = new dev.railyard.task.JobRunner(2, 4, null, java.time.Clock.systemUTC())) {
            dev.railyard.task.RunningJob job = runner.submit(dev.railyard.task.JobSpec.writing("restore", "t"),
                    new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, target), RestoreOptions.defaults(),
                            NativePgTools.fromEnvironment(null)));
            awaitSleeping(target);
            long start = System.nanoTime();
            runner.cancel(job);
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> job.result().get(5, java.util.concurrent.TimeUnit.SECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getCause() instanceof dev.railyard.task.JobCancelledException, String.valueOf(e.getCause()));
            assertTrue(millis < 1000, "cancel took " + millis + " ms");
        }
        assertEquals(before, state(target));
    }

    private static void awaitSleeping(String database) {
        PG.awaitTrue(database, "SELECT count(*) = 1 FROM pg_stat_activity WHERE datname = current_database() "
                + "AND query LIKE 'SELECT pg_sleep%' AND state = 'active'", java.time.Duration.ofSeconds(10),
                "the restore reached pg_sleep");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void restoreInPartsGivesTheSameDataAndAFailedPartDropsTheNewDatabase(Compression compression, @TempDir Path dir)
            throws Exception {
        Path file = backup(dir, compression);
        dev.railyard.backup.Manifest manifest = new ManifestIO().readBeside(file).orElseThrow();
        long previous = manifest.sections().data();
        for (dev.railyard.backup.Manifest.TableEntry table : manifest.tables()) {
            assertEquals(previous, table.fileOffset(), "tables follow each other in the file");
            previous = table.fileOffset() + table.fileLength();
        }
        assertEquals(previous, manifest.sections().sequences());
        assertTrue(manifest.sections().postData() < Files.size(file));

        String copy = "parts_" + Long.toHexString(System.nanoTime());
        RecordingContext context = new RecordingContext();
        new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, "postgres"),
                RestoreOptions.defaults().withCreateDatabase(copy).withSingleTransaction(false).withJobs(3),
                NativePgTools.fromEnvironment(null)).run(context);
        assertTrue(context.allLog().contains("Restoring in parts"), context.allLog());
        assertEquals(state(source), state(copy));

        if (compression != Compression.NONE) {
            // Damage the data of the biggest table: its part fails, the others stop, the database goes.
            dev.railyard.backup.Manifest.TableEntry biggest = manifest.tables().stream()
                    .max(java.util.Comparator.comparingLong(dev.railyard.backup.Manifest.TableEntry::fileLength)).orElseThrow();
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                long at = biggest.fileOffset() + biggest.fileLength() / 2;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a);
            }
            String broken = "parts_broken_" + Long.toHexString(System.nanoTime());
            BackupException e = restoreFails(file, "postgres", RestoreOptions.defaults().withCreateDatabase(broken)
                    .withSingleTransaction(false).withJobs(3).withVerifyFirst(false));
            assertTrue(e.getMessage().contains("dropped again"), e.getMessage());
            try (Connection c = PG.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + broken + "'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }
}
