package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native engine: used when the local pg_dump can dump the server, declined with the reason when it cannot. */
class NativePgToolsTest {

    private static NativePgTools tools() {
        PgClientTools.tool("pg_dump");
        return NativePgTools.fromEnvironment(Path.of("/usr/bin"));
    }

    @Test
    void readsTheVersionOfTheInstalledTools() {
        NativePgTools.Tool pgDump = tools().find("pg_dump").orElseThrow();
        assertEquals(15, pgDump.major());
        assertTrue(pgDump.versionText().contains("PostgreSQL"));
        assertTrue(tools().find("psql").isPresent());
        assertTrue(tools().find("no_such_tool_here").isEmpty());
    }

    @Test
    void parsesTheVersionLinesOfEveryRelease() {
        assertArrayEquals(new int[] {15, 20}, NativePgTools.parseVersion("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"));
        assertArrayEquals(new int[] {18, 0}, NativePgTools.parseVersion("psql (PostgreSQL) 18beta1"));
        assertArrayEquals(new int[] {17, 6}, NativePgTools.parseVersion("pg_dump (PostgreSQL) 17.6"));
        assertArrayEquals(new int[] {9, 6}, NativePgTools.parseVersion("pg_dump (PostgreSQL) 9.6.24"));
        assertNull(NativePgTools.parseVersion("not a version"));
    }

    @Test
    void pgDumpIsDeclinedForANewerServerWithTheReason() {
        NativePgTools.Decision older = tools().forDump(17);
        assertFalse(older.usable());
        assertTrue(older.reason().contains("older than the server (17)"), older.reason());
        assertTrue(tools().forDump(15).usable());
        assertTrue(tools().forDump(13).usable());
        NativePgTools.Decision missing = new NativePgTools(List.of(Path.of("/nonexistent"))).forDump(15);
        assertFalse(missing.usable());
        assertTrue(missing.reason().contains("not found"));
    }

    @Test
    void commandsCarryTheConnectionAndPasswordInTheEnvironmentOnly() {
        NativePgTools tools = tools();
        PgEndpoint endpoint = new PgEndpoint("db.example.com", 6543, "railway", "postgres", "s3cret-Pa55", SslMode.REQUIRE);
        NativePgDump dump = new NativePgDump(tools, tools.find("pg_dump").orElseThrow(), endpoint, BackupOptions.defaults(),
                Path.of("x.sql"), null, "15.0", false);
        ProcessBuilder builder = tools.command(tools.find("pg_dump").orElseThrow(), endpoint, dump.arguments(), "railyard-test");
        String commandLine = String.join(" ", builder.command());
        assertFalse(commandLine.contains("s3cret"), commandLine);
        assertFalse(commandLine.contains("db.example.com"), commandLine);
        assertTrue(commandLine.contains("--no-password"));
        Map<String, String> env = builder.environment();
        assertEquals("s3cret-Pa55", env.get("PGPASSWORD"));
        assertEquals("db.example.com", env.get("PGHOST"));
        assertEquals("6543", env.get("PGPORT"));
        assertEquals("require", env.get("PGSSLMODE"));
        assertFalse(endpoint.toString().contains("s3cret"));
    }

    @Test
    void autoUsesPgDump15AgainstPostgres15AndTheRunnerRestoresItsOutput(@TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared("15");
        String source = pg.createDatabase("native");
        PgClientTools.psql(pg, source, "-f", PgFidelityRoundTripTest.fixture().toString());
        PgBackupService service = new PgBackupService(tools());
        Path file = dir.resolve("native.sql.gz");
        RecordingContext context = new RecordingContext();
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(pg, source),
                BackupOptions.defaults().withCompression(Compression.GZIP), EngineChoice.AUTO, false, file, null).run(context);
        assertEquals("pg_dump", backup.engine());
        assertTrue(context.allLog().contains("auto: pg_dump 15."), context.allLog());

