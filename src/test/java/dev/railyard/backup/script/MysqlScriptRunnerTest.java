package dev.railyard.backup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The runner against a real MariaDB: what the server receives is what the script holds. */
class MysqlScriptRunnerTest {

    private static MysqlServer server() {
        return MysqlServer.shared();
    }

    /** Connections as the runner needs them: chars sent as bytes. */
    private static MysqlScriptRunner.ConnectionSource source(String db) {
        return () -> {
            Properties p = new Properties();
            p.setProperty("user", "root");
            p.setProperty("password", "");
            p.setProperty("useSSL", "false");
            p.setProperty("characterEncoding", "ISO-8859-1");
            return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server().port() + "/" + db, p);
        };
    }

    private static MysqlScriptResult run(String db, byte[] script, MysqlScriptOptions options) throws Exception {
        return new MysqlScriptRunner(source(db), options).run(new ByteArrayInputStream(script), JobContext.silent(), null, -1);
    }

    private static MysqlScriptResult run(String db, String script, MysqlScriptOptions options) throws Exception {
        return run(db, script.getBytes(StandardCharsets.UTF_8), options);
    }

    private static String query(String db, String sql) throws SQLException {
        try (Connection c = server().connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everyByteValueInAnEscapedStringReachesTheServerUnchanged() throws Exception {
        String db = server().createDatabase("bytes");
        // What mysqldump writes without --hex-blob: raw bytes in a quoted string, NUL and quotes escaped.
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.writeBytes("SET NAMES utf8mb4;\nCREATE TABLE b (v LONGBLOB, t TEXT CHARACTER SET utf8mb4);\nINSERT INTO b VALUES ('"
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 256; i++) {
            switch (i) {
                case 0 -> script.writeBytes("\\0".getBytes(StandardCharsets.US_ASCII));
                case '\'' -> script.writeBytes("\\'".getBytes(StandardCharsets.US_ASCII));
                case '\\' -> script.writeBytes("\\\\".getBytes(StandardCharsets.US_ASCII));
                default -> script.write(i);
            }
        }
        script.writeBytes("', 'Zoë 😀 漢字');\n".getBytes(StandardCharsets.UTF_8));
        run(db, script.toByteArray(), MysqlScriptOptions.defaults());
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            expected.append(String.format("%02X", i));
        }
        assertEquals(expected.toString(), query(db, "SELECT HEX(v) FROM b"));
        assertEquals("Zoë 😀 漢字", query(db, "SELECT t FROM b"));
    }

    @Test
    void mysql8DumpSyntaxRestoresIntoMariaDb() throws Exception {
        String db = server().createDatabase("mysql8");
        String script = """
                -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                /*!50503 SET NAMES utf8mb4 */;
                /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
                /*!40103 SET TIME_ZONE='+00:00' */;
                /*!80000 SET SESSION information_schema_stats_expiry=0 */;
                SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;
                SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5';
                DROP TABLE IF EXISTS `t`;
                /*!40101 SET @saved_cs_client     = @@character_set_client */;
                /*!50503 SET character_set_client = utf8mb4 */;
                CREATE TABLE `t` (
                  `id` int NOT NULL,
                  `v` varchar(10) DEFAULT NULL,
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB /*!80016 DEFAULT ENCRYPTION='N' */;
                /*!40101 SET character_set_client = @saved_cs_client */;
                LOCK TABLES `t` WRITE;
                /*!40000 ALTER TABLE `t` DISABLE KEYS */;
                INSERT INTO `t` VALUES (1,'a'),(2,'b;c');
                /*!40000 ALTER TABLE `t` ENABLE KEYS */;
                UNLOCK TABLES;
                /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
                -- Dump completed on 2024-01-01 10:00:00
                """;
        MysqlScriptResult result = run(db, script, MysqlScriptOptions.defaults());
        assertEquals("2", query(db, "SELECT COUNT(*) FROM t"));
        assertTrue(result.endsLikeACompleteDump());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("GTID_PURGED")), result.notes().toString());
    }

    @Test
    void theDumpsDatabaseStatementsAreSkippedWhenRestoringElsewhere() throws Exception {
        String db = server().createDatabase("retarget");
        String script = """
                CREATE DATABASE /*!32312 IF NOT EXISTS*/ `somewhere_else` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
                USE `somewhere_else`;
                CREATE TABLE x (id INT);
                INSERT INTO x VALUES (7);
                /*!50003 ALTER DATABASE `somewhere_else` CHARACTER SET latin1 COLLATE latin1_swedish_ci */ ;
                """;
        MysqlScriptResult result = run(db, script, MysqlScriptOptions.defaults());
        assertEquals("7", query(db, "SELECT id FROM x"));
        assertEquals("0", query("", "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'somewhere_else'"));
        assertEquals("latin1", query("", "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + db + "'"));
        assertEquals(3, result.notes().size(), result.notes().toString());
    }

    @Test
    void goingOnAfterErrorsListsThemAndRunsTheRest() throws Exception {
        String db = server().createDatabase("goon");
        String script = "CREATE TABLE a (id INT PRIMARY KEY);\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (1);\n"
                + "INSERT INTO missing VALUES (2);\nINSERT INTO a VALUES (3);\n";
        MysqlScriptResult result = run(db, script, MysqlScriptOptions.defaults().withStopOnFirstError(false));
        assertEquals(2, result.errors().size());
        assertEquals(3, result.errors().get(0).line());
        assertEquals(1062, result.errors().get(0).errorCode());
        assertEquals(4, result.errors().get(1).line());
        assertTrue(result.errors().get(1).describe().contains("missing"), result.errors().get(1).describe());
        assertEquals("2", query(db, "SELECT COUNT(*) FROM a"));
    }

    @Test
    void stoppingAtTheFirstErrorNamesTheLineAndRunsNothingAfter() throws Exception {
        String db = server().createDatabase("stop");
        String script = "CREATE TABLE a (id INT PRIMARY KEY);\n\nINSERT INTO a VALUES (1), (1);\nINSERT INTO a VALUES (3);\n";
        MysqlScriptException e = assertThrows(MysqlScriptException.class, () -> run(db, script, MysqlScriptOptions.defaults()));
        assertEquals(3, e.error().line());
        assertEquals("0", query(db, "SELECT COUNT(*) FROM a"));
    }

    @Test
    void aRoutineCreatedUnderNoBackslashEscapesKeepsItsBackslashes() throws Exception {
        String db = server().createDatabase("nobackslash");
        String script = """
                SET sql_mode = 'NO_BACKSLASH_ESCAPES';
                CREATE TABLE p (v VARCHAR(20));
                INSERT INTO p VALUES ('C:\\dir\\');
                SET sql_mode = '';
                INSERT INTO p VALUES ('it\\'s');
                """;
        run(db, script, MysqlScriptOptions.defaults());
        assertEquals("C:\\dir\\", query(db, "SELECT v FROM p ORDER BY v LIMIT 1"));
        assertEquals("it's", query(db, "SELECT v FROM p WHERE v LIKE 'it%'"));
    }

    @Test
    void aScriptWithoutRailyardsHeaderLoadsOnOneConnection() throws Exception {
        String db = server().createDatabase("serial");
        MysqlScriptResult result = run(db, "-- hand written\nCREATE TABLE a (id INT);\nINSERT INTO `a` VALUES (1);\n",
                MysqlScriptOptions.defaults().withParallelLoads(4));
        assertFalse(result.parallel());
    }
}
