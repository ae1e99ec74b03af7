package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.profile.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throwaway servers of deep verification let no one in without a password and give the
 * verification account no way to act on this machine.
 */
class LocalServersLockDownTest {

    private static Endpoint endpoint(LocalServers.Server server, String database, String user) {
        return new Endpoint("t", server.profile().dialect(), "127.0.0.1", server.profile().port(), database, user,
                SslMode.DISABLE, null);
    }

    @Test
    void postgresNeedsPasswordsAndItsVerifyRoleIsNoSuperuser(@TempDir Path work) throws Exception {
        try (LocalServers.Server server = LocalServers.start(Dialect.POSTGRESQL, work, "railyard_verify", List.of())) {
            assertThrows(SQLException.class, () -> Connections.open(endpoint(server, "postgres", "postgres"), null,
                    Connections.Purpose.ADMIN).close(), "the superuser needs a password");
            assertThrows(SQLException.class, () -> Connections.open(endpoint(server, "railyard_verify",
                    LocalServers.VERIFY_USER), null, Connections.Purpose.ADMIN).close(), "so does the verification role");
            try (Connection c = Connections.open(endpoint(server, "railyard_verify", LocalServers.VERIFY_USER),
                    server.password(), Connections.Purpose.VERIFY); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb, "
                        + "pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') FROM pg_roles WHERE rolname = current_user")) {
                    rs.next();
                    assertFalse(rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3) || rs.getBoolean(4));
                }
                Path sockets;
                try (var found = Files.walk(work)) {
                    sockets = found.filter(f -> f.getFileName().toString().startsWith(".s.PGSQL.") && !f.toString().endsWith(".lock"))
                            .findFirst().orElseThrow().getParent();
                }
                assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(sockets)), "the socket lives in a private folder: " + sockets);
                SQLException e = assertThrows(SQLException.class, () -> s.execute("COPY (SELECT 1) TO PROGRAM 'true'"));
                assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            }
        }
    }

    @Test
    void mysqlVerifyAccountHasNoFileRightAndRootNeedsAPassword(@TempDir Path work) throws Exception {
        try (LocalServers.Server server = LocalServers.start(Dialect.MYSQL, work, "railyard_verify", List.of())) {
            assertThrows(SQLException.class, () -> Connections.open(endpoint(server, "", "root"), "",
                    Connections.Purpose.ADMIN).close(), "root needs a password");
            try (Connection c = Connections.open(endpoint(server, "", LocalServers.VERIFY_USER), server.password(),
                    Connections.Purpose.ADMIN); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT @@secure_file_priv, @@local_infile")) {
                    rs.next();
                    Path folder = Path.of(rs.getString(1));
                    assertTrue(folder.startsWith(work), "secure_file_priv is a private folder: " + folder);
                    assertEquals(0, rs.getInt(2), "local_infile is off");
                }
                s.execute("CREATE DATABASE railyard_verify");
                Path target = work.resolve("outfile");
                SQLException e = assertThrows(SQLException.class,
                        () -> s.execute("SELECT 1 INTO OUTFILE '" + target + "'"));
                assertTrue(e.getMessage().contains("denied"), e.getMessage());
                assertFalse(Files.exists(target));
                assertThrows(SQLException.class, () -> s.execute("SET GLOBAL max_connections = 10"));
            }
        }
    }
}
