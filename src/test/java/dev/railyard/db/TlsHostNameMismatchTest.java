package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
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
 * verify-full with the right CA against a server whose certificate names another host: a problem
 * of its own ("the certificate is for X, not for host Y"), not "not trusted — give the CA".
 */
class TlsHostNameMismatchTest {

    private static final String PASSWORD = "s3cret-Pa55";
    private static final ConnectionTester TESTER = new ConnectionTester(Duration.ofSeconds(5));

    @TempDir
    static Path dir;
    private static TestCertificates elsewhere;
    private static EmbeddedPostgres pg;
    private static MysqlServer mysql;

    @BeforeAll
    static void start() throws Exception {
        elsewhere = TestCertificates.selfSigned(dir.resolve("elsewhere"), "db.internal.example", "dns:db.internal.example");
        pg = EmbeddedPostgres.startWithTls("17", dir, elsewhere);
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
        }
        mysql = MysqlServer.start(false, elsewhere);
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
        if (mysql != null) {
            mysql.close();
        }
    }

    private static void assertHostMismatch(ConnectionProblem problem, String host) {
        StringBuilder causes = new StringBuilder(problem.getMessage());
        for (Throwable t = problem.getCause(); t != null; t = t.getCause()) {
            causes.append("\n  caused by ").append(t);
        }
        assertEquals(Kind.TLS, problem.kind(), causes.toString());
        assertTrue(problem.summary().contains("is for db.internal.example, not for host " + host), causes.toString());
        assertTrue(problem.fix().contains("verify-ca"), problem.fix());
        assertTrue(!problem.fix().contains("Give the CA certificate"), problem.fix());
    }

    @Test
    void postgresVerifyFullWithTheRightCaNamesTheCertificatesHost() {
        ConnectionProfile profile = TestProfiles.profile(Dialect.POSTGRESQL, "127.0.0.1", pg.port(), "postgres", "app",
                SslMode.VERIFY_FULL, elsewhere.certificate().toString());
        assertHostMismatch(assertThrows(ConnectionProblem.class, () -> TESTER.test(profile, PASSWORD)), "127.0.0.1");
    }

    @Test
    void mysqlVerifyFullWithTheRightCaNamesTheCertificatesHost() {
        ConnectionProfile profile = TestProfiles.profile(Dialect.MYSQL, "localhost", mysql.port(), "", "root",
                SslMode.VERIFY_FULL, elsewhere.certificate().toString());
        assertHostMismatch(assertThrows(ConnectionProblem.class, () -> TESTER.test(profile, null)), "localhost");
    }

    @Test
    void psqlRefusingTheNameIsClassifiedTheSameWay() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dev.railyard.support.PgClientTools.tool("psql").toString(),
                "host=127.0.0.1 port=" + pg.port() + " dbname=postgres user=app sslmode=verify-full sslrootcert="
                        + elsewhere.certificate(), "-c", "SELECT 1").redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", PASSWORD);
        Process psql = builder.start();
        String output = new String(psql.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, psql.waitFor(), output);
        Endpoint endpoint = new Endpoint(null, Dialect.POSTGRESQL, "127.0.0.1", pg.port(), "postgres", "app",
                SslMode.VERIFY_FULL, elsewhere.certificate().toString());
        ConnectionProblem problem = ConnectionProblem.ofToolOutput(endpoint, output, true);
        assertTrue(problem != null, output);
        assertHostMismatch(problem, "127.0.0.1");
    }

    @Test
    void verifyCaWithTheSameCertificateConnects() throws Exception {
        ConnectionProfile profile = TestProfiles.profile(Dialect.POSTGRESQL, "127.0.0.1", pg.port(), "postgres", "app",
                SslMode.VERIFY_CA, elsewhere.certificate().toString());
        assertTrue(TESTER.test(profile, PASSWORD).encrypted(), "the fix the message gives works");
    }
}
