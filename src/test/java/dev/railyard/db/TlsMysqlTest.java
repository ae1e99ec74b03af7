package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.mysql.MysqlEndpoint;
import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.support.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MariaDB serving TLS with a self-signed certificate, as a MySQL behind Railway's proxy does. */
class TlsMysqlTest {

    private static final ConnectionTester TESTER = new ConnectionTester(Duration.ofSeconds(5));

    @TempDir
    static Path dir;
    private static MysqlServer mysql;
    private static TestCertificates server;
    private static TestCertificates stranger;

    @BeforeAll
    static void start() {
        server = TestCertificates.selfSigned(dir.resolve("server"), "localhost");
        stranger = TestCertificates.selfSigned(dir.resolve("stranger"), "stranger");
        mysql = MysqlServer.start(false, server);
    }

    @AfterAll
    static void stop() {
        if (mysql != null) {
            mysql.close();
        }
    }

    private static ConnectionProfile root(String host, SslMode mode, Path caFile) {
        return TestProfiles.profile(Dialect.MYSQL, host, mysql.port(), "", "root", mode,
                caFile == null ? null : caFile.toString());
    }

    @Test
    void requiredEncryptsWithoutVerifyingAndReportsTheProtocol() throws Exception {
        ConnectionReport report = TESTER.test(root("127.0.0.1", SslMode.REQUIRE, null), null);
        assertNotNull(report.tlsProtocol());
        assertTrue(report.tlsProtocol().startsWith("TLSv1."), report.tlsProtocol());
    }

    @Test
    void verifyIdentityWithThePemCaFileSucceeds() throws Exception {
        ConnectionReport report = TESTER.test(root("localhost", SslMode.VERIFY_FULL, server.certificate()), null);
        assertTrue(report.encrypted());
    }

    @Test
    void verifyCaWithAnotherCaIsAnUntrustedCertificate() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> TESTER.test(root("127.0.0.1", SslMode.VERIFY_CA, stranger.certificate()), null));
        assertEquals(Kind.TLS, problem.kind(), problem.getMessage());
        assertTrue(problem.summary().contains("not trusted"), problem.summary());
    }

    @Test
    void unreadableCaFileIsATlsProblemNamingTheFile() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> TESTER.test(root("127.0.0.1", SslMode.VERIFY_CA, dir.resolve("missing.pem")), null));
        assertEquals(Kind.TLS, problem.kind(), problem.getMessage());
        assertTrue(problem.summary().startsWith("Cannot read the CA file ") && problem.summary().endsWith("missing.pem"),
                problem.summary());
    }

    @Test
    void backupAndRestoreConnectionsUseTheSameCaFileAsTheProfileTest() throws Exception {
        MysqlEndpoint trusted = MysqlEndpoint.of(root("localhost", SslMode.VERIFY_FULL, server.certificate()), "");
        for (MysqlEndpoint.Purpose purpose : MysqlEndpoint.Purpose.values()) {
            try (Connection c = trusted.connect("", purpose); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(2).startsWith("TLSv1."), purpose + ": " + rs.getString(2));
            }
        }
        MysqlEndpoint wrong = MysqlEndpoint.of(root("localhost", SslMode.VERIFY_FULL, stranger.certificate()), "");
        ConnectFailure failure = assertThrows(ConnectFailure.class, () -> wrong.connect("", MysqlEndpoint.Purpose.DUMP));
        assertEquals(Kind.TLS, failure.problem().kind(), failure.getMessage());
    }

    /**
     * No purpose narrows the server's choice of suite to ChaCha20: under the launcher's compilers Java's
     * AES-GCM is about 13 times faster than its ChaCha20-Poly1305 (issue #20), and the server offers AES first.
     */
    @Test
    void everyConnectionTakesTheServersOwnSuite() throws Exception {
        MysqlEndpoint endpoint = MysqlEndpoint.of(root("127.0.0.1", SslMode.REQUIRE, null), "");
        for (MysqlEndpoint.Purpose purpose : MysqlEndpoint.Purpose.values()) {
            try (Connection c = endpoint.connect("", purpose); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
                assertTrue(rs.next());
                assertFalse(rs.getString(2).contains("CHACHA20"), purpose + ": " + rs.getString(2));
                assertFalse(rs.getString(2).isEmpty(), purpose + ": not encrypted");
            }
        }
    }
}
