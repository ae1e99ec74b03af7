package dev.railyard.backup.mysql;

import static dev.railyard.backup.mysql.MysqlTestDatabases.checksums;
import static dev.railyard.backup.mysql.MysqlTestDatabases.endpoint;
import static dev.railyard.backup.mysql.MysqlTestDatabases.schemaDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.support.MysqlServer;
import dev.railyard.support.MysqlServer.Flavour;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof the issue asks for: a built-in backup restored into a new database gives the same
 * schema (mariadb-dump --no-data --routines --triggers --events, AUTO_INCREMENT and the database
 * name aside) and the same rows (CHECKSUM TABLE of every table), through Railyard's runner and
 * through the mariadb client. The round trip runs on MariaDB and on Oracle MySQL 9, with the built-in
 * and the native engine, each flavour with its own fixture (MySQL 8/9 syntax in mysql9-fidelity.sql).
 */
class MysqlBackupFidelityTest {

    /** One loaded fixture per flavour, with its oracles taken before any backup ran. */
    private record Loaded(FlavourDatabases on, String db, String schema, Map<String, Long> sums) { }

    private static final Map<Flavour, Loaded> LOADED = new HashMap<>();

    private static synchronized Loaded loaded(Flavour flavour) throws Exception {
        Loaded l = LOADED.get(flavour);
        if (l == null) {
            FlavourDatabases on = FlavourDatabases.of(flavour);
            String db = on.fixtureDatabase("fidelity_" + flavour.name().toLowerCase(java.util.Locale.ROOT));
            l = new Loaded(on, db, on.schemaDump(db), on.checksums(db));
            LOADED.put(flavour, l);
        }
        return l;
    }

