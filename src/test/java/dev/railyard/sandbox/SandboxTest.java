package dev.railyard.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.task.JobContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

    @TempDir
    Path temp;

    @Test
    void firstStartSeedsTheDemoShopAndLaterStartsReuseItsData() throws Exception {
        RailyardHome home = new RailyardHome(temp);
        ProfileStore profiles = new ProfileStore(home.profiles());
        Sandbox sandbox = new Sandbox(home, profiles);
        try {
            ConnectionProfile profile = sandbox.start(JobContext.silent());
            assertEquals("sandbox", profile.name());
            assertEquals(profile, profiles.require("sandbox"));
            assertTrue(sandbox.status().running());

            String url = Sandbox.jdbcUrl(profile.port(), profile.database());
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
                assertEquals(150_000, count(s, "SELECT count(*) FROM shop.orders"));
                assertTrue(count(s, "SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%shop.orders WHERE customer_id%'") > 0,
                        "the workload is recorded");
                assertEquals(2, count(s, "SELECT count(*) FROM pg_indexes WHERE indexname IN ('orders_customer_id_idx', 'orders_customer_idx')"),
                        "the duplicate index is there for Indexes to find");
                assertTrue(count(s, "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'carts'") > 0);
            }
            MigrationInfo[] pending = Flyway.configure().dataSource(url, "postgres", "")
                    .locations(Sandbox.MIGRATIONS).load().info().pending();
            assertEquals(1, pending.length, "V3 stays pending");
            assertEquals("3", pending[0].getVersion().getVersion());

            // A second process (another Sandbox over the same home) stops it; the data stays.
            assertTrue(new Sandbox(home, profiles).stop());
            assertFalse(sandbox.status().running());
            ConnectionProfile again = sandbox.start(JobContext.silent());
            try (Connection c = DriverManager.getConnection(Sandbox.jdbcUrl(again.port(), again.database()), "postgres", "");
                 Statement s = c.createStatement()) {
                assertEquals(150_000, count(s, "SELECT count(*) FROM shop.orders"));
            }
        } finally {
            sandbox.stop();
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
