package dev.railyard.db;

import static dev.railyard.db.TestProfiles.mysql;
import static dev.railyard.db.TestProfiles.postgres;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabasesTest {

    private static final String PASSWORD = "pool-S3cret";
    private static final Duration SHORT = Duration.ofSeconds(1);
    private final EmbeddedPostgres pg = EmbeddedPostgres.shared();
    private final MysqlServer mysql = MysqlServer.shared();
    private final MapSecrets secrets = new MapSecrets();

    @BeforeAll
    static void createUser() throws Exception {
        try (Connection c = MysqlServer.shared().connect(""); Statement s = c.createStatement()) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                s.execute("CREATE OR REPLACE USER 'pool_user'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
            }
        }
    }

    @Test
    void postgresPoolIsNamedSmallAndTellsTheServerWhoItIs() throws Exception {
        ConnectionProfile p = postgres(pg.port(), "postgres", "postgres", SslMode.DISABLE);
        try (Databases databases = new Databases(secrets)) {
            try (Connection c = databases.connect(p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('application_name')")) {
                rs.next();
                assertEquals("railyard", rs.getString(1));
            }
            HikariDataSource pool = (HikariDataSource) databases.dataSource(p);
            assertEquals("railyard-" + p.name(), pool.getPoolName());
            assertEquals(Databases.MAX_POOL_SIZE, pool.getMaximumPoolSize());
            assertEquals(0, pool.getMinimumIdle());
        }
    }

    @Test
    void mysqlSessionsCarryTheProgramNameAttribute() throws Exception {
        ConnectionProfile p = mysql(mysql.port(), "", "root", SslMode.DISABLE);
        try (Databases databases = new Databases(secrets);
             Connection c = databases.connect(p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ATTR_VALUE FROM performance_schema.session_connect_attrs "
                     + "WHERE PROCESSLIST_ID = CONNECTION_ID() AND ATTR_NAME = 'program_name'")) {
            assertTrue(rs.next(), "no program_name attribute");
            assertEquals("railyard", rs.getString(1));
        }
    }

    @Test
    void passwordComesFromTheSecretStoreWhenThePoolOpens() throws Exception {
        ConnectionProfile p = mysql(mysql.port(), "", "pool_user", SslMode.DISABLE);
        try (Databases databases = new Databases(secrets, SHORT)) {
            ConnectionProblem missing = assertThrows(ConnectionProblem.class, () -> databases.connect(p));
            assertEquals(Kind.AUTH, missing.kind());
            assertTrue(missing.summary().contains("no password"), missing.summary());

            secrets.store(p.name(), PASSWORD);
            try (Connection c = databases.connect(p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
                rs.next();
                assertTrue(rs.getString(1).startsWith("pool_user@"), rs.getString(1));
            }
        }
    }

    @Test
    void wrongPasswordIsReportedAtOnceNotAfterThePoolGivesUp() {
        ConnectionProfile p = mysql(mysql.port(), "", "pool_user", SslMode.DISABLE);
        secrets.store(p.name(), "wrong");
        try (Databases databases = new Databases(secrets, Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> databases.connect(p));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Kind.AUTH, problem.kind());
            assertTrue(elapsed < 900, "took " + elapsed + " ms: the failure must not wait for the pool (7 s) or its retry pause (1 s)");
        }
    }

    @Test
    void theConnectionThatChecksTheProfileIsTheOneHandedOut() throws Exception {
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ZERO);
             Databases databases = new Databases(secrets)) {
            ConnectionProfile p = postgres(proxy.port(), "postgres", "postgres", SslMode.DISABLE);
            try (Connection c = databases.connect(p)) {
                assertTrue(c.isValid(5));
            }
            assertEquals(1, proxy.connections());
        }
    }

    @Test
    void sameProfileSharesAPoolAndAChangedProfileGetsANewOne() throws Exception {
        ConnectionProfile p = postgres(pg.port(), "postgres", "postgres", SslMode.DISABLE);
        try (Databases databases = new Databases(secrets)) {
            DataSource first = databases.dataSource(p);
            assertSame(first, databases.dataSource(p));
            DataSource second = databases.dataSource(p.withDatabase("template1"));
            assertNotSame(first, second);
            assertTrue(((HikariDataSource) first).isClosed(), "the old pool must be closed");

            databases.close(p.name());
            assertTrue(((HikariDataSource) second).isClosed());
            try (Connection c = databases.connect(p)) {
                assertTrue(c.isValid(5), "closing a profile's pool does not stop it from reopening");
            }
        }
    }

    @Test
    void closedDatabasesRefusesNewWorkAndClosesEveryPool() {
        ConnectionProfile p = postgres(pg.port(), "postgres", "postgres", SslMode.DISABLE);
        Databases databases = new Databases(secrets);
        HikariDataSource pool = (HikariDataSource) databases.dataSource(p);
        databases.close();
        assertTrue(pool.isClosed());
        assertThrows(IllegalStateException.class, () -> databases.connect(p));
    }

    @Test
    void unreachableProfileFailsDataSourceWithTheClassifiedProblem() {
        ConnectionProfile p = postgres(TestProfiles.closedPort(), "postgres", "postgres", SslMode.DISABLE);
        try (Databases databases = new Databases(secrets, SHORT)) {
            Databases.UnreachableException e = assertThrows(Databases.UnreachableException.class, () -> databases.dataSource(p));
            assertEquals(Kind.REFUSED, e.problem().kind());
        }
    }

    @Test
    void poolOnAServerThatNeverAnswersTimesOutWithinTheBound() {
        for (ConnectionProfile p : List.of(
                postgres(1, "postgres", "postgres", SslMode.PREFER), mysql(1, "", "root", SslMode.PREFER))) {
            try (LatencyProxy hole = LatencyProxy.blackHole(); Databases databases = new Databases(secrets, SHORT)) {
                ConnectionProfile viaHole = TestProfiles.profile(p.dialect(), "127.0.0.1", hole.port(), p.database(),
                        p.user(), p.sslMode(), null);
                long start = System.nanoTime();
                ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> databases.connect(viaHole));
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(Kind.TIMEOUT, problem.kind(), p.dialect() + ": " + problem.getMessage());
                assertTrue(elapsed < 5_000, p.dialect() + " gave up after " + elapsed + " ms with a 1 s bound");
            }
        }
    }

    @Test
    void statementsMayRunLongerThanTheConnectTimeout() throws Exception {
        try (Databases databases = new Databases(secrets, SHORT)) {
            try (Connection c = databases.connect(postgres(pg.port(), "postgres", "postgres", SslMode.DISABLE));
                 Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(1.6)");
            }
            try (Connection c = databases.connect(mysql(mysql.port(), "", "root", SslMode.DISABLE));
                 Statement s = c.createStatement()) {
                s.execute("SELECT SLEEP(1.6)");
            }
        }
        try (Connection c = Connections.open(Endpoint.of(mysql(mysql.port(), "", "root", SslMode.DISABLE)), null,
                Connections.Purpose.ADMIN, SHORT);
             Statement s = c.createStatement()) {
            s.execute("SELECT SLEEP(1.6)");
        }
    }
}
