package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Indexes, queries, overview and session setup on the shared MariaDB with performance_schema on.
 * The MySQL-8-only statements (overview.sql runs here too; tables.sql and activity.sql cannot)
 * are named in their files.
 */
class MariaDbPerformanceSchemaOnTest {

    private static Set<String> subjects(IndexReport report, FindingKind kind) {
        return report.findings(kind).stream().map(Finding::subject).collect(Collectors.toSet());
    }

    @Test
    void indexFindingsMatchTheWorkloadWithMySqlFixes() throws Exception {
        String db = MyWorkload.sharedDatabase();
        IndexReport report;
        try (Connection c = MyWorkload.inspect()) {
            report = new IndexHealth(Dialect.MYSQL, IndexHealth.Thresholds.defaults().withMinHistory(java.time.Duration.ZERO)).read(c);
        }
        assertEquals(Set.of(db + ".customers.customers_city_idx2"), subjects(report, FindingKind.DUPLICATE_INDEX));
        Finding duplicate = report.findings(FindingKind.DUPLICATE_INDEX).get(0);
        assertEquals("ALTER TABLE `" + db + "`.`customers` DROP INDEX `customers_city_idx2`, ALGORITHM=INPLACE, LOCK=NONE;",
                duplicate.fix());
        assertEquals(Set.of(db + ".customers.customers_name_idx"), subjects(report, FindingKind.REDUNDANT_INDEX));
        Set<String> unused = subjects(report, FindingKind.UNUSED_INDEX);
        assertTrue(unused.contains(db + ".customers.customers_created_idx"), unused.toString());
        assertFalse(unused.contains(db + ".customers.customers_region_idx"), "read 25 times");
        assertFalse(unused.stream().anyMatch(s -> s.endsWith(".PRIMARY")));
        assertEquals(Set.of(db + ".events"), subjects(report, FindingKind.SEQUENTIAL_SCANS));
        IndexRow nameCity = report.indexes().stream().filter(i -> i.name().equals("customers_name_city_idx")).findFirst().orElseThrow();
        assertEquals(List.of("name", "city"), nameCity.columns());
        assertEquals("BTREE", nameCity.method());
        assertTrue(nameCity.bytes() > 0);
        IndexRow region = report.indexes().stream().filter(i -> i.name().equals("customers_region_idx")).findFirst().orElseThrow();
        assertTrue(region.scans() > 10, "rows read through it: " + region.scans());
        assertNotNull(report.statsSince(), "counted since the server started");
        assertTrue(report.notes().isEmpty());
    }

