package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileCheck;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.script.ScriptCheck;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.support.EmbeddedPostgres;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one read a restore makes of a plain script before anything runs ({@link ScriptCheck})
 * must come to the verdicts, in the words, of the three checks that each read the file on its
 * own: whether it is a backup ({@link BackupFileCheck}), whether it is whole ({@link
 * ScriptFile#verify}), what it does beyond its database ({@link ScriptHazards}) and what it
 * creates ({@link BackupObjects}).
 */
class ScriptCheckTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static String source;

    @BeforeAll
    static void source() throws SQLException {
        source = PG.createDatabase("check_src");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO t SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE md5(i::text) END FROM generate_series(1, 20000) i");
            s.execute("CREATE TABLE u (id int)");
            s.execute("INSERT INTO u SELECT generate_series(1, 500)");
        }
    }

    private enum Damage { NONE, TRUNCATED, CORRUPTED, OTHER_MANIFEST }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void oneReadGivesEveryCheckTheVerdictOfItsOwnRead(Compression compression, @TempDir Path dir) throws Exception {
        for (boolean manifest : List.of(true, false)) {
            for (Damage damage : Damage.values()) {
                if (damage == Damage.OTHER_MANIFEST && !manifest) {
                    continue;
                }
                Path file = dir.resolve(damage + "-" + manifest + ".sql" + compression.extension());
                new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults().withCompression(compression),
                        file, null).run(new RecordingContext());
                if (!manifest) {
                    Files.delete(ManifestIO.manifestPathFor(file));
                }
                damage(file, damage);
                assertSameVerdicts(file, compression + ", manifest " + manifest + ", " + damage);
            }
        }
    }

    /**
     * Into a new database, in parts, the tables' data runs as table data only, so the check leaves
     * it to the load: it still hashes every byte, and refuses every damaged file the whole read
     * refuses; on a whole file its verdicts are the whole read's.
     */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
    void leavingTheTablesDataToTheLoadRefusesWhatTheWholeReadRefuses(Compression compression, @TempDir Path dir)
            throws Exception {
        for (Damage damage : Damage.values()) {
            Path file = dir.resolve(damage + ".sql" + compression.extension());
            new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults().withCompression(compression),
                    file, null).run(new RecordingContext());
            List<long[]> parts = PgRestore.tablePartsRunAsDataOnly(file,
                    dev.railyard.backup.RestoreOptions.defaults().withCreateDatabase("copy"));
            assertEquals(2, parts.size(), "t and u: " + damage);
            damage(file, damage);
            ScriptCheck whole = ScriptCheck.read(file, new RecordingContext()).orElseThrow();
            ScriptCheck left = ScriptCheck.read(file, new RecordingContext(), ScriptHazards.Statements.NONE,
                    PgRestore.tablePartsRunAsDataOnly(file, dev.railyard.backup.RestoreOptions.defaults().withCreateDatabase("copy")))
                    .orElseThrow();
            String what = compression + ", " + damage;
            if (damage == Damage.NONE) {
                assertTrue(left.tableDataLeftToTheLoad() > 0, what);
                assertEquals(parts.stream().mapToLong(p -> p[1]).sum(), left.tableDataLeftToTheLoad(), what);
                assertEquals(verdict(whole::requireBackup), verdict(left::requireBackup), what);
                assertEquals(verdict(whole::verification), verdict(left::verification), what);
                assertEquals(whole.hazards(), left.hazards(), what);
            } else {
                assertTrue(verdict(() -> whole.requireBackup() + " " + whole.verification()).startsWith("ok")
                        == false, what + ": the whole read refuses it");
                String refused = verdict(() -> left.requireBackup() + " " + left.verification());
                assertTrue(!refused.startsWith("ok"), what + ": refused too, " + refused);
            }
        }
        // Parts that do not lie one after another in the file are not left out: the whole file is read.
        Path file = dir.resolve("order.sql" + compression.extension());
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults().withCompression(compression),
                file, null).run(new RecordingContext());
        List<long[]> parts = new java.util.ArrayList<>(PgRestore.tablePartsRunAsDataOnly(file,
                dev.railyard.backup.RestoreOptions.defaults().withCreateDatabase("copy")));
        java.util.Collections.reverse(parts);
        assertEquals(0, ScriptCheck.read(file, new RecordingContext(), ScriptHazards.Statements.NONE, parts).orElseThrow()
                .tableDataLeftToTheLoad());
    }

    @Test
    void hazardsAfterCopyDataAreFoundOnTheirLines(@TempDir Path dir) throws Exception {
        String script = "-- PostgreSQL database dump\n\nCREATE TABLE t (a text);\nCOPY t (a) FROM stdin;\n"
                + "\\\\N\nLOAD 'x';\n\\.x\n\\.\nCOPY t FROM PROGRAM 'id';\nSELECT pg_read_file('/etc/passwd');\nBEGIN;\n"
                + "-- PostgreSQL database dump complete\n";
        Path plain = Files.writeString(dir.resolve("hazards.sql"), script);
        Path gzip = dir.resolve("hazards.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(script.getBytes(StandardCharsets.UTF_8));
        }
        for (Path file : List.of(plain, gzip)) {
            ScriptHazards.Report report = ScriptCheck.read(file, new RecordingContext()).orElseThrow().hazards();
            assertEquals(List.of(9, 10), report.serverAccess().stream().map(ScriptHazards.Finding::line).toList(),
                    "data lines (LOAD inside the COPY) are not statements: " + report);
            assertEquals(11, report.transactionControl().get(0).line());
            assertSameVerdicts(file, file.getFileName().toString());
        }
    }

    @Test
    void aCancelDuringTheCheckStopsItAndLeavesNoThreadReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cancel.sql.zst");
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults().withCompression(Compression.ZSTD),
                file, null).run(new RecordingContext());
        RecordingContext context = new RecordingContext() {
            @Override
            public void progress(long done, long total, dev.railyard.task.ProgressUnit unit) {
                super.progress(done, total, unit);
                cancelled.cancel();
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(dev.railyard.task.JobCancelledException.class,
                () -> ScriptCheck.read(file, context));
        // The pool has ended when the check returns; its thread may take a moment more to leave run().
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains("restore-check")) {
                thread.join(5_000);
                assertTrue(!thread.isAlive(), "the thread that read the file ended with the check: " + thread);
            }
        }
    }

    private static void assertSameVerdicts(Path file, String what) throws Exception {
        BackupObjects.Reading objects = new BackupObjects.Reading(new RecordingContext());
        ScriptCheck check = ScriptCheck.read(file, new RecordingContext(), objects).orElseThrow();
        assertEquals(verdict(() -> BackupFileCheck.require(file, new RecordingContext())), verdict(check::requireBackup),
                what + ": is it a backup");
        assertEquals(verdict(() -> ScriptFile.inspect(file).verify(new RecordingContext())), verdict(check::verification),
                what + ": is it whole");
        assertEquals(ScriptHazards.scan(file, true), check.hazards(), what + ": what it does beyond its database");
        assertEquals(verdict(() -> contents(BackupObjects.read(ScriptFile.inspect(file), new RecordingContext()))),
                verdict(() -> contents(objects.result(ScriptFile.inspect(file)))), what + ": the objects it creates");
    }

    private static String contents(BackupObjects objects) {
        return objects.objects() + " " + objects.dataTables() + " " + objects.createsDatabase() + " " + objects.copiedRows();
    }

    /** The value, or the class and message of the exception. */
    private static String verdict(Callable<?> check) {
        try {
            return "ok: " + check.call();
        } catch (Exception e) {
            assertTrue(e instanceof BackupException, "refused as a BackupException: " + e);
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static void damage(Path file, Damage damage) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            switch (damage) {
                case NONE -> { }
                case TRUNCATED -> f.setLength(f.length() * 6 / 10);
                case CORRUPTED -> {
                    long at = f.length() / 2;
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x5a);
                }
                case OTHER_MANIFEST -> {
                    Path manifest = ManifestIO.manifestPathFor(file);
                    String json = Files.readString(manifest);
                    String sha = new ManifestIO().readBeside(file).orElseThrow().sha256();
                    Files.writeString(manifest, json.replace(sha, sha.replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a')));
                }
            }
        }
    }
}
