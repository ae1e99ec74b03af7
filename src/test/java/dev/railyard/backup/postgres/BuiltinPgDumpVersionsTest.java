package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Newer servers than the local pg_dump (PostgreSQL 17 and 18): the built-in engine backs them
 * up, the backup restores cleanly into the same major, and a backup of the copy is the same
 * script (definitions and rows) as the backup of the source.
 */
class BuiltinPgDumpVersionsTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"17", "18"})
    void builtinBackupRestoresIntoTheSameMajorAndBacksUpIdentically(String major, @TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String source = pg.createDatabase("versions");
        PgClientTools.psql(pg, source, "-f", PgFidelityRoundTripTest.fixture().toString());
        for (int version = 17; version <= Integer.parseInt(major); version++) {
            Path extra = Path.of(getClass().getResource("/fixtures/pg-fidelity-" + version + ".sql").toURI());
            PgClientTools.psql(pg, source, "-f", extra.toString());
        }
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));

        Path first = dir.resolve("source.sql.gz");
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(pg, source),
                BackupOptions.defaults().withCompression(Compression.GZIP), EngineChoice.AUTO, false, first, null)
                .run(new RecordingContext());
        assertEquals("railyard-builtin", backup.engine(), "pg_dump 15 cannot dump PostgreSQL " + major);
        assertEquals(List.of(), backup.warnings());
        assertEquals(major, backup.manifest().serverVersion().split("\\.")[0]);

        String copy = "versions_copy_" + Long.toHexString(System.nanoTime());
        // Into a new database without one transaction: in parts, tables loaded and indexes built on two connections.
        RecordingContext restoreContext = new RecordingContext();
        service.restore(first, PgFidelityRoundTripTest.endpoint(pg, "postgres"),
                        RestoreOptions.defaults().withCreateDatabase(copy).withSingleTransaction(false).withJobs(2))
                .run(restoreContext);
        assertTrue(restoreContext.allLog().contains("Restoring in parts"), restoreContext.allLog());

        Map<String, String> expected;
        try (Connection c = pg.connect(source)) {
            expected = Fingerprints.of(c);
        }
        try (Connection c = pg.connect(copy)) {
            assertEquals(expected, Fingerprints.of(c));
        }
        try (Connection a = pg.connect(source); Connection b = pg.connect(copy)) {
            assertEquals(String.join("\n", CatalogSignature.of(a)), String.join("\n", CatalogSignature.of(b)),
                    "columns, constraints, indexes, triggers, policies, views, functions, types, sequences, comments");
        }
        Path second = dir.resolve("copy.sql.gz");
        service.create(PgFidelityRoundTripTest.endpoint(pg, copy), BackupOptions.defaults().withCompression(Compression.GZIP),
                EngineChoice.BUILTIN, false, second, null).run(new RecordingContext());
        assertEquals(script(first), script(second), "the backup of the restored copy is the backup of the source");
    }

    /** The script without its "Engine: ...; database ...; snapshot taken ..." line. */
    private static String script(Path file) throws IOException {
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(file))) {
            StringBuilder kept = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("-- Engine: ")) {
                    kept.append(line).append('\n');
                }
            }
            return kept.toString();
        }
    }
}
