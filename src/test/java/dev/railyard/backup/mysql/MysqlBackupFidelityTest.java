package dev.railyard.backup.mysql;

import static dev.railyard.backup.mysql.MysqlTestDatabases.checksums;
import static dev.railyard.backup.mysql.MysqlTestDatabases.endpoint;
import static dev.railyard.backup.mysql.MysqlTestDatabases.schemaDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof the issue asks for: a built-in backup restored into a new database gives the same
 * schema (mariadb-dump --no-data --routines --triggers --events, AUTO_INCREMENT and the database
 * name aside) and the same rows (CHECKSUM TABLE of every table), through Railyard's runner and
 * through the mariadb client.
 */
class MysqlBackupFidelityTest {

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
