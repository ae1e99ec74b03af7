package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Railway's MySQL default: performance_schema off. The Queries view falls back to mysql.slow_log,
 * or says how to turn the slow log on; index usage is unknown. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbPerformanceSchemaOffTest {

    private static MysqlServer server;
    private static String db;

    @BeforeAll
    static void start() throws Exception {
        server = MysqlServer.start(false);
        db = MyWorkload.build(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Connection inspect() throws Exception {
        return MyWorkload.inspect(server, db);
    }

    @Test
    @Order(1)
    void withoutPerformanceSchemaOrSlowLogTableTheQueriesViewOffersTheSettings() throws Exception {
        try (Connection c = inspect()) {
            QueryStatsReport report = new SlowQueries(Dialect.MYSQL).read(c);
            assertFalse(report.status().available());
            assertEquals(QuerySource.NONE, report.status().source());
            assertEquals("SET GLOBAL slow_query_log = ON;\nSET GLOBAL log_output = 'FILE,TABLE';\nSET GLOBAL long_query_time = 1;",
                    report.status().fix());
            assertTrue(report.status().note().contains("lost when the server restarts"));
            assertTrue(report.rows().isEmpty());
            OverviewSnapshot o = new Overview(Dialect.MYSQL).read(c);
            assertEquals("OFF", o.settings().get("performance_schema"));
            assertEquals(1, o.findings(FindingKind.SLOW_LOG_OFF).size(), o.findings().toString());
            assertTrue(o.uptime() != null && o.transactions() > 0, "status from information_schema.GLOBAL_STATUS");
        }
    }

    @Test
    @Order(2)
    void indexUsageIsUnknownButDuplicatesAreStillFound() throws Exception {
        try (Connection c = inspect()) {
            IndexReport report = new IndexHealth(Dialect.MYSQL).read(c);
            assertTrue(report.indexes().stream().allMatch(i -> i.scans() == null));
            assertTrue(report.findings(FindingKind.UNUSED_INDEX).isEmpty());
            assertEquals(1, report.findings(FindingKind.INDEX_USAGE_UNKNOWN).size());
            assertEquals(Set.of(db + ".customers.customers_city_idx2"),
                    report.findings(FindingKind.DUPLICATE_INDEX).stream().map(Finding::subject).collect(Collectors.toSet()));
            assertEquals(1, report.notes().size());
            assertNull(report.statsSince());
        }
    }

    @Test
    @Order(3)
    void slowLogTableIsReadOnceTheOfferedSettingsAreApplied() throws Exception {
        try (Connection inspection = inspect()) {
            try (Connection admin = server.connect(db); Statement s = admin.createStatement()) {
                for (String statement : new SlowQueries(Dialect.MYSQL).read(inspection).status().fix().split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement.strip());
                    }
                }
                s.execute("SET GLOBAL long_query_time = 0");
            }
            // long_query_time applies to connections opened after the change
            try (Connection app = server.connect(db); Statement s = app.createStatement()) {
                for (int i = 0; i < 4; i++) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events WHERE kind = 4 AND payload LIKE '%zz%'")) {
                        rs.next();
                    }
                }
                s.execute("DO SLEEP(1.2)");
            }
            String text = "SELECT COUNT(*) FROM events WHERE kind = 4 AND payload LIKE '%zz%'";
            // The server writes a slow-log row after the client already has its result.
            QueryStatsReport report = Poll.until(java.time.Duration.ofSeconds(10), "four slow-log rows", () -> {
                QueryStatsReport r = new SlowQueries(Dialect.MYSQL).read(inspection, 500);
                return r.rows().stream().anyMatch(q -> q.query().equals(text) && q.calls() == 4) ? r : null;
            });
            assertEquals(QuerySource.SLOW_LOG, report.status().source());
            assertTrue(report.status().available());
            QueryStatsRow scan = report.rows().stream().filter(r -> r.query().equals(text)).findFirst().orElseThrow();
            assertEquals(4, scan.calls());
            assertEquals(db, scan.schema());
            assertTrue(scan.totalMillis() >= 0 && scan.rowsExamined() >= 4L * 20_000, scan.toString());
            assertEquals(4L, scan.rows());
            QueryStatsRow sleep = Poll.until(java.time.Duration.ofSeconds(10), "the sleep's slow-log row", () ->
                    new SlowQueries(Dialect.MYSQL).read(inspection, 500).rows().stream()
                            .filter(r -> r.query().equals("DO SLEEP(1.2)")).findFirst().orElse(null));
            assertTrue(sleep.totalMillis() >= 1150 && sleep.totalMillis() < 3000,
                    "slow-log times keep their microseconds (1.2 s is not 1,000 ms): " + sleep.totalMillis());
            OverviewSnapshot o = new Overview(Dialect.MYSQL).read(inspection);
            assertEquals(1, o.findings(FindingKind.PERFORMANCE_SCHEMA_OFF).size(), o.findings().toString());
            assertTrue(o.findings(FindingKind.SLOW_LOG_OFF).isEmpty());

            new SlowQueries(Dialect.MYSQL).resetStatistics(Guards.target(Dialect.POSTGRESQL), inspection, QuerySource.SLOW_LOG, Guards.clear(GuardedAction.RESET_STATISTICS));
            assertTrue(new SlowQueries(Dialect.MYSQL).read(inspection, 500).rows().stream()
                    .noneMatch(r -> r.query().contains("payload LIKE '%zz%'")));
            try (Statement s = inspection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@session.tx_read_only")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the session is read-only again after the reset");
            }
        }
    }

    @Test
    @Order(4)
    void blockersAreStillKnownWithoutPerformanceSchemaOnMariaDb() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection holder = server.connect(db); Connection waiter = server.connect(db); Connection c = inspect()) {
            holder.setAutoCommit(false);
            long holderId;
            try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                holderId = rs.getLong(1);
                s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 7");
            }
            java.util.concurrent.Future<Integer> update = executor.submit(() -> {
                try (Statement s = waiter.createStatement()) {
                    return s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 7");
                }
            });
            SessionRow blocked = Poll.until(java.time.Duration.ofSeconds(20), "a blocked session", () ->
                    new Activity(Dialect.MYSQL).read(c).blockedSessions().stream().findFirst().orElse(null));
            assertEquals(java.util.List.of(holderId), blocked.blockedBy());
            assertTrue(new Activity(Dialect.MYSQL).read(c).notes().isEmpty(),
                    "MariaDB keeps INNODB_LOCK_WAITS without performance_schema");
            holder.rollback();
            assertEquals(1, update.get(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }
}
