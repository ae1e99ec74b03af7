package dev.railyard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void sharedServerIsPostgres17WithPgStatStatementsPreloaded() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        assertSame(pg, EmbeddedPostgres.shared());
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000, current_setting('shared_preload_libraries')");
            rs.next();
            assertEquals(17, rs.getInt(1));
            assertTrue(rs.getString(2).contains("pg_stat_statements"));
        }
    }

    @Test
    void createdDatabasesAreFreshAndDistinct() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String a = pg.createDatabase("fresh");
        String b = pg.createDatabase("fresh");
        assertTrue(!a.equals(b));
        try (Connection c = pg.connect(a); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void postgres15StartsFromTheCopiedBinaries() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared("15");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SHOW server_version_num");
            rs.next();
            assertEquals(15, Integer.parseInt(rs.getString(1)) / 10000);
        }
        assertTrue(java.nio.file.Files.isExecutable(pg.binDir().resolve("pg_ctl")));
    }

    @Test
    void terminateEndsTheNamedBackendsAndAwaitTrueWaitsForAServerState() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("waits");
        try (Connection victim = java.sql.DriverManager.getConnection(pg.jdbcUrl(db) + "&ApplicationName=victim", "postgres", "")) {
            pg.awaitTrue(db, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'victim')",
                    java.time.Duration.ofSeconds(5), "the victim is connected");
            assertEquals(1, pg.terminate(db, "victim"));
            pg.awaitTrue(db, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'victim')",
                    java.time.Duration.ofMillis(1), "the victim is gone as soon as terminate returns");
        }
        AssertionError never = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> pg.awaitTrue(db, "SELECT false", java.time.Duration.ofMillis(50), "a state that never comes"));
        assertTrue(never.getMessage().contains("a state that never comes"), never.getMessage());
    }
}