        // pg_dump's own plain output (\restrict lines included) through Railyard's runner.
        String copy = "native_copy_" + Long.toHexString(System.nanoTime());
        RestoreResult restore = service.restore(file, PgFidelityRoundTripTest.endpoint(pg, "postgres"),
                RestoreOptions.defaults().withCreateDatabase(copy)).run(new RecordingContext());
        assertEquals(0, restore.script().errorCount());
        assertEquals(PgClientTools.comparableSchema(pg, source), PgClientTools.comparableSchema(pg, copy));
        try (Connection a = pg.connect(source); Connection b = pg.connect(copy)) {
            assertEquals(Fingerprints.of(a), Fingerprints.of(b));
        }
    }

    @Test
    void customFormatGoesThroughPgRestore(@TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared("15");
        String source = pg.createDatabase("custom");
        PgClientTools.psql(pg, source, "-c", "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT i, 'v' || i FROM generate_series(1, 1000) i;");
        PgBackupService service = new PgBackupService(tools());
        Path file = dir.resolve("custom.dump");
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(pg, source), BackupOptions.defaults(),
                EngineChoice.NATIVE, true, file, null).run(new RecordingContext());
        assertEquals("custom", backup.manifest().format());
        String copy = "custom_copy_" + Long.toHexString(System.nanoTime());
        RestoreResult restore = service.restore(file, PgFidelityRoundTripTest.endpoint(pg, "postgres"),
                RestoreOptions.defaults().withCreateDatabase(copy)).run(new RecordingContext());
        assertEquals("pg_restore", restore.engine());
        try (Connection a = pg.connect(source); Connection b = pg.connect(copy)) {
            assertEquals(Fingerprints.of(a), Fingerprints.of(b));
        }
    }

    @Test
    void autoFallsBackToTheBuiltinEngineForPostgres17AndSaysWhy(@TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String source = pg.createDatabase("fallback");
        PgClientTools.psql(pg, source, "-c", "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);");
        PgBackupService service = new PgBackupService(tools());
        RecordingContext context = new RecordingContext();
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(pg, source), BackupOptions.defaults(),
                EngineChoice.AUTO, false, dir.resolve("fallback.sql"), null).run(context);
        assertEquals("railyard-builtin", backup.engine());
        assertTrue(context.allLog().contains("older than the server (17)"), context.allLog());
        assertTrue(context.allLog().contains("using the built-in engine"), context.allLog());

        BackupException refused = assertThrows(BackupException.class, () -> service.create(
                PgFidelityRoundTripTest.endpoint(pg, source), BackupOptions.defaults(), EngineChoice.NATIVE, false,
                dir.resolve("native.sql"), null).run(new RecordingContext()));
        assertTrue(refused.getMessage().contains("server version mismatch"), refused.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("native.sql")));
    }

    @Test
    void withoutAnyPgDumpAutoGoesStraightToTheBuiltinEngineWithoutAConnectionForTheVersion(@TempDir Path dir)
            throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String source = pg.createDatabase("no_tools");
        PgClientTools.psql(pg, source, "-c", "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);");
        PgBackupService service = new PgBackupService(new NativePgTools(List.of(Path.of("/nonexistent"))));
        try (dev.railyard.support.LatencyProxy proxy = new dev.railyard.support.LatencyProxy(pg.port(), java.time.Duration.ZERO)) {
            PgEndpoint through = new PgEndpoint("localhost", proxy.port(), source, "postgres", null,
                    dev.railyard.profile.SslMode.DISABLE);
            RecordingContext context = new RecordingContext();
            BackupResult backup = service.create(through, BackupOptions.defaults().withJobs(1), EngineChoice.AUTO, false,
                    dir.resolve("no-tools.sql"), null).run(context);
            assertEquals("railyard-builtin", backup.engine());
            assertTrue(context.allLog().contains("pg_dump was not found"), context.allLog());
            assertFalse(context.messages.contains("Checking the server version"), context.messages.toString());
            assertEquals(1, proxy.connections(), "the backup's own connection only");
        }
    }
}
