package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.railyard.db.Connections;
import dev.railyard.db.Databases;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import dev.railyard.profile.SslMode;
import dev.railyard.support.LatencyProxy;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A view read from nothing, as the user first meets it: on a new connection or a new pool,
 * counted in round trips through a proxy (each one costs 30-150 ms through Railway's). The
 * counts are for a server that trusts the user without TLS: a password and TLS add their own
 * round trips to the handshake, the same for every client.
 */
class FirstReadRoundTripsTest {

    private static ConnectionProfile through(LatencyProxy proxy) throws Exception {
        return new ConnectionProfile("first-read", Dialect.POSTGRESQL, "127.0.0.1", proxy.port(), PgWorkload.database(),
                "postgres", SslMode.DISABLE, null, null, null, null, null, null, null, 0);
    }

    @Test
    void theCliTablesViewFromNothingIsTheStartupAndTheQuery() throws Exception {
        try (LatencyProxy proxy = new LatencyProxy(PgWorkload.server().port(), Duration.ofMillis(1))) {
            ConnectionProfile profile = through(proxy);
            try (Connection c = Connections.open(profile, null, Connections.Purpose.INSPECTION)) {
                // The session's settings (read-only, timeout, name) travel in the startup packet.
                assertEquals(1, proxy.roundTrips(), "connecting took " + proxy.roundTrips() + " round trips");
                assertFalse(new TableSizes(Dialect.POSTGRESQL).read(c).tables().isEmpty());
                assertEquals(2, proxy.roundTrips(), "connecting and the Tables view took " + proxy.roundTrips());
            }
        }
    }

    @Test
    void theWindowsTablesViewOnANewPoolCostsFiveRoundTrips() throws Exception {
        try (LatencyProxy proxy = new LatencyProxy(PgWorkload.server().port(), Duration.ofMillis(1));
             Databases databases = new Databases(SecretStore.fixed("first-read", null, "no password"))) {
            ConnectionProfile profile = through(proxy);
            try (Connection c = databases.connect(profile)) {
                // The startup, then the pool's one-time checks of a new pool (isValid, the default isolation).
                assertEquals(3, proxy.roundTrips(), "opening the pool took " + proxy.roundTrips() + " round trips");
                TableSizeReport report = InspectionScope.read(c, Dialect.POSTGRESQL,
                        scoped -> new TableSizes(Dialect.POSTGRESQL).read(scoped));
                assertFalse(report.tables().isEmpty());
                // BEGIN READ ONLY goes with the query; the rollback that ends the read-only transaction is one more.
                assertEquals(5, proxy.roundTrips(), "the pool and the Tables view took " + proxy.roundTrips());
            }
            proxy.resetCounts();
            try (Connection c = databases.connect(profile)) {
                InspectionScope.read(c, Dialect.POSTGRESQL, scoped -> new IndexHealth(Dialect.POSTGRESQL).read(scoped));
                // The pool re-checks a connection idle for over 500 ms (one more): a loaded machine may get there.
                org.junit.jupiter.api.Assertions.assertTrue(proxy.roundTrips() == 2 || proxy.roundTrips() == 3,
                        "the Indexes view on the open pool took " + proxy.roundTrips());
            }
        }
    }
}
