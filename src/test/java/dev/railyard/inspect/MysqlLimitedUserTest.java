package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An application user with SELECT on its own database only (no PROCESS, no performance_schema, no
 * mysql.*): every inspect view shows what that user may see and names the grant for the rest,
 * instead of failing with "Access denied".
 */
class MysqlLimitedUserTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    /** A user like the ones applications get: SELECT on one schema, nothing else. */
    private static String appUser(MysqlServer server, String db) throws SQLException {
        String user = "app_" + ProcessHandle.current().pid() + "_" + USERS.incrementAndGet();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'app-pass'");
            s.execute("GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'%'");
        }
        return user;
    }

    private static Connection inspectAs(MysqlServer server, String db, String user, boolean mariaDb) throws SQLException {
        Properties properties = InspectSession.inspectionProperties(Dialect.MYSQL, mariaDb, Duration.ofSeconds(30));
        properties.setProperty("user", user);
        properties.setProperty("password", "app-pass");
        properties.setProperty("allowPublicKeyRetrieval", "true");
        properties.setProperty("useSSL", "false");
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/" + db, properties);
    }

    @Test
    void mariaDbViewsShowWhatAnApplicationUserMaySeeAndNameTheGrants() throws Exception {
        viewsShowWhatTheUserMaySee(MysqlServer.sharedMariadb(), "GRANT PROCESS ON *.*");
    }

    @Test
    void mysql9ViewsShowWhatAnApplicationUserMaySeeAndNameTheGrants() throws Exception {
        // MySQL shows lock waits only in performance_schema: Activity names both grants.
        viewsShowWhatTheUserMaySee(MysqlServer.sharedMysql9(), "GRANT PROCESS ON *.* / SELECT ON performance_schema.*");
    }

    private static void viewsShowWhatTheUserMaySee(MysqlServer server, String activityGrants) throws Exception {
        String db = server.createDatabase("limited");
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, city VARCHAR(40), region INT, "
                    + "KEY customers_city_idx (city), KEY customers_city_idx2 (city), KEY customers_region_idx (region))");
            s.execute("INSERT INTO customers VALUES (1, 'Lyon', 1), (2, 'Oslo', 2), (3, 'Lima', 3)");
        }
        String user = appUser(server, db);
        String account = "'" + user + "'@'%'";
        boolean mariaDb = server.flavour() == MysqlServer.Flavour.MARIADB;
        try (Connection root = server.connect(db); Connection c = inspectAs(server, db, user, mariaDb);
             Statement rootStatement = root.createStatement()) {
            // Another user's open transaction, which this user may not see.
            root.setAutoCommit(false);
            rootStatement.executeQuery("SELECT COUNT(*) FROM customers FOR UPDATE").close();

            OverviewSnapshot overview = new Overview(Dialect.MYSQL).read(c);
            assertTrue(overview.limited());
            assertEquals(db, overview.database());
            assertTrue(overview.connectionsUsed() >= 2, "status variables are readable by every user");
            assertNull(overview.replication(), "unknown without PROCESS, not 'no replica'");
            assertNull(overview.longestTransaction());
            Finding overviewGrant = overview.findings(FindingKind.LIMITED_PRIVILEGES).get(0);
            assertTrue(overviewGrant.message().contains("limited: needs GRANT PROCESS ON *.*"), overviewGrant.message());
            assertTrue(overviewGrant.fix().contains("GRANT PROCESS ON *.* TO " + account + ";"), overviewGrant.fix());

            IndexReport indexes = new IndexHealth(Dialect.MYSQL).read(c);
            assertEquals(1, indexes.findings(FindingKind.DUPLICATE_INDEX).size(), "duplicates need no grant");
            assertTrue(indexes.findings(FindingKind.UNUSED_INDEX).isEmpty(), "usage is unknown, not zero");
            assertTrue(indexes.indexes().stream().anyMatch(i -> i.name().equals("customers_region_idx") && i.scans() == null));
            assertTrue(indexes.notes().get(0).contains(
                    "limited: needs GRANT SELECT ON mysql.innodb_index_stats / SELECT ON performance_schema.*"), indexes.notes().toString());
            assertTrue(indexes.findings(FindingKind.LIMITED_PRIVILEGES).get(0).fix()
                    .contains("GRANT SELECT ON performance_schema.* TO " + account + ";"));

            QueryStatsReport queries = new SlowQueries(Dialect.MYSQL).read(c);
            assertFalse(queries.status().available());
            assertTrue(queries.status().message().contains("limited: needs GRANT SELECT ON performance_schema.*"),
                    queries.status().message());
            assertTrue(queries.status().fix().contains("GRANT SELECT ON performance_schema.* TO " + account + ";"));

            ActivityReport activity = new Activity(Dialect.MYSQL).read(c);
            assertTrue(activity.sessions().stream().anyMatch(SessionRow::self), "profile test promises its own sessions");
            assertTrue(activity.sessions().stream().allMatch(row -> user.equals(row.user())), activity.sessions().toString());
            assertTrue(activity.notes().get(0).contains("limited: needs " + activityGrants), activity.notes().toString());
            assertTrue(activity.notes().get(0).contains("GRANT PROCESS ON *.* TO " + account + ";"));
            root.rollback();
        }
    }

    @Test
    void aRefusalThatIsNotAboutPrivilegesStillFails() {
        SQLException syntax = new SQLException("You have an error in your SQL syntax", "42000", 1064);
        assertFalse(MysqlGrants.denied(syntax));
        assertTrue(MysqlGrants.denied(new SQLException("Access denied; you need the PROCESS privilege", "42000", 1227)));
        assertEquals("'app'@'%'", MysqlGrants.account("app@%"));
        assertEquals("'o''brien'@'10.0.0.%'", MysqlGrants.account("o'brien@10.0.0.%"));
    }
}
