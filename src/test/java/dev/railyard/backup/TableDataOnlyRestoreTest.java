package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Into a new database, a built-in backup's tables' data is left by the check before the run to
 * the load, which runs those bytes as table data only. A file whose manifest vouches for bytes
 * that are not table data (its sha256 made to match) is refused there, before the statement
 * runs, and the new database is dropped; a real backup, columns called "program" and all, restores.
 */
class TableDataOnlyRestoreTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();
    private static String db;
    private static ConnectionProfile source;

    @TempDir
    Path folder;

    @BeforeAll
    static void source() throws Exception {
        db = PG.createDatabase("data_only");
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE jobs (id int PRIMARY KEY, program text, \"from stdin\" text)");
            s.execute("INSERT INTO jobs SELECT i, 'cron ' || i, 'x' FROM generate_series(1, 1000) i");
            s.execute("CREATE TABLE t (id int)");
            s.execute("INSERT INTO t SELECT generate_series(1, 100)");
        }
        source = ConnectionProfile.of("src", Dialect.POSTGRESQL, "127.0.0.1", PG.port(), db, "postgres")
                .withSslMode(SslMode.DISABLE);
    }

    private BackupService service() throws Exception {
        Path home = Files.createDirectories(folder.resolve("home"));
        return BackupService.withToolsOnPath(new BackupCatalog(new RailyardHome(home), new ProfileStore(home.resolve("profiles.json"))));
    }

    private Path backup(BackupService service) throws Exception {
        Path made = folder.resolve("made.sql.zst");
        service.create(source, null, new BackupService.CreateRequest(BackupOptions.defaults().withCompression(Compression.ZSTD),
                EngineChoice.BUILTIN, false, made)).run(JobContext.silent());
        return made;
    }

    @Test
    void aRealBackupRestoresWithItsDataLeftToTheLoad() throws Exception {
        BackupService service = service();
        Path made = backup(service);
        assertTrue(ScriptHazards.scan(made, true).clean(), "a column called program is not a program: "
                + ScriptHazards.scan(made, true));
        String copy = db + "_copy";
        RecordingContext context = new RecordingContext();
        service.restore(made, source, null, BackupService.RestoreRequest.intoNewDatabase(copy)).run(context);
        assertTrue(context.allLog().contains("is checked as it loads, as table data only"), context.allLog());
        try (Connection c = PG.connect(copy); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT program) FROM jobs")) {
            rs.next();
            assertEquals(1000, rs.getLong(1));
            assertEquals(1000, rs.getLong(2));
        }
    }

    @Test
    void aStatementInATablesDataIsRefusedBeforeItRunsAndTheNewDatabaseIsDropped() throws Exception {
        BackupService service = service();
        Path made = backup(service);
        Path marker = folder.resolve("ran");
        // The table's own COPY, then a statement the manifest's sha256 vouches for as part of the table's data.
        replaceTableData(made, "t", "COPY public.t (id) FROM stdin;\n1\n\\.\n\nCOPY (SELECT 1) TO PROGRAM 'cat > " + marker + "';\n");

        String copy = db + "_hostile";
        RecordingContext context = new RecordingContext();
        BackupException refused = assertThrows(BackupException.class, () -> service.restore(made, source, null,
                BackupService.RestoreRequest.intoNewDatabase(copy)).run(context));
        assertTrue(refused.getMessage().contains("the data of public.t") && refused.getMessage().contains("TO PROGRAM")
                && refused.getMessage().contains("does not match its manifest")
                && refused.getMessage().contains("was dropped again"), refused.getMessage());
        assertFalse(Files.exists(marker), "the statement did not run");
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + copy + "'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the new database was dropped");
        }
    }

    /** Puts {@code text} in place of a table's data, in a frame of its own, and makes the manifest say so (sha256 too). */
    private static void replaceTableData(Path file, String table, String text) throws Exception {
        ManifestIO io = new ManifestIO();
        Manifest m = io.readBeside(file).orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        Manifest.TableEntry target = m.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (OutputStream out = Compression.ZSTD.compress(frame, 1)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        rebuilt.write(bytes, 0, (int) target.fileOffset());
        rebuilt.write(frame.toByteArray());
        int after = (int) (target.fileOffset() + target.fileLength());
        rebuilt.write(bytes, after, bytes.length - after);
        long delta = frame.size() - target.fileLength();
        List<Manifest.TableEntry> tables = new ArrayList<>();
        for (Manifest.TableEntry t : m.tables()) {
            tables.add(t == target ? new Manifest.TableEntry(t.schema(), t.name(), t.rows(), t.bytes(), t.fileOffset(), frame.size())
                    : t.fileOffset() > target.fileOffset() ? new Manifest.TableEntry(t.schema(), t.name(), t.rows(), t.bytes(),
                    t.fileOffset() + delta, t.fileLength()) : t);
        }
        byte[] out = rebuilt.toByteArray();
        Files.write(file, out);
        Manifest.Sections s = m.sections();
        String sha = HexFormat.of().formatHex(ManifestIO.newSha256().digest(out));
        io.write(ManifestIO.manifestPathFor(file), new Manifest(m.formatVersion(), m.engine(), m.engineVersion(), m.dialect(),
                m.serverVersion(), m.source(), m.profile(), m.database(), m.startedAt(), m.finishedAt(), m.file(), m.format(),
                m.compression(), out.length, m.uncompressedBytes(), sha, m.options(), tables, m.warnings(), m.note(),
                m.migrationHead(), new Manifest.Sections(s.data(), s.sequences() + delta, s.postData() + delta)));
    }
}
