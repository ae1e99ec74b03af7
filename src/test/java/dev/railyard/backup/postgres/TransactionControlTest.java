package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.support.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script that commits on its own would break the single-transaction promise ("Nothing was
 * changed"): it is refused before anything runs.
 */
class TransactionControlTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    /** A real built-in backup with {@code extra} put in just before its closing line, and no manifest. */
    static Path backupWith(Path dir, String extra) throws Exception {
        String source = PG.createDatabase("txn_src");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id integer PRIMARY KEY)");
            s.execute("INSERT INTO t SELECT generate_series(1, 10)");
        }
        Path file = dir.resolve("hostile.sql");
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults(), file, null)
                .run(new RecordingContext());
        Files.deleteIfExists(ManifestIO.manifestPathFor(file));
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        int end = lines.size() - 1;
        while (!lines.get(end).contains("dump complete")) {
            end--;
        }
        lines.add(end, extra);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> tables(String database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = PG.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void aCommitInTheScriptIsRefusedBeforeTheCleanRuns(@TempDir Path dir) throws Exception {
        Path file = backupWith(dir, "CREATE TABLE public.x ();\nCOMMIT;\nSELECT 1/0;");
        String target = PG.createDatabase("txn_target");
        try (Connection c = PG.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keep (id integer)");
            s.execute("INSERT INTO keep VALUES (1), (2)");
        }
        BackupException e = assertThrows(BackupException.class, () -> new PgRestore(file,
                PgFidelityRoundTripTest.endpoint(PG, target), RestoreOptions.defaults().withClean(true),
                NativePgTools.fromEnvironment(null)).run(new RecordingContext()));
        assertTrue(e.getMessage().contains("COMMIT"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*Line \\d+: .*"), e.getMessage());
        assertTrue(e.getMessage().contains("--create-database"), e.getMessage());
        assertEquals(List.of("keep"), tables(target), "nothing ran: the clean did not wipe the target");
    }

    @Test
    void anEndAfterWorkIsRefusedToo(@TempDir Path dir) throws Exception {
        Path file = backupWith(dir, "END;");
        String target = PG.createDatabase("txn_end");
        BackupException e = assertThrows(BackupException.class, () -> new PgRestore(file,
                PgFidelityRoundTripTest.endpoint(PG, target), RestoreOptions.defaults(), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext()));
        assertTrue(e.getMessage().contains("END"), e.getMessage());
        assertEquals(List.of(), tables(target));
    }

    @Test
    void ownBackupsHaveNoTransactionControlAndRestoreInOneTransaction(@TempDir Path dir) throws Exception {
        Path file = backupWith(dir, "-- nothing added");
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(List.of(), ScriptHazards.scanPsql(in).transactionControl());
        }
        String target = PG.createDatabase("txn_ok");
        new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, target), RestoreOptions.defaults(),
                NativePgTools.fromEnvironment(null)).run(new RecordingContext());
        assertEquals(List.of("t"), tables(target));
    }
}
