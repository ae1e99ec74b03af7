package dev.railyard.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

            // A second process (the CLI: another Sandbox over the same home) stops it while the
            // first (the window) is still open; the data stays, and the CLI can start it again.
            Sandbox cli = new Sandbox(home, profiles);
            assertTrue(cli.stop());
            assertFalse(sandbox.status().running());
            ConnectionProfile again = cli.start(JobContext.silent());
            try (Connection c = DriverManager.getConnection(Sandbox.jdbcUrl(again.port(), again.database()), "postgres", "");
                 Statement s = c.createStatement()) {
                assertEquals(150_000, count(s, "SELECT count(*) FROM shop.orders"));
            }
            // The window's start then uses the server the CLI started, and its stop stops it.
            List<String> messages = new ArrayList<>();
            ConnectionProfile shared = sandbox.start(recording(messages));
            assertEquals(again.port(), shared.port());
            assertTrue(messages.contains("The sandbox already runs on port " + again.port()), messages.toString());
            assertTrue(sandbox.stop());
            assertFalse(cli.status().running());
            assertFalse(cli.stop(), "nothing left to stop");
        } finally {
            sandbox.stop();
        }
    }

    private static JobContext recording(List<String> messages) {
        return new JobContext() {
            @Override public void progress(long done, long total, ProgressUnit unit) { }
            @Override public void message(String step) { messages.add(step); }
            @Override public void log(String line) { }
            @Override public boolean isCancelled() { return false; }
            @Override public Registration onCancel(Runnable action) { return Registration.NONE; }
        };
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
