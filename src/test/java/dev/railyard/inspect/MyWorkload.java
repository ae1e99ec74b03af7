package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * A database of a known shape on a MariaDB (shared, performance_schema on; or a private server
 * with it off), the MySQL-dialect twin of {@link PgWorkload}:
 * events (20,000 rows) &gt; customers (3,000) &gt; settings (100); customers has a duplicate
 * (customers_city_idx2), a redundant (customers_name_idx, covered by customers_name_city_idx),
 * an unused (customers_created_idx) and a used index (customers_region_idx); events is read by
 * 30 full scans; measurements is partitioned into p2025 and p2026.
 */
final class MyWorkload {

    private static String shared;

    private MyWorkload() {
    }

    static synchronized String sharedDatabase() throws SQLException {
        if (shared == null) {
            shared = build(MysqlServer.shared());
        }
        return shared;
    }

    static String build(MysqlServer server) throws SQLException {
        String db = server.createDatabase("inspect");
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, kind INT, payload VARCHAR(400)) ENGINE=InnoDB");
            s.execute("INSERT INTO events SELECT seq, seq % 10, REPEAT(MD5(seq), 9) FROM seq_1_to_20000");
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(40), region INT, "
                    + "created_at DATETIME, KEY customers_city_idx (city), KEY customers_city_idx2 (city), "
                    + "KEY customers_name_idx (name), KEY customers_name_city_idx (name, city), "
                    + "KEY customers_created_idx (created_at), KEY customers_region_idx (region)) ENGINE=InnoDB");
            s.execute("INSERT INTO customers SELECT seq, CONCAT('name', seq), CONCAT('city', seq % 50), seq % 7, "
                    + "NOW() - INTERVAL seq MINUTE FROM seq_1_to_3000");
            s.execute("CREATE TABLE settings (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
            s.execute("INSERT INTO settings SELECT seq, seq FROM seq_1_to_100");
            s.execute("CREATE TABLE measurements (id INT, at DATE, v VARCHAR(100)) ENGINE=InnoDB "
                    + "PARTITION BY RANGE (YEAR(at)) (PARTITION p2025 VALUES LESS THAN (2026), PARTITION p2026 VALUES LESS THAN (2027))");
            s.execute("INSERT INTO measurements SELECT seq, DATE '2025-03-01' + INTERVAL (seq % 500) DAY, REPEAT('m', 100) FROM seq_1_to_6000");
            s.execute("ANALYZE TABLE events, customers, settings, measurements");
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COUNT(*) FROM customers FORCE INDEX (customers_region_idx) WHERE region = ?")) {
                for (int i = 0; i < 25; i++) {
                    p.setInt(1, i % 7);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                    }
                }
            }
            for (int i = 0; i < 30; i++) {
                try (ResultSet rs = s.executeQuery("SELECT SUM(LENGTH(payload)) FROM events IGNORE INDEX (PRIMARY)")) {
                    rs.next();
                }
            }
        }
        return db;
    }

    /** A connection the way an inspection pool makes one for MariaDB. */
    static Connection inspect(MysqlServer server, String db) throws SQLException {
        Properties properties = InspectSession.inspectionProperties(Dialect.MYSQL, true, Duration.ofSeconds(30));
        return DriverManager.getConnection(server.jdbcUrl(db), properties);
    }

    static Connection inspect() throws SQLException {
        return inspect(MysqlServer.shared(), sharedDatabase());
    }
}
