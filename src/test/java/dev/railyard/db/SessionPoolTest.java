package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Session work on a direct address gets a pool of its own; the views' pool stays as it was. */
class SessionPoolTest {

    @Test
    void aDirectAddressGetsItsOwnPoolAndTheViewsPoolIsNotReopened() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        // The proxy stands for PgBouncer (the profile's address), the server's own port for the direct one.
        try (LatencyProxy pooled = new LatencyProxy(pg.port(), Duration.ZERO);
             Databases shared = new Databases(new MapSecrets(), Duration.ofSeconds(5))) {
            ConnectionProfile profile = new ConnectionProfile("direct", Dialect.POSTGRESQL, "127.0.0.1", pooled.port(),
                    "postgres", "postgres", SslMode.DISABLE, null, null, null, null, null, null, "127.0.0.1", pg.port());
            DataSource views = shared.dataSource(profile);
            AtomicInteger asked = new AtomicInteger();
            try (Connection viewConnection = views.getConnection()) {
                try (SessionPool session = SessionPool.open(shared, profile, () -> {
                    asked.incrementAndGet();
                    return null;
                })) {
                    assertTrue(session.ownsPool());
                    try (Connection c = session.dataSource().getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT inet_server_port(), current_setting('application_name')")) {
                        assertTrue(rs.next());
                        assertEquals(pg.port(), rs.getInt(1), "session work goes to the direct address");
                        assertEquals("railyard-migrate", rs.getString(2));
                    }
                    assertSame(views, shared.dataSource(profile), "the views' pool was not reopened");
                    assertTrue(viewConnection.isValid(2), "the views' connection survived");
                }
                assertTrue(viewConnection.isValid(2), "closing the session's pool leaves the views' pool alone");
            }
            assertEquals(1, asked.get(), "the password is asked once, for the own pool");
        }
    }

    @Test
    void aProfileWithOneAddressUsesTheViewsPoolWithoutAskingForThePassword() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        try (Databases shared = new Databases(new MapSecrets(), Duration.ofSeconds(5))) {
            ConnectionProfile profile = TestProfiles.postgres(pg.port(), "postgres", "postgres", SslMode.DISABLE);
            try (SessionPool session = SessionPool.open(shared, profile, () -> {
                throw new AssertionError("no password needed for the shared pool");
            })) {
                assertFalse(session.ownsPool());
                assertSame(shared.dataSource(profile), session.dataSource());
            }
        }
    }
}
