package dev.railyard.db;

import static dev.railyard.db.TestProfiles.postgres;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection tests against the shared PG 17, which trusts local users and has no TLS. */
class ConnectionTesterPostgresTest {

    private static final Duration SHORT = Duration.ofSeconds(1);
    private final EmbeddedPostgres pg = EmbeddedPostgres.shared();
    private final ConnectionTester tester = new ConnectionTester(SHORT);

    @Test
    void successReportsVersionPrivilegesAndPgStatStatementsState() throws Exception {
        String db = pg.createDatabase("tester");
        ConnectionReport report = tester.test(postgres(pg.port(), db, "postgres", SslMode.PREFER), null);
        assertEquals("PostgreSQL", report.product());
        assertTrue(report.version().startsWith("17."), report.version());
        assertFalse(report.mariaDb());
        assertNull(report.tlsProtocol(), "the embedded server has no TLS");
        assertTrue(report.privileges().containsAll(List.of("superuser", "pg_monitor", "pg_read_all_stats")), report.privileges().toString());
        assertEquals("preloaded, not created", report.pgStatStatements());
        assertTrue(report.roundTripMillis() >= 0);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("not encrypted")), report.notes().toString());

        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
        }
        assertEquals("created", tester.test(postgres(pg.port(), db, "postgres", SslMode.DISABLE), null).pgStatStatements());
    }

    @Test
    void ordinaryUserSeesWhichMonitoringRolesAreMissing() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS plain_tester");
            s.execute("CREATE ROLE plain_tester LOGIN");
        }
        ConnectionReport report = tester.test(postgres(pg.port(), "postgres", "plain_tester", SslMode.DISABLE), null);
        assertEquals(List.of(), report.privileges());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("GRANT pg_monitor TO plain_tester")), report.notes().toString());
        // shared_preload_libraries is hidden from ordinary users: the report must not guess.
        assertTrue(List.of("preloaded, not created", "not available").contains(report.pgStatStatements()));
    }

    @Test
    void roundTripIsTheMedianOfPingsAndTheTestCostsOneQueryPlusPings() throws Exception {
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ofMillis(25))) {
            ConnectionProfile p = postgres(proxy.port(), "postgres", "postgres", SslMode.DISABLE);
            // What connecting alone costs, measured with the same settings.
            Properties props = JdbcUrls.properties(p, null, SHORT);
            new org.postgresql.Driver().connect(JdbcUrls.url(p), props).close();
            long handshake = proxy.roundTrips();
            proxy.resetCounts();

            ConnectionReport report = tester.test(p, null);
            assertTrue(report.roundTripMillis() >= 50, "median " + report.roundTripMillis() + " ms through a 2 x 25 ms proxy");
            assertTrue(report.roundTripMillis() < 1_000, "median " + report.roundTripMillis() + " ms");
            assertEquals(handshake + 1 + ConnectionTester.PINGS, proxy.roundTrips());
        }
    }

    @Test
    void missingDatabaseIsReportedAsSuch() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(postgres(pg.port(), "no_such_db", "postgres", SslMode.DISABLE), null));
        assertEquals(Kind.DATABASE_MISSING, problem.kind());
        assertTrue(problem.summary().contains("'no_such_db'"), problem.summary());
        assertTrue(problem.fix().contains("PGDATABASE"), problem.fix());
    }

    @Test
    void requiringTlsFromAServerWithoutItIsATlsProblem() {
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(postgres(pg.port(), "postgres", "postgres", SslMode.REQUIRE), null));
        assertEquals(Kind.TLS, problem.kind());
        assertTrue(problem.summary().contains("does not offer TLS"), problem.summary());
        assertTrue(problem.fix().contains("prefer"), problem.fix());
    }

    @Test
    void closedPortIsRefused() {
        int port = TestProfiles.closedPort();
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(postgres(port, "postgres", "postgres", SslMode.DISABLE), null));
        assertEquals(Kind.REFUSED, problem.kind());
        assertTrue(problem.summary().contains("127.0.0.1:" + port), problem.summary());
    }

    @Test
    void serverThatNeverAnswersTimesOutWithinTheBound() {
        try (LatencyProxy hole = LatencyProxy.blackHole()) {
            long start = System.nanoTime();
            ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                    () -> tester.test(postgres(hole.port(), "postgres", "postgres", SslMode.PREFER), null));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Kind.TIMEOUT, problem.kind(), problem.getMessage());
            assertTrue(elapsed >= 900 && elapsed < 5_000, "gave up after " + elapsed + " ms with a 1 s bound");
            assertTrue(problem.summary().contains("within 1 s"), problem.summary());
        }
    }

    @Test
    void unknownHostIsADnsProblem() {
        ConnectionProfile p = TestProfiles.profile(Dialect.POSTGRESQL, "nonexistent.invalid", 5432, "railway", "postgres",
                SslMode.PREFER, null);
        ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> tester.test(p, "secret"));
        assertEquals(Kind.DNS, problem.kind());
        assertTrue(problem.summary().contains("nonexistent.invalid"), problem.summary());
    }

    @Test
    void railwayInternalHostGetsThePublicNetworkingAdvice() {
        ConnectionProfile p = TestProfiles.profile(Dialect.POSTGRESQL, "postgres.railway.internal", 5432, "railway",
                "postgres", SslMode.PREFER, null);
        ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> tester.test(p, "secret"));
        assertEquals(Kind.DNS, problem.kind());
        assertTrue(problem.fix().contains("Public Networking"), problem.fix());
    }

    @Test
    void roleOverItsConnectionLimitIsTooManyConnections() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS limited_tester");
            s.execute("CREATE ROLE limited_tester LOGIN CONNECTION LIMIT 0");
        }
        ConnectionProblem problem = assertThrows(ConnectionProblem.class,
                () -> tester.test(postgres(pg.port(), "postgres", "limited_tester", SslMode.DISABLE), null));
        assertEquals(Kind.TOO_MANY_CONNECTIONS, problem.kind());
    }
}
