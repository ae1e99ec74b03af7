package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Railway's proxy adds 30-150 ms per round trip, so each view must be exactly one: counted here
 * through a proxy on a connection that is already open (session setup happens while connecting).
 */
class OneRoundTripPerViewTest {

    @FunctionalInterface
    interface View {
        Object read(Connection c) throws Exception;
    }

    private static void assertOneRoundTrip(LatencyProxy proxy, Connection c, String name, View view) throws Exception {
        // The first run on the connection too: a driver's one-time type lookups would cost extra there.
        for (String run : new String[] {"first", "second"}) {
            proxy.resetCounts();
            Object report = view.read(c);
            assertEquals(1, proxy.roundTrips(), name + " (" + run + " run) took " + proxy.roundTrips() + " round trips");
            assertTrue(report != null);
        }
    }

    @Test
    void everyPostgresViewIsOneRoundTrip() throws Exception {
        try (LatencyProxy proxy = new LatencyProxy(PgWorkload.server().port(), Duration.ofMillis(2))) {
            Properties properties = InspectSession.inspectionProperties(Dialect.POSTGRESQL);
            properties.setProperty("user", "postgres");
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + PgWorkload.database();
            try (Connection c = DriverManager.getConnection(url, properties)) {
                proxy.resetCounts();
                Overview overview = new Overview(Dialect.POSTGRESQL);
                assertOneRoundTrip(proxy, c, "overview", overview::read);
                assertOneRoundTrip(proxy, c, "tables", new TableSizes(Dialect.POSTGRESQL)::read);
                assertOneRoundTrip(proxy, c, "indexes", new IndexHealth(Dialect.POSTGRESQL)::read);
                assertOneRoundTrip(proxy, c, "queries", new SlowQueries(Dialect.POSTGRESQL)::read);
                assertOneRoundTrip(proxy, c, "activity", new Activity(Dialect.POSTGRESQL)::read);
                assertOneRoundTrip(proxy, c, "cancel", conn -> new Activity(Dialect.POSTGRESQL).cancel(Guards.target(Dialect.POSTGRESQL), conn, 4_000_000, Guards.clear(GuardedAction.CANCEL_SESSION)));
            }
        }
    }

    @Test
    void everyMariaDbViewIsOneRoundTrip() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = MyWorkload.sharedDatabase();
        try (LatencyProxy proxy = new LatencyProxy(server.port(), Duration.ofMillis(2))) {
            String url = server.jdbcUrl(db).replace("127.0.0.1:" + server.port(), "127.0.0.1:" + proxy.port());
            try (Connection c = DriverManager.getConnection(url,
                    InspectSession.inspectionProperties(Dialect.MYSQL, true, Duration.ofSeconds(30)))) {
                assertOneRoundTrip(proxy, c, "overview", new Overview(Dialect.MYSQL)::read);
                assertOneRoundTrip(proxy, c, "tables", new TableSizes(Dialect.MYSQL)::read);
                assertOneRoundTrip(proxy, c, "indexes", new IndexHealth(Dialect.MYSQL)::read);
                assertOneRoundTrip(proxy, c, "queries", new SlowQueries(Dialect.MYSQL)::read);
                assertOneRoundTrip(proxy, c, "activity", new Activity(Dialect.MYSQL)::read);
            }
        }
    }
}
