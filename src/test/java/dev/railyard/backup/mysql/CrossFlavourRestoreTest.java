package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups restored into the other flavour: MySQL 9's 0900 collations into MariaDB, MariaDB's
 * NO_AUTO_CREATE_USER triggers and sequences into MySQL 9. Without --map-flavour the restore stops
 * before changing anything and names the option; with it, the mapped backup restores and works.
 */
class CrossFlavourRestoreTest {

    @TempDir
    Path dir;

    private static MysqlEndpoint endpoint(MysqlServer server, String db) {
        return new MysqlEndpoint(null, "127.0.0.1", server.port(), db, "root", "", SslMode.DISABLE);
    }

    private static void execute(MysqlServer server, String db, String... statements) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> column(MysqlServer server, String db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static boolean exists(MysqlServer server, String db) throws SQLException {
        return !column(server, "", "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'").isEmpty();
    }

    private Path backup(MysqlServer server, String db) throws Exception {
        BackupResult result = new BuiltinMysqlDump(endpoint(server, db), BackupOptions.defaults().withCompression(Compression.GZIP),
                dir.resolve(db + ".sql.gz"), 64 * 1024).run(JobContext.silent());
        return result.file();
    }

    private static MysqlRestore restore(Path file, MysqlServer target, String newDatabase, boolean map) {
        return new MysqlRestore(file, endpoint(target, ""), MysqlRestoreOptions.defaults().intoNewDatabase(newDatabase)
                .withMapFlavour(map), MysqlTools.fromPath());
    }

    @Test
    void mysql9CollationsIntoMariaDbStopBeforeAnyChangeAndMapWithTheOption() throws Exception {
        MysqlServer mysql = MysqlServer.sharedMysql9();
        MysqlServer mariaDb = MysqlServer.sharedMariadb();
        String db = mysql.createDatabase("clinic9");
        execute(mysql, db,
                "CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                        + "code VARCHAR(20) COLLATE utf8mb4_0900_as_cs, KEY patients_name (name))",
                "CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, patient_id INT, what VARCHAR(40))",
                "CREATE TRIGGER patients_ai AFTER INSERT ON patients FOR EACH ROW "
                        + "INSERT INTO audit (patient_id, what) VALUES (NEW.id, 'created')",
                "CREATE PROCEDURE count_patients(OUT n INT) BEGIN SELECT COUNT(*) INTO n FROM patients; END",
                // A value that spells a collation is data: it must come back as it was.
                "INSERT INTO patients (name, code) VALUES ('Zoë', 'A1'), ('utf8mb4_0900_ai_ci', 'b2')");
        Path file = backup(mysql, db);

        String refused = db + "_plain";
        CrossFlavourException e = assertThrows(CrossFlavourException.class,
                () -> restore(file, mariaDb, refused, false).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("utf8mb4_0900_ai_ci"), e.getMessage());
        assertTrue(e.getMessage().contains("--map-flavour"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertTrue(e.mappable());
        assertTrue(e.pair().startsWith("MySQL 9.") && e.pair().contains("→ MariaDB"), e.pair());
        assertFalse(exists(mariaDb, refused), "stopped before creating the database");

        String copy = db + "_mapped";
        MysqlRestoreResult result = restore(file, mariaDb, copy, true).run(JobContext.silent());
        assertTrue(result.errors().isEmpty(), result.errors().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("utf8mb4_0900_ai_ci") && n.contains("mapped to utf8mb4_uca1400_ai_ci")),
                result.notes().toString());
        assertEquals(List.of("utf8mb4_uca1400_ai_ci"), column(mariaDb, "", "SELECT DEFAULT_COLLATION_NAME FROM "
                + "information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + copy + "'"), "the database's default is mapped too");
        assertEquals(List.of("utf8mb4_uca1400_ai_ci"), column(mariaDb, copy,
                "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'patients'"));
        assertEquals(List.of("utf8mb4_uca1400_as_cs"), column(mariaDb, copy,
                "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'code'"));
        assertEquals(List.of("Zoë", "utf8mb4_0900_ai_ci"), column(mariaDb, copy, "SELECT name FROM patients ORDER BY id"));
        execute(mariaDb, copy, "INSERT INTO patients (name) VALUES ('new')");
        assertEquals(List.of("created"), column(mariaDb, copy, "SELECT what FROM audit WHERE patient_id = 3"));
        try (Connection c = mariaDb.connect(copy); CallableStatement call = c.prepareCall("{CALL count_patients(?)}")) {
            call.registerOutParameter(1, java.sql.Types.INTEGER);
            call.execute();
            assertEquals(3, call.getInt(1));
        }
    }

    @Test
    void mariaDbModesAndSequencesIntoMysql9StopBeforeAnyChangeAndMapWithTheOption() throws Exception {
        MysqlServer mariaDb = MysqlServer.sharedMariadb();
        MysqlServer mysql = MysqlServer.sharedMysql9();
        String db = mariaDb.createDatabase("shopmaria");
        execute(mariaDb, db,
                "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION'",
                "CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2) NOT NULL)",
                "CREATE TABLE order_log (order_id INT, total DECIMAL(10,2))",
                "CREATE TRIGGER orders_ai AFTER INSERT ON orders FOR EACH ROW INSERT INTO order_log VALUES (NEW.id, NEW.total)",
                "CREATE SEQUENCE invoice_numbers START WITH 1000",
                "INSERT INTO orders VALUES (1, 9.50), (2, 20.00)");
        Path file = backup(mariaDb, db);

        String refused = db + "_plain";
        CrossFlavourException e = assertThrows(CrossFlavourException.class,
                () -> restore(file, mysql, refused, false).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("NO_AUTO_CREATE_USER"), e.getMessage());
        assertTrue(e.getMessage().contains("invoice_numbers"), e.getMessage());
        assertTrue(e.getMessage().contains("--map-flavour"), e.getMessage());
        assertFalse(exists(mysql, refused), "stopped before creating the database");

        String copy = db + "_mapped";
        MysqlRestoreResult result = restore(file, mysql, copy, true).run(JobContext.silent());
        assertTrue(result.errors().isEmpty(), result.errors().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("sequence invoice_numbers")), result.notes().toString());
        assertEquals(List.of("1", "2"), column(mysql, copy, "SELECT id FROM orders ORDER BY id"));
        execute(mysql, copy, "INSERT INTO orders VALUES (3, 1.25)");
        assertEquals(List.of("1.25"), column(mysql, copy, "SELECT total FROM order_log WHERE order_id = 3"));
        String mode = column(mysql, copy, "SELECT SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()").get(0);
        assertTrue(mode.contains("STRICT_TRANS_TABLES") && !mode.contains("NO_AUTO_CREATE_USER"), mode);
    }

    @Test
    void collationsMapToTheNearestTheOtherFlavourHas() {
        assertEquals(List.of("utf8mb4_uca1400_ai_ci", "utf8mb4_unicode_520_ci", "utf8mb4_unicode_ci"),
                CrossFlavour.candidates("utf8mb4_0900_ai_ci"));
        assertEquals(List.of("utf8mb4_uca1400_as_cs", "utf8mb4_bin"), CrossFlavour.candidates("utf8mb4_0900_as_cs"));
        assertEquals(List.of("utf8mb4_bin"), CrossFlavour.candidates("utf8mb4_0900_bin"));
        assertEquals(List.of("utf8mb4_0900_ai_ci", "utf8mb4_unicode_520_ci", "utf8mb4_unicode_ci"),
                CrossFlavour.candidates("utf8mb4_uca1400_swedish_nopad_ai_ci"));
        assertEquals(List.of(), CrossFlavour.candidates("latin1_swedish_ci"));
    }
}
