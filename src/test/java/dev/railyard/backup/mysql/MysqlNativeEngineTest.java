package dev.railyard.backup.mysql;

import static dev.railyard.backup.mysql.MysqlTestDatabases.checksums;
import static dev.railyard.backup.mysql.MysqlTestDatabases.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native engine: which tool dumps which server with which flags, and a real mariadb-dump round trip. */
class MysqlNativeEngineTest {

    private static final MysqlVersion MARIADB = MysqlVersion.parse("10.11.19-MariaDB-0+deb12u1");
    private static final MysqlVersion MYSQL8 = MysqlVersion.parse("8.0.36");
    private static final MysqlVersion MYSQL_26 = MysqlVersion.parse("26.7.0");
    private static final String PASSWORD = "p\"#s w0rd\\;x";

    private static String source;
    private static Map<String, Long> sourceSums;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixtureAndUser() throws Exception {
        source = MysqlTestDatabases.fixtureDatabase("native");
        sourceSums = checksums(source);
        MysqlTestDatabases.execute("",
                "CREATE USER IF NOT EXISTS 'rb_user'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD.replace("\\", "\\\\") + "'",
                "GRANT ALL PRIVILEGES ON *.* TO 'rb_user'@'127.0.0.1' WITH GRANT OPTION");
    }

    private static MysqlEndpoint withPassword(String db) {
        return new MysqlEndpoint("test-profile", "127.0.0.1", MysqlServer.shared().port(), db, "rb_user", PASSWORD,
                SslMode.DISABLE);
    }

    /** The dump tools write FLOATs with six digits: that table comes back changed from their files (the manifest says so). */
    private static Map<String, Long> exceptFloatBits(Map<String, Long> sums) {
        Map<String, Long> rest = new java.util.TreeMap<>(sums);
        rest.remove("float_bits");
        return rest;
    }

