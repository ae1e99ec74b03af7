package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverviewPostgresTest {

    private final Overview overview = new Overview(Dialect.POSTGRESQL);

    private OverviewSnapshot read(Overview service, String db) throws Exception {
        try (Connection c = PgWorkload.inspect(db)) {
            return service.read(c);
        }
    }

    @Test
    void serverDatabaseAndConnectionFiguresArePlausible() throws Exception {
        OverviewSnapshot o = read(overview, PgWorkload.database());
        assertTrue(o.serverVersion().startsWith("17."), o.serverVersion());
        assertTrue(o.uptime().compareTo(Duration.ZERO) > 0);
        assertEquals(PgWorkload.database(), o.database());
        assertTrue(o.databaseBytes() > 10L * 1024 * 1024, "events alone is ~9 MB");
        assertTrue(o.connectionsUsed() >= 1);
        assertEquals(200, o.maxConnections(), "EmbeddedPostgres sets max_connections=200");
        assertEquals(3, o.reservedConnections());
        assertTrue(o.connectionsAvailable() < 200);
        assertTrue(o.tableCacheHitRatio() > 0 && o.tableCacheHitRatio() <= 1);
        assertTrue(o.indexCacheHitRatio() > 0 && o.indexCacheHitRatio() <= 1);
        assertTrue(o.transactions() > 0);
        assertNull(o.statements());
        assertTrue(o.extensions().stream().anyMatch(e -> e.name().equals("pg_stat_statements")));
        assertTrue(o.settings().containsKey("shared_buffers"));
        assertTrue(!o.replication().standby() && o.replication().replicas() == 0);
        assertTrue(o.findings(FindingKind.PG_STAT_STATEMENTS_NOT_CREATED).isEmpty());
    }

    @Test
    void findingsNameDeadRowsAndInvalidIndexesInPlainWords() throws Exception {
        OverviewSnapshot o = read(overview, PgWorkload.database());
        List<Finding> dead = o.findings(FindingKind.DEAD_ROWS);
        assertEquals(1, dead.size(), dead.toString());
        assertEquals("archive has 50% dead rows (2000 of 4000), never vacuumed.", dead.get(0).message());
        assertEquals("VACUUM (ANALYZE) public.archive;", dead.get(0).fix());
        List<Finding> invalid = o.findings(FindingKind.INVALID_INDEXES);
        assertEquals(1, invalid.size());
        assertTrue(invalid.get(0).message().startsWith("1 invalid index: public.customers_code_key."), invalid.get(0).message());
        assertEquals(Severity.CRITICAL, o.findings().get(0).severity());
    }

    @Test
    void missingPgStatStatementsIsAFindingWithTheStatementToRun() throws Exception {
        OverviewSnapshot o = read(overview, PgWorkload.server().createDatabase("overviewnopgss"));
        List<Finding> pgss = o.findings(FindingKind.PG_STAT_STATEMENTS_NOT_CREATED);
        assertEquals(1, pgss.size());
        assertTrue(pgss.get(0).message().startsWith("pg_stat_statements is preloaded but not created in this database."));
        assertEquals("CREATE EXTENSION pg_stat_statements;", pgss.get(0).fix());
    }

    @Test
    void longestOpenTransactionIsReportedAndBecomesAFindingPastTheThreshold() throws Exception {
        Overview strict = new Overview(Dialect.POSTGRESQL, new Overview.Thresholds(0.8, 0.95, 10_000, Duration.ZERO, 0.2, 1_000));
        String db = PgWorkload.server().createDatabase("overviewtx");
        try (Connection open = PgWorkload.plain(db)) {
            long pid;
            try (Statement s = open.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
            OverviewSnapshot o = read(strict, db);
            assertNotNull(o.longestTransaction());
            assertEquals(pid, o.longestTransaction().sessionId());
            assertEquals("idle in transaction", o.longestTransaction().state());
            assertTrue(o.longestTransaction().millis() >= 0);
            List<Finding> idle = o.findings(FindingKind.IDLE_IN_TRANSACTION);
            assertEquals(1, idle.size());
            assertTrue(idle.get(0).message().startsWith("Session " + pid + " (postgres, PostgreSQL JDBC Driver) has had a transaction open for"),
                    idle.get(0).message());
            assertTrue(idle.get(0).fix().contains("SELECT pg_terminate_backend(" + pid + ");"));
            open.rollback();
        }
    }

    @Test
    void trackerTurnsTwoReadingsIntoTransactionsPerSecond() throws Exception {
        String db = PgWorkload.server().createDatabase("overviewtps");
        OverviewTracker tracker = new OverviewTracker();
        try (Connection reader = PgWorkload.inspect(db); Connection writer = PgWorkload.plain(db)) {
            OverviewReport first = tracker.accept(overview.read(reader));
            assertNull(first.transactionsPerSecond(), "no rate from a single reading");
            try (Statement s = writer.createStatement()) {
                for (int i = 0; i < 50; i++) {
                    s.execute("SELECT " + i);
                }
            }
            PgWorkload.flushStatistics(writer);
            OverviewReport second = tracker.accept(overview.read(reader));
            assertNotNull(second.transactionsPerSecond());
            assertTrue(second.intervalSeconds() > 0);
            double transactions = second.transactionsPerSecond() * second.intervalSeconds();
            assertTrue(transactions >= 50, "at least the writer's 50 transactions, got " + transactions);
        }
    }
}
