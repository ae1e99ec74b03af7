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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of the built-in engine on PostgreSQL 15: a database holding every object kind it
 * claims, with hostile names and values, goes through a backup and a restore, and comes out
 * the same to Debian's pg_dump 15 (schema) and to row-by-row checksums (data). The same file
 * restored by psql gives the same data.
 */
class PgFidelityRoundTripTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");

    static Path fixture() throws Exception {
        return Path.of(PgFidelityRoundTripTest.class.getResource("/fixtures/pg-fidelity.sql").toURI());
    }

    static PgEndpoint endpoint(EmbeddedPostgres pg, String database) {
        return new PgEndpoint("localhost", pg.port(), database, "postgres", null, SslMode.DISABLE);
    }

    @Test
    void builtinBackupOfEveryObjectKindRestoresToTheSameSchemaAndData(@TempDir Path dir) throws Exception {
        String source = PG.createDatabase("fidelity");
        PgClientTools.psql(PG, source, "-f", fixture().toString());
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));

        Path file = dir.resolve("fidelity.sql.zst");
        RecordingContext backupContext = new RecordingContext();
        BackupResult backup = service.create(endpoint(PG, source), BackupOptions.defaults().withCompression(Compression.ZSTD),
                EngineChoice.BUILTIN, false, file, null).run(backupContext);

        Manifest manifest = backup.manifest();
        assertEquals(List.of(), manifest.warnings(), "the fixture holds nothing the engine cannot reproduce");
        assertEquals(ManifestIO.sha256(file), manifest.sha256());
        assertEquals(Compression.ZSTD, Compression.detect(file));
        assertEquals("15", manifest.serverVersion().split("\\.")[0]);
        assertTrue(new ManifestIO().readBeside(file).isPresent());

        String copy = "fidelity_copy_" + Long.toHexString(System.nanoTime());
        RestoreResult restore = service.restore(file, endpoint(PG, "postgres"), RestoreOptions.defaults().withCreateDatabase(copy))
                .run(new RecordingContext());
        assertTrue(restore.createdDatabase());
        assertEquals(0, restore.script().errorCount());

        assertEquals(PgClientTools.comparableSchema(PG, source), PgClientTools.comparableSchema(PG, copy),
                "pg_dump --schema-only of the source and of the restored copy");
        Map<String, String> expected;
        try (Connection c = PG.connect(source)) {
            expected = Fingerprints.of(c);
        }
        try (Connection c = PG.connect(copy)) {
            assertEquals(expected, Fingerprints.of(c), "row counts, md5 of ordered rows, sequence states");
        }
        try (Connection c = PG.connect(source)) {
            for (Manifest.TableEntry table : manifest.tables()) {
                assertEquals(Fingerprints.rows(c, table.schema(), table.name()), table.rows(), "manifest rows of " + table);
            }
        }
        assertEquals(23, manifest.tables().size(), "tables with data: " + manifest.tables());

        // The same file, decompressed, restored by psql in one transaction.
        Path plain = dir.resolve("fidelity.sql");
        try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file));
             OutputStream out = Files.newOutputStream(plain)) {
            in.transferTo(out);
        }
        String viaPsql = PG.createDatabase("fidelity_psql");
        PgClientTools.psql(PG, viaPsql, "--single-transaction", "-f", plain.toString());
        try (Connection c = PG.connect(viaPsql)) {
            assertEquals(expected, Fingerprints.of(c), "data restored by psql");
        }
        assertEquals(PgClientTools.comparableSchema(PG, source), PgClientTools.comparableSchema(PG, viaPsql),
                "schema restored by psql");
    }
}
