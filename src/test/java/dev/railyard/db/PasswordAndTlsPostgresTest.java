package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL like Railway's: passwords checked (scram-sha-256) and TLS with a self-signed
 * certificate. The superuser keeps trust from localhost so the harness can set things up.
 */
class PasswordAndTlsPostgresTest {

    private static final String PASSWORD = "s3cret-Pa55";
    private static final ConnectionTester TESTER = new ConnectionTester(Duration.ofSeconds(5));

    @TempDir
    static Path dir;
    private static EmbeddedPostgres pg;
    private static TestCertificates server;
    private static TestCertificates stranger;

    @BeforeAll
    static void startGuardedServer() throws Exception {
        server = TestCertificates.selfSigned(dir.resolve("server"), "localhost");
        stranger = TestCertificates.selfSigned(dir.resolve("stranger"), "stranger");
        pg = EmbeddedPostgres.startWithTls("17", dir, server);
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ConnectionProfile app(String host, SslMode mode, Path caFile) {
        return TestProfiles.profile(Dialect.POSTGRESQL, host, pg.port(), "postgres", "app", mode,
                caFile == null ? null : caFile.toString());
    }

    @Test
    void rightPasswordWithTlsRequiredAcceptsTheSelfSignedCertificateLikeRailway() throws Exception {
        ConnectionReport report = TESTER.test(app("127.0.0.1", SslMode.REQUIRE, null), PASSWORD);
        assertNotNull(report.tlsProtocol());
        assertTrue(report.tlsProtocol().startsWith("TLSv1."), report.tlsProtocol());
        assertTrue(report.encrypted());
        assertFalse(report.privileges().contains("superuser"));
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureThatNeverEchoesThePassword() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> TESTER.test(app("127.0.0.1", SslMode.REQUIRE, null), "wrong-guess-123"));
        assertEquals(Kind.AUTH, problem.kind());
        assertEquals("Authentication failed for user app at 127.0.0.1:" + pg.port(), problem.summary());
        assertTrue(problem.fix().contains("PGPASSWORD"), problem.fix());
        assertFalse(problem.getMessage().contains("wrong-guess-123"));
    }

    /** A --url connection has no saved profile: the advice names the URL, never a profile called "url:…". */
    @Test
    void aWrongPasswordInAUrlSaysToFixTheUrl() {
        ConnectionProfile adHoc = app("127.0.0.1", SslMode.REQUIRE, null)
                .withName(ConnectionProfile.URL_PREFIX + "127.0.0.1:" + pg.port() + "/postgres");
        ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> TESTER.test(adHoc, "wrong-guess-123"));
        assertEquals(Kind.AUTH, problem.kind());
        assertEquals("Check PGPASSWORD in the Railway variables and the password in the URL", problem.fix());
        ConnectionProblem none = assertThrows(ConnectionProblem.class, () -> TESTER.test(adHoc, null));
        assertFalse(none.fix().contains("profile '"), none.fix());
        assertTrue(none.fix().contains("in the URL"), none.fix());
    }

    @Test
    void missingPasswordIsAnAuthenticationFailureSayingSo() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> TESTER.test(app("127.0.0.1", SslMode.PREFER, null), null));
        assertEquals(Kind.AUTH, problem.kind());
        assertTrue(problem.summary().contains("no password"), problem.summary());
    }

    @Test
    void verifyFullWithTheServersCaFileSucceeds() throws Exception {
        ConnectionReport report = TESTER.test(app("localhost", SslMode.VERIFY_FULL, server.certificate()), PASSWORD);
        assertTrue(report.encrypted());
    }

    @Test
    void verifyCaWithAnotherCaIsAnUntrustedCertificate() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> TESTER.test(app("127.0.0.1", SslMode.VERIFY_CA, stranger.certificate()), PASSWORD));
        assertEquals(Kind.TLS, problem.kind(), problem.getMessage());
        assertTrue(problem.summary().contains("not trusted"), problem.summary());
    }

    @Test
    void verifyFullWithoutCaFileFallsBackToJavasTrustStoreAndRejectsASelfSignedCertificate() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> TESTER.test(app("localhost", SslMode.VERIFY_FULL, null), PASSWORD));
        assertEquals(Kind.TLS, problem.kind(), problem.getMessage());
        assertTrue(problem.summary().contains("not trusted"), problem.summary());
    }
}
