package dev.railyard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlServerTest {

    @Test
    void sharedServerRunsOnItsOwnPortWithPerformanceSchemaOn() throws Exception {
        MysqlServer server = MysqlServer.shared();
        assertNotEquals(3306, server.port(), "must never use the machine's own MySQL port");
        assertTrue(server.version().contains("MariaDB") || server.version().matches("\\d+\\.\\d+.*"), server.version());
        try (Connection c = server.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@performance_schema, @@port, CURRENT_USER()")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(server.port(), rs.getInt(2));
            assertTrue(rs.getString(3).startsWith("root@"), rs.getString(3));
        }
    }

    @Test
    void sharedIsStartedOncePerJvm() {
        assertTrue(MysqlServer.shared() == MysqlServer.shared());
    }

    @Test
    void createDatabaseGivesAFreshEmptyDatabaseEachTime() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String first = server.createDatabase("Shop-Test");
        String second = server.createDatabase("Shop-Test");
        assertNotEquals(first, second);
        assertTrue(first.startsWith("shop_test_"), first);
        try (Connection c = server.connect(first); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = server.connect(second); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void privateServerCanRunWithoutPerformanceSchemaAndIsGoneAfterClose() throws Exception {
        Path dataDir;
        int port;
        try (MysqlServer server = MysqlServer.start(false)) {
            dataDir = server.dataDir();
            port = server.port();
            assertNotEquals(MysqlServer.shared().port(), port);
            try (Connection c = server.connect(""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@performance_schema")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
        assertFalse(Files.exists(dataDir), "data directory must be deleted: " + dataDir);
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }

    @Test
    void sharedMysql9IsOracleMysqlOfMajorNineOrLaterWithItsOwnClientTools() throws Exception {
        MysqlServer mysql = MysqlServer.sharedMysql9();
        assertTrue(mysql == MysqlServer.sharedMysql9(), "started once per JVM");
        assertEquals(MysqlServer.Flavour.MYSQL, mysql.flavour());
        assertNotEquals(MysqlServer.sharedMariadb().port(), mysql.port());
        assertFalse(mysql.version().contains("MariaDB"), mysql.version());
        assertTrue(mysql.major() >= 9, mysql.version());
        try (Connection c = mysql.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@performance_schema, @@port, @@collation_server")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(mysql.port(), rs.getInt(2));
            assertEquals("utf8mb4_0900_ai_ci", rs.getString(3));
        }
        for (String tool : List.of("mysql", "mysqldump")) {
            Path client = mysql.client(tool);
            String out = MysqlServerTest.versionOf(client);
            assertFalse(out.contains("MariaDB"), client + ": " + out);
            assertTrue(out.contains("Ver " + mysql.major() + "."), client + ": " + out);
        }
        assertEquals(MysqlServer.Flavour.MARIADB, MysqlServer.sharedMariadb().flavour());
        assertTrue(MysqlServer.sharedMariadb().version().contains("MariaDB"), MysqlServer.sharedMariadb().version());
    }

    private static String versionOf(Path program) throws Exception {
        Process p = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void clientBinariesAreFoundUnderEitherName() {
        Path client = MysqlServer.clientBinary("mariadb");
        Path dump = MysqlServer.clientBinary("mysqldump");
        assertTrue(Files.isExecutable(client), client.toString());
        assertTrue(Files.isExecutable(dump), dump.toString());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> MysqlServer.clientBinary("no-such-railyard-tool"));
        assertTrue(missing.getMessage().contains("apt-get install"), missing.getMessage());
    }
}
