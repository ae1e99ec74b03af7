package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inspect views' MySQL-only paths on Oracle MySQL 9.7, which MariaDB cannot exercise:
 * information_schema_stats_expiry (tables.sql), performance_schema.data_lock_waits (activity.sql)
 * and the MySQL overview.
 */
class InspectMysql9Test {

    private static MysqlServer mysql;
    private static String db;

    @BeforeAll
    static void workload() throws Exception {
        mysql = MysqlServer.sharedMysql9();
        db = mysql.createDatabase("inspect9");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE settings (id INT PRIMARY KEY, v INT NOT NULL)");
            s.execute("INSERT INTO settings VALUES (50, 1), (51, 2)");
            s.execute("CREATE TABLE measurements (id INT NOT NULL, taken DATE NOT NULL, PRIMARY KEY (id, taken)) "
                    + "PARTITION BY RANGE (YEAR(taken)) (PARTITION p2025 VALUES LESS THAN (2026), PARTITION p2026 VALUES LESS THAN MAXVALUE)");
            s.execute("INSERT INTO measurements VALUES (1, '2025-01-01'), (2, '2026-01-01')");
        }
    }

    /** A connection the way an inspection pool makes one for MySQL (max_execution_time, not MariaDB's max_statement_time). */
    private static Connection inspect() throws SQLException {
        java.util.Properties properties = InspectSession.inspectionProperties(Dialect.MYSQL, false, Duration.ofSeconds(30));
        return java.sql.DriverManager.getConnection(mysql.jdbcUrl(db), properties);
    }

    @Test
    void tableSizesSayHowLongMysqlCachesTheFigures() throws Exception {
        TableSizeReport report;
        try (Connection c = inspect()) {
            report = new TableSizes(Dialect.MYSQL).read(c);
        }
        assertEquals(86_400L, report.statsExpirySeconds(), "MySQL's default information_schema_stats_expiry");
        assertEquals(TableSizes.statsNote(86_400L), report.statsNote());
        TableSizeRow measurements = report.tables().stream().filter(t -> t.name().equals("measurements")).findFirst().orElseThrow();
        assertEquals(TableSizeRow.PARTITIONED, measurements.kind());
        assertEquals(List.of("p2025", "p2026"), measurements.partitions().stream().map(TableSizeRow::name).sorted().toList());
        assertTrue(report.tables().stream().anyMatch(t -> t.name().equals("settings")));
    }

    @Test
    void overviewReadsMysql9() throws Exception {
        OverviewSnapshot snapshot;
        try (Connection c = inspect()) {
            snapshot = new Overview(Dialect.MYSQL).read(c);
        }
        assertFalse(snapshot.mariaDb());
        assertTrue(snapshot.serverVersion().startsWith("9."), snapshot.serverVersion());
        assertTrue(snapshot.connectionsUsed() >= 1 && snapshot.maxConnections() > 0, snapshot.toString());
    }

    @Test
    void activityShowsTheBlockerFromPerformanceSchemasDataLockWaits() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocked-session-9"));
        try (Connection holder = mysql.connect(db); Connection waiter = mysql.connect(db)) {
            long holderId = id(holder);
            long waiterId = id(waiter);
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 50");
            }
            try (Statement s = waiter.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 60");
            }
            CompletableFuture<Integer> update = CompletableFuture.supplyAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    return s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 50");
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, executor);
            Activity activity = new Activity(Dialect.MYSQL);
            SessionRow blocked = Poll.until(Duration.ofSeconds(20), "connection " + waiterId + " to wait on the row lock", () -> {
                try (Connection c = inspect()) {
                    return activity.read(c).sessions().stream().filter(s -> s.id() == waiterId && s.blocked()).findFirst()
                            .orElse(null);
                }
            });
            assertEquals(List.of(holderId), blocked.blockedBy());
            assertNotNull(blocked.query());
            assertTrue(blocked.query().contains("UPDATE settings"), blocked.query());
            ActivityReport report;
            try (Connection c = inspect()) {
                report = activity.read(c);
            }
            assertEquals(holderId, report.blockingTree().get(0).session().id(), report.blockingTree().toString());
            holder.rollback();
            assertEquals(1, update.get(20, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(20, TimeUnit.SECONDS));
        }
    }

    private static long id(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