    static Stream<Arguments> flavoursAndEngines() {
        return Stream.of(Arguments.of(Flavour.MARIADB, EngineChoice.BUILTIN), Arguments.of(Flavour.MARIADB, EngineChoice.NATIVE),
                Arguments.of(Flavour.MYSQL, EngineChoice.BUILTIN), Arguments.of(Flavour.MYSQL, EngineChoice.NATIVE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("flavoursAndEngines")
    void roundTripGivesTheSameSchemaRowsAndDatabaseDefaults(Flavour flavour, EngineChoice engine) throws Exception {
        Loaded l = loaded(flavour);
        FlavourDatabases on = l.on();
        MysqlBackupService service = new MysqlBackupService(on.tools());
        BackupResult result = service.create(on.endpoint(l.db()), BackupOptions.defaults().withCompression(Compression.ZSTD),
                engine, dir.resolve("round.sql.zst")).run(JobContext.silent());
        assertEquals(engine == EngineChoice.BUILTIN, result.engine().equals(BuiltinMysqlDump.ENGINE), result.engine());
        assertEquals(3000, result.manifest().tables().stream().filter(t -> t.name().equals("bulk")).findFirst()
                .orElseThrow().rows(), "counted rows in the manifest: " + result.manifest().tables());

        String copy = l.db() + "_" + engine.id();
        MysqlRestoreResult restored = service.restore(result.file(), on.endpoint(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(copy)).run(JobContext.silent());
        assertTrue(restored.createdDatabase());
        assertEquals(l.schema(), on.schemaDump(copy).replace(copy, l.db()));
        Map<String, Long> expected = new java.util.TreeMap<>(l.sums());
        Map<String, Long> actual = new java.util.TreeMap<>(on.checksums(copy));
        String floats = "SELECT GROUP_CONCAT(id, ':', COALESCE(f + 0e0, 'null') ORDER BY id) FROM float_bits";
        if (engine == EngineChoice.NATIVE) {
            // The dump tools write FLOATs with six digits: that table differs, and the manifest says so.
            expected.remove("float_bits");
            actual.remove("float_bits");
            assertTrue(result.manifest().warnings().stream().anyMatch(w -> w.contains("float_bits")), result.manifest().warnings()
                    .toString());
        } else {
            // The built-in engine keeps every bit of a FLOAT (this says which value differs, if one does).
            assertEquals(on.queryString(l.db(), floats), on.queryString(copy, floats));
        }
        assertEquals(expected, actual);
        String defaults = "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA "
                + "WHERE SCHEMA_NAME = DATABASE()";
        assertEquals(on.queryString(l.db(), defaults), on.queryString(copy, defaults), "the database's own defaults");
        assertEquals("C:\\temp\\", on.queryString(copy, "SELECT windows_path()"));
        String shapes = "SELECT GROUP_CONCAT(ST_SRID(g), ':', ST_AsText(g), '|', ST_SRID(p), ':', ST_AsText(p) ORDER BY id) FROM places";
        assertEquals(on.queryString(l.db(), shapes), on.queryString(copy, shapes));
        if (on.mysql()) {
            String vectors = "SELECT GROUP_CONCAT(id, ':', HEX(v) ORDER BY id) FROM embeddings";
            assertEquals(on.queryString(l.db(), vectors), on.queryString(copy, vectors));
            assertEquals("utf8mb4 utf8mb4_unicode_ci", on.queryString(copy, defaults));
        }
    }

    private static String source;
    private static String sourceSchema;
    private static Map<String, Long> sourceSums;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFixture() throws Exception {
        source = MysqlTestDatabases.fixtureDatabase("fidelity");
        sourceSchema = schemaDump(source);
        sourceSums = checksums(source);
        assertTrue(sourceSums.size() >= 12, "fixture loaded: " + sourceSums.keySet());
        assertEquals(3000, MysqlTestDatabases.count(source, "SELECT COUNT(*) FROM bulk"));
    }

    private BackupResult backup(String name, Compression compression, int maxStatement) throws Exception {
        Path out = dir.resolve(name);
        BackupOptions options = BackupOptions.defaults().withCompression(compression);
        return new BuiltinMysqlDump(endpoint(source), options, out, maxStatement).run(JobContext.silent());
    }

    @Test
    void autoOnMysql9TakesOraclesMysqldumpEvenWhenMariaDbsComesFirstOnThePath() throws Exception {
        Loaded l = loaded(Flavour.MYSQL);
        // As on Debian: /usr/bin/mysqldump is MariaDB's, and MySQL's own comes later on the PATH.
        Path mariaFolder = MysqlServer.clientBinary("mariadb-dump").getParent();
        MysqlTools tools = new MysqlTools(java.util.List.of(mariaFolder, l.on().server().client("mysqldump").getParent()));
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BackupResult result = new MysqlBackupService(tools).create(l.on().endpoint(l.db()), BackupOptions.defaults()
                .withCompression(Compression.NONE), EngineChoice.AUTO, dir.resolve("auto.sql")).run(new LoggingContext(log));
        assertEquals("mysqldump", result.engine());
        assertTrue(result.manifest().engineVersion().startsWith("9."), result.manifest().engineVersion());
        assertTrue(Files.readString(result.file()).startsWith("-- MySQL dump"), "Oracle's header first");
        String copy = l.db() + "_auto";
        new MysqlBackupService(tools).restore(result.file(), l.on().endpoint(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(copy)).run(JobContext.silent());
        Map<String, Long> expected = new java.util.TreeMap<>(l.sums());
        Map<String, Long> actual = new java.util.TreeMap<>(l.on().checksums(copy));
        expected.remove("float_bits");
        actual.remove("float_bits");
        assertEquals(expected, actual, "generated columns and all restore (MariaDB's tool made files that did not)");
        assertTrue(log.stream().anyMatch(line -> line.contains("Engine: mysqldump 9.")), log.toString());
        assertTrue(log.stream().noneMatch(line -> line.contains("unknown variable")),
                "Railyard's option file holds nothing Oracle's mysqldump warns about: " + log);
        assertTrue(result.manifest().warnings().stream().noneMatch(w -> w.contains("unknown variable")),
                result.manifest().warnings().toString());
    }

    @Test
    void mysql9sOwnToolsLogInWithCachingSha2PasswordOverAPlainConnection() throws Exception {
        Loaded l = loaded(Flavour.MYSQL);
        // MySQL 9's default authentication; without TLS a password the server has not cached needs its RSA key.
        String password = "Cl1nic#pass";
        l.on().execute("", "CREATE USER IF NOT EXISTS 'clinic_app'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT ALL PRIVILEGES ON *.* TO 'clinic_app'@'%'", "FLUSH PRIVILEGES");
        MysqlEndpoint app = new MysqlEndpoint("clinic", "127.0.0.1", l.on().server().port(), l.db(), "clinic_app", password,
                dev.railyard.profile.SslMode.DISABLE);
        MysqlBackupService service = new MysqlBackupService(l.on().tools());
        BackupResult result = service.create(app, BackupOptions.defaults().withCompression(Compression.GZIP), EngineChoice.NATIVE,
                dir.resolve("sha2.sql.gz")).run(JobContext.silent());
        assertEquals("mysqldump", result.engine());
        l.on().execute("", "FLUSH PRIVILEGES"); // forget the cached password again, for the client
        MysqlRestoreResult restored = service.restore(result.file(), app.withDatabase(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(l.db() + "_sha2").withNativeClient(true)).run(JobContext.silent());
        assertTrue(restored.engine().startsWith("mysql 9."), restored.engine());
        Map<String, Long> expected = new java.util.TreeMap<>(l.sums());
        Map<String, Long> actual = new java.util.TreeMap<>(l.on().checksums(restored.database()));
        expected.remove("float_bits");
        actual.remove("float_bits");
        assertEquals(expected, actual);

        // Railyard's own connections fill the server's password cache first; a tool that comes first
        // (no cache, as after a restart) must still log in: the option file asks for the server's key.
        l.on().execute("", "FLUSH PRIVILEGES");
        Path options = dir.resolve("client.cnf");
        Files.writeString(options, dev.railyard.db.MysqlClientOptions.text(app.endpoint(), password, false));
        String out = MysqlTestDatabases.run(java.util.List.of(l.on().server().client("mysql").toString(),
                "--defaults-extra-file=" + options, "--batch", "--skip-column-names", "-e", "SELECT CURRENT_USER()"), null);
        assertTrue(out.contains("clinic_app@%"), out);
    }

    /** A job context that keeps the log. */
    private record LoggingContext(java.util.List<String> lines) implements JobContext {
        @Override public void progress(long done, long total, dev.railyard.task.ProgressUnit unit) { }
        @Override public void message(String step) { }
        @Override public void log(String line) { lines.add(line); }
        @Override public boolean isCancelled() { return false; }
        @Override public Registration onCancel(Runnable action) { return Registration.NONE; }
    }

    @Test
    void builtinBackupRestoredIntoANewDatabaseHasTheSameSchemaAndRows() throws Exception {
        // Small statements so the bulk table and the big BLOB span many INSERTs.
        BackupResult result = backup("fidelity.sql.zst", Compression.ZSTD, 16 * 1024);
        Manifest manifest = result.manifest();
        assertEquals("mysql", manifest.dialect());
        assertEquals(ManifestIO.sha256(result.file()), manifest.sha256());
        assertEquals(3000, manifest.tables().stream().filter(t -> t.name().equals("bulk")).findFirst().orElseThrow().rows());
        assertTrue(manifest.warnings().stream().anyMatch(w -> w.contains("legacy_myisam") && w.contains("MyISAM")),
                "non-InnoDB table warned about: " + manifest.warnings());

        String copy = source + "_copy";
        MysqlRestoreResult restored = new MysqlRestore(result.file(), endpoint(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(copy), MysqlTools.fromPath()).run(JobContext.silent());
        assertTrue(restored.createdDatabase());
        assertTrue(restored.script().parallel(), "Railyard's dump loads on several connections");
        assertEquals(sourceSchema, schemaDump(copy).replace(copy, source));
        assertEquals(sourceSums, checksums(copy));
        // A restored sequence goes on after the values the source had cached: no number is handed out twice.
        assertTrue(Long.parseLong(MysqlTestDatabases.queryString(copy, "SELECT NEXTVAL(invoice_numbers)"))
                >= Long.parseLong(MysqlTestDatabases.queryString(source, "SELECT next_not_cached_value FROM invoice_numbers")));
        assertEquals("C:\\temp\\", MysqlTestDatabases.queryString(copy, "SELECT windows_path()"));
        // Spatial values travel as the server's internal bytes (SRID + WKB) in hex: SRIDs and shapes come back exactly.
        String shapes = "SELECT GROUP_CONCAT(ST_SRID(g), ':', ST_AsText(g), '|', ST_SRID(p), ':', ST_AsText(p) ORDER BY id) FROM places";
        assertEquals(MysqlTestDatabases.queryString(source, shapes), MysqlTestDatabases.queryString(copy, shapes));
        assertTrue(MysqlTestDatabases.queryString(copy, shapes).contains("3857:GEOMETRYCOLLECTION"));
        // AUTO_INCREMENT counters are state, and kept.
        String counter = "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'";
        assertEquals(MysqlTestDatabases.queryString(source, counter), MysqlTestDatabases.queryString(copy, counter));
    }

    @Test
    void theSameFileRestoresThroughTheMariadbClient() throws Exception {
        BackupResult result = backup("client.sql", Compression.NONE, MysqlDumpWriter.DEFAULT_MAX_STATEMENT);
        String copy = MysqlTestDatabases.server().createDatabase("client_copy");
        MysqlTestDatabases.mariadbClientRestore(copy, result.file());
        assertEquals(sourceSums, checksums(copy));
        assertEquals(sourceSchema, schemaDump(copy).replace(copy, source));
    }

    @Test
    void gzipBackupRestoresSequentiallyWithTheSameRows() throws Exception {
        BackupResult result = backup("seq.sql.gz", Compression.GZIP, 64 * 1024);
        assertEquals(Compression.GZIP, Compression.detect(result.file()));
        String copy = source + "_seq";
        MysqlRestoreResult restored = new MysqlRestore(result.file(), endpoint(""), MysqlRestoreOptions.defaults()
                .intoNewDatabase(copy).withParallelLoads(1), MysqlTools.fromPath()).run(JobContext.silent());
        assertFalse(restored.script().parallel());
        assertEquals(sourceSums, checksums(copy));
    }

    @Test
    void theDumpKeepsSessionSettingsAutoIncrementAndTheClosingLine() throws Exception {
        BackupResult result = backup("plain.sql", Compression.NONE, MysqlDumpWriter.DEFAULT_MAX_STATEMENT);
        String text = Files.readString(result.file());
        assertTrue(text.startsWith("-- Railyard MySQL dump"));
        assertTrue(text.contains("/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;"));
        assertTrue(text.contains("/*!40103 SET TIME_ZONE='+00:00' */;"));
        assertTrue(text.contains("FOREIGN_KEY_CHECKS=0"));
        assertTrue(text.contains("AUTO_INCREMENT=1004"), "AUTO_INCREMENT kept");
        assertTrue(text.contains("INSERT INTO `orders` (`id`,`customer_id`,`qty`,`unit_price`,`status`,`flags`,`placed`,`secret_note`)"),
                "generated columns left out, invisible ones kept");
        assertTrue(text.contains("b'1111111111111111111111111111111111111111111111111111111111111111'"), "BIT as b''");
        assertTrue(text.contains("0x000102030405"), "BLOBs as hex");
        assertTrue(text.contains("DELIMITER $$"), "a body holding ;; gets another delimiter");
        assertTrue(text.stripTrailing().lines().reduce((a, b) -> b).orElse("").startsWith("-- Dump completed on "));
        int triggers = text.indexOf("-- Trigger `orders_ai`");
        assertTrue(triggers > text.indexOf("-- Data of `orders`"), "triggers after the table's rows");
        assertTrue(text.indexOf("-- View `c_base`") < text.indexOf("-- View `b_mid`")
                && text.indexOf("-- View `b_mid`") < text.indexOf("-- View `a_top`"), "views in dependency order");
    }
}