    @Test
    void theSuggestedDropStatementsRunOnMariaDb() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = server.createDatabase("indexfix");
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `Order` (id INT PRIMARY KEY, a INT, b INT, KEY a1 (a), KEY `a copy` (a), KEY ab (a, b))");
        }
        IndexReport before;
        try (Connection c = MyWorkload.inspect(server, db)) {
            before = new IndexHealth(Dialect.MYSQL).read(c);
        }
        List<Finding> drops = before.findings().stream()
                .filter(f -> f.kind() == FindingKind.DUPLICATE_INDEX || f.kind() == FindingKind.REDUNDANT_INDEX).toList();
        assertEquals(1, drops.size(), "one of the duplicate pair; the other stays: " + drops);
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (Finding f : drops) {
                s.execute(f.fix().replaceAll(";$", ""));
            }
        }
        try (Connection c = MyWorkload.inspect(server, db)) {
            IndexReport after = new IndexHealth(Dialect.MYSQL).read(c);
            assertEquals(Set.of("PRIMARY", "ab", "a copy"), after.indexes().stream().map(IndexRow::name).collect(Collectors.toSet()));
        }
    }

    @Test
    void digestsGiveTheMostExpensiveStatementsFirst() throws Exception {
        String db = MyWorkload.sharedDatabase();
        try (Connection c = MysqlServer.shared().connect(db);
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM events WHERE payload LIKE ? AND kind = 3")) {
            for (int i = 0; i < 7; i++) {
                p.setString(1, "%" + i + "ab%");
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
            }
            // The server sends the last row before it adds the statement to the digest summary; the
            // thread serves one command at a time, so once this round trip is answered the seventh is counted.
            try (Statement s = c.createStatement()) {
                s.execute("DO 1");
            }
        }
        QueryStatsReport report;
        try (Connection c = MyWorkload.inspect()) {
            report = new SlowQueries(Dialect.MYSQL).read(c, 200);
        }
        assertEquals(QuerySource.PERFORMANCE_SCHEMA, report.status().source());
        assertTrue(report.status().available());
        QueryStatsRow like = report.rows().stream()
                .filter(r -> r.query() != null && r.query().contains("WHERE `payload` LIKE ? AND `kind` = ?")).findFirst().orElseThrow();
        assertEquals(7, like.calls());
        assertEquals(db, like.schema());
        assertTrue(like.totalMillis() > 0 && like.maxMillis() >= like.meanMillis());
        assertEquals(7L, like.rows());
        assertTrue(like.rowsExamined() >= 7L * 20_000, "full scans of events: " + like.rowsExamined());
        assertNotNull(like.lastSeen());
        assertNull(like.sharedBlocksHit());
        List<Double> totals = report.rows().stream().map(QueryStatsRow::totalMillis).toList();
        for (int i = 1; i < totals.size(); i++) {
            assertTrue(totals.get(i - 1) >= totals.get(i), totals.toString());
        }
        assertTrue(report.rows().stream().mapToDouble(QueryStatsRow::shareOfTotal).sum() <= 1.0001);
    }

    @Test
    void overviewReadsStatusSettingsAndTheLongestTransaction() throws Exception {
        Overview strict = new Overview(Dialect.MYSQL, new Overview.Thresholds(0.8, 0.95, 10_000, Duration.ZERO, 0.2, 1_000));
        String db = MyWorkload.sharedDatabase();
        try (Connection open = MysqlServer.shared().connect(db); Connection c = MyWorkload.inspect()) {
            long id;
            try (Statement s = open.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                id = rs.getLong(1);
            }
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.executeUpdate("UPDATE settings SET v = v WHERE id = 2");
            }
            // InnoDB serves INNODB_TRX from a snapshot refreshed at most every 0.1 s.
            OverviewSnapshot o = Poll.until(Duration.ofSeconds(10), "the open transaction in INNODB_TRX", () -> {
                OverviewSnapshot reading = strict.read(c);
                return reading.longestTransaction() == null ? null : reading;
            });
            assertTrue(o.mariaDb());
            assertTrue(o.serverVersion().contains("MariaDB"), o.serverVersion());
            assertTrue(o.uptime().compareTo(Duration.ZERO) > 0);
            assertEquals(db, o.database());
            assertTrue(o.databaseBytes() > 4L * 1024 * 1024, "bytes " + o.databaseBytes());
            assertTrue(o.connectionsUsed() >= 2, "used " + o.connectionsUsed());
            assertTrue(o.maxConnections() > 0);
            assertTrue(o.tableCacheHitRatio() > 0 && o.tableCacheHitRatio() <= 1, "ratio " + o.tableCacheHitRatio());
            assertNull(o.indexCacheHitRatio());
            assertTrue(o.transactions() > 0 && o.statements() > 0, o.transactions() + " / " + o.statements());
            assertEquals("ON", o.settings().get("performance_schema"));
            assertTrue(o.settings().keySet().containsAll(List.of("version", "innodb_buffer_pool_size", "max_connections",
                    "slow_query_log", "log_output", "long_query_time", "sql_mode", "time_zone")));
            assertNotNull(o.longestTransaction());
            assertEquals(id, o.longestTransaction().sessionId());
            assertEquals(1, o.findings(FindingKind.LONG_TRANSACTION).size(), o.findings().toString());
            assertTrue(o.findings(FindingKind.LONG_TRANSACTION).get(0).fix().endsWith("KILL CONNECTION " + id + ";"));
            assertTrue(o.findings(FindingKind.PERFORMANCE_SCHEMA_OFF).isEmpty());
            assertFalse(o.replication().standby());
            open.rollback();
        }
    }

    @Test
    void overviewTrackerCountsTransactionsAndStatementsPerSecond() throws Exception {
        Overview overview = new Overview(Dialect.MYSQL);
        OverviewTracker tracker = new OverviewTracker();
        try (Connection c = MyWorkload.inspect(); Connection w = MysqlServer.shared().connect(MyWorkload.sharedDatabase())) {
            tracker.accept(overview.read(c));
            try (Statement s = w.createStatement()) {
                for (int i = 0; i < 40; i++) {
                    s.executeQuery("SELECT v FROM settings WHERE id = " + (i + 1)).close();
                }
            }
            OverviewReport second = tracker.accept(overview.read(c));
            assertTrue(second.statementsPerSecond() * second.intervalSeconds() >= 40, second.toString());
            assertTrue(second.transactionsPerSecond() > 0, second.toString());
        }
    }

    /** overview.sql is MySQL 8's; MariaDB with performance_schema on can run it, which checks its syntax and columns. */
    @Test
    void theMySqlOverviewStatementRunsOnMariaDbWithPerformanceSchemaOn() throws Exception {
        try (Connection c = MyWorkload.inspect();
             PreparedStatement p = c.prepareStatement(SqlResources.load(Dialect.MYSQL, "overview"));
             ResultSet rs = p.executeQuery()) {
            assertTrue(rs.next());
            assertTrue(rs.getLong("uptime_seconds") > 0);
            assertTrue(rs.getLong("transactions") > 0);
            assertFalse(rs.next());
        }
    }

    @Test
    void inspectionSessionIsReadOnlyWithAStatementTimeout() throws Exception {
        try (Connection c = MyWorkload.inspect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@session.tx_read_only, @@session.max_statement_time")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals(30.0, rs.getDouble(2), 1e-9);
            }
            SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE settings SET v = 1 WHERE id = 1"));
            assertEquals(1792, refused.getErrorCode(), "Cannot execute statement in a READ ONLY transaction");
        }
        try (Connection c = MysqlServer.shared().connect(MyWorkload.sharedDatabase()); Statement s = c.createStatement()) {
            InspectSession.prepare(c, Dialect.MYSQL, Duration.ofMillis(1500));
            try (ResultSet rs = s.executeQuery("SELECT @@session.tx_read_only, @@session.max_statement_time")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals(1.5, rs.getDouble(2), 1e-9);
            }
        }
    }

    @Test
    void mySqlSessionVariablesWouldFailOnMariaDbWhichIsWhyTheFlavourIsAsked() {
        MysqlServer server = MysqlServer.shared();
        SQLException unknown = assertThrows(SQLException.class, () -> DriverManager.getConnection(server.jdbcUrl(""),
                InspectSession.inspectionProperties(Dialect.MYSQL)).close());
        assertTrue(unknown.getMessage().toLowerCase().contains("max_execution_time"), unknown.getMessage());
    }

    @Test
    void anIndexAForeignKeyNeedsIsNeverProposedForDropAndFreshCountsAreNotEnoughHistory() throws Exception {
        dev.railyard.support.MysqlServer server = dev.railyard.support.MysqlServer.shared();
        String db = server.createDatabase("fkadvice");
        try (Connection c = server.connect(db); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fk_parent (id INT PRIMARY KEY) ENGINE=InnoDB");
            s.execute("CREATE TABLE fk_child (id INT PRIMARY KEY, parent_id INT, code INT, "
                    + "KEY fk_child_parent_idx (parent_id), KEY fk_child_code_idx (code), "
                    + "CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES fk_parent (id)) ENGINE=InnoDB");
        }
        IndexReport report;
        try (Connection c = MyWorkload.inspect(server, db)) {
            report = new IndexHealth(Dialect.MYSQL, IndexHealth.Thresholds.defaults().withMinHistory(java.time.Duration.ZERO)).read(c);
        }
        assertTrue(report.findings().stream().noneMatch(f -> f.subject().equals(db + ".fk_child.fk_child_parent_idx")),
                "the foreign key's index is never proposed for DROP (MySQL would refuse it): " + report.findings());
        assertTrue(report.findings(FindingKind.UNUSED_INDEX).stream().anyMatch(f -> f.subject().equals(db + ".fk_child.fk_child_code_idx")),
                "an unused index no key needs is: " + report.findings());

        IndexReport fresh;
        try (Connection c = MyWorkload.inspect(server, db)) {
            fresh = new IndexHealth(Dialect.MYSQL).read(c); // the test server started seconds ago
        }
        assertTrue(fresh.findings(FindingKind.UNUSED_INDEX).isEmpty(), "no DROP on counts minutes old");
        assertEquals(1, fresh.findings(FindingKind.NOT_ENOUGH_HISTORY).size());
        Finding early = fresh.findings(FindingKind.NOT_ENOUGH_HISTORY).get(0);
        assertTrue(early.message().contains("not enough history") && early.message().contains("fk_child_code_idx"),
                early.message());
        assertFalse(early.hasFix(), "nothing to run");
    }
}
