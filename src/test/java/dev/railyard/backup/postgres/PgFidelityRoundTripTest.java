package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import dev.railyard.support.PgServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proof of the built-in engine on every major from 13 to 18: a database holding every object
 * kind it claims, with hostile names and values, goes through a backup and a restore, and comes
 * out the same to pg_dump (Debian's 15 up to 15, sid's 18 above; schema) and to row-by-row
 * checksums (data). The same file restored by psql gives the same data.
 */
class PgFidelityRoundTripTest {

    static Path fixture() throws Exception {
        return Path.of(PgFidelityRoundTripTest.class.getResource("/fixtures/pg-fidelity.sql").toURI());
    }

    /** The fixture and the additions of the server's major and older ones (pg-fidelity-17.sql, ...). */
    static void loadFixture(PgServer pg, String database) throws Exception {
        PgClientTools.psql(pg, database, "-f", fixture().toString());
        for (int version = 16; version <= Integer.parseInt(pg.major()); version++) {
            URL extra = PgFidelityRoundTripTest.class.getResource("/fixtures/pg-fidelity-" + version + ".sql");
            if (extra != null) {
                PgClientTools.psql(pg, database, "-f", Path.of(extra.toURI()).toString());
            }
        }
    }

    static PgEndpoint endpoint(PgServer pg, String database) {
        return new PgEndpoint(pg.host(), pg.port(), database, "postgres", null, SslMode.DISABLE);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"13", "14", "15", "16", "17", "18"})
    void builtinBackupOfEveryObjectKindRestoresToTheSameSchemaAndData(String major, @TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String source = pg.createDatabase("fidelity");
        loadFixture(pg, source);
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));

        Path file = dir.resolve("fidelity.sql.zst");
        RecordingContext backupContext = new RecordingContext();
        BackupResult backup = service.create(endpoint(pg, source), BackupOptions.defaults().withCompression(Compression.ZSTD),
                EngineChoice.BUILTIN, false, file, null).run(backupContext);

        Manifest manifest = backup.manifest();
        assertEquals(List.of(), manifest.warnings(), "the fixture holds nothing the engine cannot reproduce");
        assertEquals(ManifestIO.sha256(file), manifest.sha256());
        assertEquals(Compression.ZSTD, Compression.detect(file));
        assertEquals(major, manifest.serverVersion().split("\\.")[0]);
        assertTrue(new ManifestIO().readBeside(file).isPresent());

        String copy = "fidelity_copy_" + Long.toHexString(System.nanoTime());
        RestoreResult restore = service.restore(file, endpoint(pg, "postgres"), RestoreOptions.defaults().withCreateDatabase(copy))
                .run(new RecordingContext());
        assertTrue(restore.createdDatabase());
        assertEquals(0, restore.script().errorCount());

        assertEquals(PgClientTools.comparableSchema(pg, source), PgClientTools.comparableSchema(pg, copy),
                "pg_dump --schema-only of the source and of the restored copy");
        Map<String, String> expected;
        try (Connection c = pg.connect(source)) {
            expected = Fingerprints.of(c);
        }
        try (Connection c = pg.connect(copy)) {
            assertEquals(expected, Fingerprints.of(c), "row counts, md5 of ordered rows, sequence states");
        }
        try (Connection c = pg.connect(source)) {
            for (Manifest.TableEntry table : manifest.tables()) {
                assertEquals(Fingerprints.rows(c, table.schema(), table.name()), table.rows(), "manifest rows of " + table);
            }
        }
        assertEquals(ordinaryTables(pg, source), manifest.tables().stream().map(t -> t.schema() + "." + t.name()).sorted().toList(),
                "every table's data is in the backup");

        // The same file, decompressed, restored by psql in one transaction.
        Path plain = dir.resolve("fidelity.sql");
        try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file));
             OutputStream out = Files.newOutputStream(plain)) {
            in.transferTo(out);
        }
        String viaPsql = pg.createDatabase("fidelity_psql");
        PgClientTools.psql(pg, viaPsql, "--single-transaction", "-f", plain.toString());
        try (Connection c = pg.connect(viaPsql)) {
            assertEquals(expected, Fingerprints.of(c), "data restored by psql");
        }
        assertEquals(PgClientTools.comparableSchema(pg, source), PgClientTools.comparableSchema(pg, viaPsql),
                "schema restored by psql");
    }

    /** The fixture's tables that hold rows of their own (not partitioned parents, views or sequences). */
    private static List<String> ordinaryTables(PgServer pg, String database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                     + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names.stream().sorted().toList();
    }
}
