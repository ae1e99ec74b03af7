package dev.railyard.db;

import static dev.railyard.db.TestProfiles.mysql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connection tests against the shared throwaway MariaDB (no TLS, root without password). */
class ConnectionTesterMysqlTest {

    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final String PASSWORD = "my-S3cret";
    private final MysqlServer mysql = MysqlServer.shared();
    private final ConnectionTester tester = new ConnectionTester(SHORT);

    @BeforeAll
    static void createUsers() throws Exception {
        try (Connection c = MysqlServer.shared().connect(""); Statement s = c.createStatement()) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                s.execute("CREATE OR REPLACE USER 'app'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("CREATE OR REPLACE USER 'one_only'@'" + host + "' WITH MAX_USER_CONNECTIONS 1");
                s.execute("GRANT SELECT ON performance_schema.* TO 'app'@'" + host + "'");
            }
        }
    }

    @Test
    void successRecognisesMariaDbAndRootsPrivileges() throws Exception {
        ConnectionReport report = tester.test(mysql(mysql.port(), "", "root", SslMode.PREFER), null);
        assertEquals("MariaDB", report.product());
        assertTrue(report.mariaDb());
        assertTrue(mysql.version().startsWith(report.version()), report.version() + " vs " + mysql.version());
        assertTrue(report.version().matches("1\\d\\.\\d+\\.\\d+"), report.version());
        assertNull(report.tlsProtocol());
        assertEquals(List.of("PROCESS", "RELOAD", "SELECT on performance_schema"), report.privileges());
        assertEquals("n/a", report.pgStatStatements());
    }

    @Test
    void limitedUserSeesWhatIsMissing() throws Exception {
        ConnectionReport report = tester.test(mysql(mysql.port(), "", "app", SslMode.DISABLE), PASSWORD);
        assertEquals(List.of("SELECT on performance_schema"), report.privileges());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("GRANT PROCESS")), report.notes().toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("RELOAD")), report.notes().toString());
    }

    @Test
    void theTestCostsOneBatchPlusPings() throws Exception {
        try (LatencyProxy proxy = new LatencyProxy(mysql.port(), Duration.ofMillis(25))) {
            ConnectionProfile p = mysql(proxy.port(), "", "root", SslMode.DISABLE);
            Properties props = JdbcUrls.properties(p, null, SHORT);
            props.setProperty("allowMultiQueries", "true");
            new com.mysql.cj.jdbc.Driver().connect(JdbcUrls.url(p), props).close();
            long handshake = proxy.roundTrips();
            proxy.resetCounts();

            ConnectionReport report = tester.test(p, null);
            assertTrue(report.roundTripMillis() >= 50, "median " + report.roundTripMillis() + " ms");
            assertEquals(handshake + 1 + ConnectionTester.PINGS, proxy.roundTrips());
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(mysql(mysql.port(), "", "app", SslMode.DISABLE), "not-it"));
        assertEquals(Kind.AUTH, problem.kind());
        assertTrue(problem.fix().contains("MYSQLPASSWORD"), problem.fix());
        assertFalse(problem.getMessage().contains("not-it"));
    }

    @Test
    void missingDatabaseIsReportedAsSuch() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(mysql(mysql.port(), "no_such_db", "root", SslMode.DISABLE), null));
        assertEquals(Kind.DATABASE_MISSING, problem.kind());
        assertTrue(problem.fix().contains("MYSQLDATABASE"), problem.fix());
    }

    @Test
    void requiringTlsFromAServerWithoutItIsATlsProblem() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(mysql(mysql.port(), "", "root", SslMode.REQUIRE), null));
        assertEquals(Kind.TLS, problem.kind(), problem.getMessage());
        assertTrue(problem.summary().contains("does not offer TLS"), problem.summary());
    }

    @Test
    void closedPortIsRefused() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(mysql(TestProfiles.closedPort(), "", "root", SslMode.DISABLE), null));
        assertEquals(Kind.REFUSED, problem.kind(), problem.getMessage());
    }

    @Test
    void serverThatNeverAnswersTimesOutWithinTheBound() {
        try (LatencyProxy hole = LatencyProxy.blackHole()) {
            long start = System.nanoTime();
            ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                    () -> tester.test(mysql(hole.port(), "", "root", SslMode.PREFER), null));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Kind.TIMEOUT, problem.kind(), problem.getMessage());
            assertTrue(elapsed >= 900 && elapsed < 5_000, "gave up after " + elapsed + " ms with a 1 s bound");
        }
    }

    @Test
    void userOverItsConnectionLimitIsTooManyConnections() throws Exception {
        ConnectionProfile p = mysql(mysql.port(), "", "one_only", SslMode.DISABLE);
        Properties props = JdbcUrls.properties(p, null, SHORT);
        List<Connection> held = new ArrayList<>();
        try {
            held.add(new com.mysql.cj.jdbc.Driver().connect(JdbcUrls.url(p), props));
            ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> tester.test(p, null));
            assertEquals(Kind.TOO_MANY_CONNECTIONS, problem.kind(), problem.getMessage());
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void serverWithoutPerformanceSchemaGetsANote() throws Exception {
        try (MysqlServer plain = MysqlServer.start(false)) {
            ConnectionReport report = tester.test(mysql(plain.port(), "", "root", SslMode.DISABLE), null);
            assertTrue(report.notes().stream().anyMatch(n -> n.contains("performance_schema is OFF")), report.notes().toString());
        }
    }
}
