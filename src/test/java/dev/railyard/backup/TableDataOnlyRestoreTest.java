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
        Path made = Files.createTempFile(folder, "made-", ".sql.zst");
        Files.delete(made);
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
                && refused.getMessage().contains("manifest calls these bytes that table's data")
                && refused.getMessage().contains("was dropped again"), refused.getMessage());
        assertFalse(Files.exists(marker), "the statement did not run");
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + copy + "'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the new database was dropped");
        }
    }

    /**
     * A part the manifest gives to one table holds one COPY into that table: a COPY into another
     * table, a second COPY, or a manifest that names a system catalog as a table is refused before
     * it runs (one such COPY wrote a comment into the whole server's pg_shdescription, which
     * dropping the new database did not undo).
     */
    @Test
    void aTablesDataLoadsThatTableOnceAndNoOther() throws Exception {
        BackupService service = service();
        long oid;
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + db + "'")) {
            rs.next();
            oid = rs.getLong(1);
        }
        String catalog = "COPY pg_catalog.pg_shdescription (objoid, classoid, description) FROM stdin;\n" + oid
                + "\t1262\tinjected by a backup\n\\.\n";
        List<String[]> cases = List.of(
                new String[] {"t", catalog, "loads another table than public.t"},
                new String[] {"t", "COPY public.jobs (id, program, \"from stdin\") FROM stdin;\n5000\tx\ty\n\\.\n",
                        "loads another table than public.t"},
                new String[] {"t", "COPY public.t (id) FROM stdin;\n1\n\\.\nCOPY public.jobs (id) FROM stdin;\n6000\n\\.\n",
                        "a second COPY in one table's data"},
                new String[] {"pg_catalog.pg_shdescription", catalog, "a table of the system's schema pg_catalog"});
        int n = 0;
        for (String[] c : cases) {
            Path made = backup(service);
            if (c[0].contains(".")) {
                replaceTableData(made, "t", c[1], "pg_catalog", "pg_shdescription");
            } else {
                replaceTableData(made, c[0], c[1], null, null);
            }
            String copy = db + "_other_" + n++;
            BackupException refused = assertThrows(BackupException.class, () -> service.restore(made, source, null,
                    BackupService.RestoreRequest.intoNewDatabase(copy)).run(new RecordingContext()));
            assertTrue(refused.getMessage().contains(c[2]) && refused.getMessage().contains("refused before it ran")
                    && refused.getMessage().contains("was dropped again"), refused.getMessage());
            try (Connection conn = PG.connect("postgres"); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_shdescription WHERE description = 'injected by a backup'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "nothing was written into the server's catalog: " + c[2]);
            }
        }
        try (Connection conn = PG.connect(db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs WHERE id >= 5000")) {
            rs.next();
            assertEquals(0, rs.getLong(1));
        }
    }

    /** A table's frame that will not decompress, under a sha256 made to match: the message names the table, not "line 1". */
    @Test
    void aDamagedTablesDataIsNamed() throws Exception {
        BackupService service = service();
        Path made = backup(service);
        replaceTableData(made, "jobs", null, null, null);
        String copy = db + "_damaged";
        BackupException refused = assertThrows(BackupException.class, () -> service.restore(made, source, null,
                BackupService.RestoreRequest.intoNewDatabase(copy)).run(new RecordingContext()));
        assertTrue(refused.getMessage().startsWith("The data of public.jobs (") && refused.getMessage().contains("cannot be read")
                && refused.getMessage().contains("was dropped again"), refused.getMessage());
    }

    /** Puts {@code text} in place of a table's data (null: a broken frame), in a frame of its own, and makes the manifest say so (sha256 too). */
    private static void replaceTableData(Path file, String table, String text) throws Exception {
        replaceTableData(file, table, text, null, null);
    }

    /** As above; the manifest names the part {@code schema}.{@code name} instead when they are given. */
    private static void replaceTableData(Path file, String table, String text, String schema, String name) throws Exception {
        ManifestIO io = new ManifestIO();
        Manifest m = io.readBeside(file).orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        Manifest.TableEntry target = m.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        if (text == null) {
            // A frame's start, then bytes that are no zstd.
            byte[] original = java.util.Arrays.copyOfRange(bytes, (int) target.fileOffset(), (int) (target.fileOffset() + 64));
            frame.write(original);
            frame.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        } else {
            try (OutputStream out = Compression.ZSTD.compress(frame, 1)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        rebuilt.write(bytes, 0, (int) target.fileOffset());
        rebuilt.write(frame.toByteArray());
        int after = (int) (target.fileOffset() + target.fileLength());
        rebuilt.write(bytes, after, bytes.length - after);
        long delta = frame.size() - target.fileLength();
        List<Manifest.TableEntry> tables = new ArrayList<>();
        for (Manifest.TableEntry t : m.tables()) {
            tables.add(t == target ? new Manifest.TableEntry(schema == null ? t.schema() : schema, name == null ? t.name() : name,
                    t.rows(), t.bytes(), t.fileOffset(), frame.size())
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
