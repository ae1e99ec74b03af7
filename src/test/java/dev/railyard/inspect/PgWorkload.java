package dev.railyard.inspect;

import dev.railyard.support.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A database on the shared PG 17 with a known shape, made once per test run:
 * <ul>
 * <li>events (30,000 rows of ~300 bytes) &gt; customers (5,000) &gt; settings (100): sizes in that order;
 *     events is read by 30 sequential scans</li>
 * <li>customers: customers_city_idx and customers_city_idx2 are duplicates; customers_name_idx is
 *     covered by customers_name_city_idx; customers_created_idx is never used; customers_region_idx
 *     is used 25 times; customers_code_key is invalid (a failed CREATE UNIQUE INDEX CONCURRENTLY)</li>
 * <li>archive (autovacuum off): 4,000 rows of which 2,000 deleted: 50% dead rows, never vacuumed</li>
 * <li>measurements: partitioned by range into measurements_2025 and measurements_2026</li>
 * <li>pg_stat_statements created</li>
 * </ul>
 * Statistics are flushed before the workload connection closes, so readers see them at once.
 */
public final class PgWorkload {

    private static String database;

    private PgWorkload() {
    }

    public static EmbeddedPostgres server() {
        return EmbeddedPostgres.shared();
    }

    public static synchronized String database() throws SQLException {
        if (database == null) {
            String name = server().createDatabase("inspect");
            build(name);
            database = name;
        }
        return database;
    }

    /** A connection set up the way the inspection pool sets one up. */
    static Connection inspect(String db) throws SQLException {
        Properties properties = InspectSession.inspectionProperties(dev.railyard.db.Dialect.POSTGRESQL);
        properties.setProperty("user", "postgres");
        return java.sql.DriverManager.getConnection(server().jdbcUrl(db), properties);
    }

    static Connection inspect() throws SQLException {
        return inspect(database());
    }

    static Connection plain(String db) throws SQLException {
        return server().connect(db);
    }

    private static void build(String db) throws SQLException {
        try (Connection c = plain(db); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("CREATE TABLE events (id bigint PRIMARY KEY, kind int, payload text)");
            s.execute("INSERT INTO events SELECT g, g % 10, repeat(md5(g::text), 9) FROM generate_series(1, 30000) g");
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text, city text, region int, code int, created_at timestamptz)");
            s.execute("INSERT INTO customers SELECT g, 'name' || g, 'city' || (g % 50), g % 7, g % 100, now() - g * interval '1 minute' "
                    + "FROM generate_series(1, 5000) g");
            s.execute("CREATE INDEX customers_city_idx ON customers (city)");
            s.execute("CREATE INDEX customers_city_idx2 ON customers (city)");
            s.execute("CREATE INDEX customers_name_idx ON customers (name)");
            s.execute("CREATE INDEX customers_name_city_idx ON customers (name, city)");
            s.execute("CREATE INDEX customers_created_idx ON customers (created_at)");
            s.execute("CREATE INDEX customers_region_idx ON customers (region)");
            try {
                s.execute("CREATE UNIQUE INDEX CONCURRENTLY customers_code_key ON customers (code)");
                throw new IllegalStateException("customers.code has duplicates: the unique index should have failed");
            } catch (SQLException expected) {
                // 23505: the build failed and left customers_code_key behind, invalid.
            }
            s.execute("CREATE TABLE settings (id int PRIMARY KEY, v int)");
            s.execute("INSERT INTO settings SELECT g, g FROM generate_series(1, 100) g");
            s.execute("CREATE TABLE archive (id int PRIMARY KEY, note text) WITH (autovacuum_enabled = false)");
            s.execute("INSERT INTO archive SELECT g, 'note ' || g FROM generate_series(1, 4000) g");
            s.execute("DELETE FROM archive WHERE id % 2 = 0");
            s.execute("CREATE TABLE measurements (id int, at date, v text) PARTITION BY RANGE (at)");
            s.execute("CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
            s.execute("CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
            s.execute("INSERT INTO measurements SELECT g, date '2025-03-01' + (g % 500), repeat('m', 100) FROM generate_series(1, 6000) g");
            // Publish the insert counts first, or they land after ANALYZE and double n_live_tup.
            flushStatistics(c);
            s.execute("ANALYZE events, customers, settings, measurements");
            // Planner settings that make the intended scans happen whatever the statistics say.
            s.execute("SET enable_seqscan = off");
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM customers WHERE region = ?")) {
                for (int i = 0; i < 25; i++) {
                    p.setInt(1, i % 7);
                    consume(p);
                }
            }
            s.execute("RESET enable_seqscan");
            s.execute("SET enable_indexscan = off");
            s.execute("SET enable_bitmapscan = off");
            s.execute("SET enable_indexonlyscan = off");
            for (int i = 0; i < 30; i++) {
                try (ResultSet rs = s.executeQuery("SELECT sum(length(payload)) FROM events")) {
                    rs.next();
                }
            }
            s.execute("RESET ALL");
            flushStatistics(c);
        }
    }

    /** Makes this backend publish its pending statistics before its next command is answered. */
    static void flushStatistics(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            s.execute("SELECT 1");
        }
    }

    private static void consume(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                rs.getLong(1);
            }
        }
    }
}