    /** A fake client program that prints {@code versionLine} for --version. */
    private Path fakeTool(Path folder, String name, String versionLine) throws Exception {
        Files.createDirectories(folder);
        Path tool = folder.resolve(name);
        Files.writeString(tool, "#!/bin/sh\necho '" + versionLine + "'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }

    @Test
    void aMysqlDumpToolIsNeverUsedForMariaDb() throws Exception {
        Path bin = dir.resolve("mysql8");
        fakeTool(bin, "mysqldump", "mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)");
        MysqlTools.Decision d = new MysqlTools(List.of(bin)).forDump(MARIADB);
        assertFalse(d.usable(), d.reason());
        assertTrue(d.reason().contains("mariadb-dump"), d.reason());
    }

    @Test
    void mariaDbsDumpToolIsNeverUsedForMysqlAndAnOracleOneFurtherOnThePathIs() throws Exception {
        Path maria = dir.resolve("maria");
        fakeTool(maria, "mariadb-dump", "mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)");
        fakeTool(maria, "mysqldump", "mysqldump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)");
        MysqlTools.Decision d = new MysqlTools(List.of(maria)).forDump(MYSQL8);
        assertFalse(d.usable(), d.reason());
        assertTrue(d.reason().contains("MySQL's own mysqldump 8"), d.reason());
        // As on Debian: /usr/bin/mysqldump is MariaDB's, Oracle's comes later on the PATH.
        Path oracle = dir.resolve("oracle");
        fakeTool(oracle, "mysqldump", "mysqldump  Ver 9.7.4-2 for Linux on x86_64 ((Debian))");
        MysqlTools.Decision both = new MysqlTools(List.of(maria, oracle)).forDump(MYSQL8);
        assertTrue(both.usable(), both.reason());
        assertEquals(oracle.resolve("mysqldump"), both.tool().path());
        assertTrue(both.flags().contains("--set-gtid-purged=OFF"), both.flags().toString());
    }

    @Test
    void autoOnMysqlWithOnlyMariaDbsToolsUsesTheBuiltInEngineAndSaysWhy() throws Exception {
        Path maria = dir.resolve("maria-only");
        fakeTool(maria, "mysqldump", "mysqldump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)");
        MysqlBackupService service = new MysqlBackupService(new MysqlTools(List.of(maria)));
        MysqlBackupService.EngineDecision auto = service.choose(EngineChoice.AUTO, MysqlVersion.parse("9.7.4-2"));
        assertFalse(auto.useNative(), auto.reason());
        assertTrue(auto.reason().contains("MariaDB tool") && auto.reason().contains("built-in"), auto.reason());
        BackupException e = assertThrows(BackupException.class,
                () -> service.choose(EngineChoice.NATIVE, MysqlVersion.parse("9.7.4-2")));
        assertTrue(e.getMessage().contains("mysqldump 9"), e.getMessage());
    }

    @Test
    void anOracleMysqldumpOfAnOlderMajorIsDeclined() throws Exception {
        Path bin = dir.resolve("oracle84");
        fakeTool(bin, "mysqldump", "mysqldump  Ver 8.4.3 for Linux on x86_64 (MySQL Community Server - GPL)");
        MysqlTools tools = new MysqlTools(List.of(bin));
        assertFalse(tools.forDump(MysqlVersion.parse("9.7.4")).usable());
        assertTrue(tools.forDump(MysqlVersion.parse("8.0.36")).usable());
    }

    @Test
    void mariaDbDumpIsDeclinedForMysqlsYearNumberedVersionsToo() throws Exception {
        Path bin = dir.resolve("maria11");
        fakeTool(bin, "mariadb-dump", "mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux (x86_64)");
        MysqlTools tools = new MysqlTools(List.of(bin));
        assertEquals("11.4.2", tools.dump(true).orElseThrow().version());
        MysqlTools.Decision d = tools.forDump(MYSQL_26);
        assertFalse(d.usable());
        assertTrue(d.reason().contains("MariaDB tool"), d.reason());
    }

    @Test
    void anOlderMysqldumpThanTheServerIsDeclined() throws Exception {
        Path bin = dir.resolve("mysql57");
        fakeTool(bin, "mysqldump", "mysqldump  Ver 10.13 Distrib 5.7.44, for Linux (x86_64)");
        MysqlTools.Decision d = new MysqlTools(List.of(bin)).forDump(MYSQL8);
        assertFalse(d.usable());
        assertTrue(d.reason().contains("older"), d.reason());
    }

    @Test
    void withNoToolsAutoUsesTheBuiltInEngineAndNativeIsRefused() throws Exception {
        MysqlBackupService service = new MysqlBackupService(new MysqlTools(List.of(dir.resolve("empty"))));
        MysqlBackupService.EngineDecision auto = service.choose(EngineChoice.AUTO, MARIADB);
        assertFalse(auto.useNative());
        assertTrue(auto.reason().contains("no mariadb-dump or mysqldump"), auto.reason());
        BackupException e = assertThrows(BackupException.class, () -> service.choose(EngineChoice.NATIVE, MARIADB));
        assertTrue(e.getMessage().contains("--engine builtin"), e.getMessage());
    }

    @Test
    void nativeMariadbDumpRoundTripsWithThePasswordOnlyInAPrivateOptionFile() throws Exception {
        MysqlBackupService service = new MysqlBackupService(MysqlTools.fromPath());
        List<String> log = new CopyOnWriteArrayList<>();
        JobContext context = new JobContext() {
            @Override public void progress(long done, long total, ProgressUnit unit) { }
            @Override public void message(String step) { }
            @Override public void log(String line) { log.add(line); }
            @Override public boolean isCancelled() { return false; }
            @Override public Registration onCancel(Runnable action) { return Registration.NONE; }
        };
        Path out = dir.resolve("native.sql.zst");
        try (Stream<Path> before = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(before.noneMatch(p -> p.getFileName().toString().startsWith("railyard-my-")), "no option file left over");
        }
        BackupResult result = service.create(withPassword(source), BackupOptions.defaults().withCompression(Compression.ZSTD),
                EngineChoice.NATIVE, out).run(context);
        assertEquals("mariadb-dump", result.engine());
        assertTrue(log.stream().anyMatch(l -> l.contains("--defaults-extra-file=") && l.contains("--single-transaction")
                && l.contains("--hex-blob") && l.contains("--routines") && l.contains("--events")), log.toString());
        assertTrue(log.stream().noneMatch(l -> l.contains("w0rd")), "the password never appears in the log");
        try (Stream<Path> after = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(after.noneMatch(p -> p.getFileName().toString().startsWith("railyard-my-")), "the option file is deleted");
        }

        MysqlRestoreResult restored = service.restore(out, withPassword(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(source + "_from_native")).run(JobContext.silent());
        assertEquals(exceptFloatBits(sourceSums), exceptFloatBits(checksums(restored.database())));
        assertTrue(result.manifest().warnings().stream().anyMatch(w -> w.contains("float_bits") && w.contains("FLOAT")),
                "the manifest says FLOATs lose digits in a dump tool's file: " + result.manifest().warnings());
    }

    @Test
    void theNativeClientRestoresABuiltInBackup() throws Exception {
        MysqlBackupService service = new MysqlBackupService(MysqlTools.fromPath());
        Path out = dir.resolve("builtin.sql.gz");
        service.create(endpoint(source), BackupOptions.defaults().withCompression(Compression.GZIP), EngineChoice.BUILTIN, out)
                .run(JobContext.silent());
        MysqlRestoreResult restored = service.restore(out, withPassword(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(source + "_by_client").withNativeClient(true)).run(JobContext.silent());
        assertTrue(restored.engine().startsWith("mariadb"), restored.engine());
        assertEquals(sourceSums, checksums(restored.database()));
    }

    @Test
    void aMariadbDumpFileWithoutHexBlobRestoresThroughRailyardsRunner() throws Exception {
        Path file = dir.resolve("mariadb-dump.sql");
        String dump = MysqlTestDatabases.run(List.of(MysqlServer.clientBinary("mariadb-dump").toString(), "--no-defaults",
                "--host=127.0.0.1", "--port=" + MysqlServer.shared().port(), "--user=root", "--single-transaction",
                "--routines", "--triggers", "--events", "--default-character-set=utf8mb4", "--result-file=" + file, source), null);
        assertTrue(Files.size(file) > 0, dump);
        MysqlRestoreResult restored = new MysqlRestore(file, endpoint(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(source + "_from_mariadb_dump"), MysqlTools.fromPath()).run(JobContext.silent());
        assertFalse(restored.script().parallel(), "a foreign dump loads on one connection (it uses LOCK TABLES)");
        assertTrue(restored.script().endsLikeACompleteDump());
        assertEquals(exceptFloatBits(sourceSums), exceptFloatBits(checksums(restored.database())));
    }
}
