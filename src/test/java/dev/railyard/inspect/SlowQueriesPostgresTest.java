package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import dev.railyard.support.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SlowQueriesPostgresTest {

    private static EmbeddedPostgres withoutPreload;

    private final SlowQueries queries = new SlowQueries(Dialect.POSTGRESQL);

    @AfterAll
    static void stopServer() {
        if (withoutPreload != null) {
            withoutPreload.close();
        }
    }

    private static synchronized EmbeddedPostgres serverWithoutPreload() {
        if (withoutPreload == null) {
            withoutPreload = EmbeddedPostgres.startNew(EmbeddedPostgres.DEFAULT_MAJOR, Map.of("shared_preload_libraries", ""));
        }
        return withoutPreload;
    }

    private static void runTimes(String db, String sql, int times) throws Exception {
        try (Connection c = PgWorkload.plain(db); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < times; i++) {
                p.setInt(1, i);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    @Test
    void railyardsOwnCatalogQueriesAreLeftOut() throws Exception {
        String db = PgWorkload.database();
        // Not the shape the other test looks for ("WHERE id = $1"): tests share this database.
        runTimes(db, "SELECT count(*) FROM settings WHERE id > ?", 3);
        runTimes(db, dev.railyard.db.SqlResources.MARK + "SELECT count(*) FROM pg_class WHERE relpages > ?", 3);
        QueryStatsReport report;
        try (Connection c = PgWorkload.inspect()) {
            queries.read(c, 500);
            // The second read would list the first one's statement, were it not left out.
            report = queries.read(c, 500);
        }
        assertTrue(report.rows().stream().anyMatch(r -> r.query().contains("FROM settings WHERE id > $1")), "the user's query");
        for (QueryStatsRow row : report.rows()) {
            assertFalse(row.query().startsWith("/* railyard */"), row.query());
            assertFalse(row.query().contains("FROM pg_stat_statements s"), row.query());
        }
    }

    @Test
    void statementsOfThisDatabaseComeWithTheirCostsMostExpensiveFirst() throws Exception {
        String db = PgWorkload.database();
        runTimes(db, "SELECT count(*) FROM events WHERE kind = ? AND payload LIKE '%ab%'", 12);
        runTimes(db, "SELECT id FROM settings WHERE id = ?", 40);
        QueryStatsReport report;
        try (Connection c = PgWorkload.inspect()) {
            report = queries.read(c, 50);
        }
        assertTrue(report.status().available(), report.status().message());
        assertEquals(QuerySource.PG_STAT_STATEMENTS, report.status().source());
        QueryStatsRow scan = report.rows().stream()
                .filter(r -> r.query().contains("FROM events WHERE kind = $1")).findFirst().orElseThrow();
        assertEquals(12, scan.calls());
        assertTrue(scan.totalMillis() > 0 && scan.meanMillis() > 0);
        assertEquals(scan.totalMillis() / 12, scan.meanMillis(), 1e-6);
        assertTrue(scan.maxMillis() >= scan.meanMillis());
        assertEquals(12L, scan.rows());
        assertTrue(scan.sharedBlocksHit() + scan.sharedBlocksRead() > 0, "it read the events table");
        assertTrue(scan.shareOfTotal() > 0 && scan.shareOfTotal() <= 1);
        assertEquals("postgres", scan.user());
        QueryStatsRow lookup = report.rows().stream()
                .filter(r -> r.query().contains("FROM settings WHERE id = $1")).findFirst().orElseThrow();
        assertEquals(40, lookup.calls());
        for (int i = 1; i < report.rows().size(); i++) {
            assertTrue(report.rows().get(i - 1).totalMillis() >= report.rows().get(i).totalMillis());
        }
        assertTrue(report.statementCount() >= report.rows().size());
        double shares = report.rows().stream().mapToDouble(QueryStatsRow::shareOfTotal).sum();
        assertTrue(shares <= 1.0001, "shares of the whole " + shares);
    }

    @Test
    void limitCapsTheRowsButNotTheTotals() throws Exception {
        try (Connection c = PgWorkload.inspect()) {
            QueryStatsReport two = queries.read(c, 2);
            assertEquals(2, two.rows().size());
            assertTrue(two.statementCount() > 2);
        }
    }

    @Test
    void preloadedButNotCreatedOffersCreateExtension() throws Exception {
        String db = PgWorkload.server().createDatabase("nopgss");
        try (Connection c = PgWorkload.inspect(db)) {
            QueryStatsReport report = queries.read(c);
            assertFalse(report.status().available());
            assertEquals(QuerySource.NONE, report.status().source());
            assertEquals("pg_stat_statements is preloaded but not created in this database.", report.status().message());
            assertEquals("CREATE EXTENSION pg_stat_statements;", report.status().fix());
            assertTrue(report.rows().isEmpty());
        }
    }

    @Test
    void notPreloadedSaysWhatToChange() throws Exception {
        EmbeddedPostgres server = serverWithoutPreload();
        String db = server.createDatabase("nopreload");
        try (Connection c = server.connect(db)) {
            QueryStatsStatus status = queries.read(c).status();
            assertFalse(status.available());
            assertTrue(status.message().startsWith("pg_stat_statements is not preloaded"), status.message());
            assertTrue(status.fix().startsWith("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';"), status.fix());
            assertTrue(status.fix().endsWith("CREATE EXTENSION pg_stat_statements;"));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
            }
            QueryStatsStatus created = queries.read(c).status();
            assertFalse(created.available());
            assertTrue(created.message().startsWith("pg_stat_statements is created but not preloaded"), created.message());
            // the failed read left the connection usable
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void extensionInASchemaOffTheSearchPathIsStillRead() throws Exception {
        String db = PgWorkload.server().createDatabase("pgssschema");
        try (Connection c = PgWorkload.plain(db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA monitoring");
            s.execute("CREATE EXTENSION pg_stat_statements SCHEMA monitoring");
        }
        try (Connection c = PgWorkload.inspect(db)) {
            QueryStatsReport report = queries.read(c);
            assertTrue(report.status().available(), report.status().message());
        }
    }

    @Test
    void failedReadInsideATransactionRollsBackAndExplains() throws Exception {
        String db = PgWorkload.server().createDatabase("nopgsstx");
        try (Connection c = PgWorkload.inspect(db)) {
            c.setAutoCommit(false);
            assertFalse(queries.read(c).status().available());
            c.rollback();
        }
    }

    @Test
    void resetStatisticsEmptiesPgStatStatementsOnlyWhenAsked() throws Exception {
        String db = PgWorkload.database();
        runTimes(db, "SELECT ? AS marker_424242", 3);
        try (Connection c = PgWorkload.inspect()) {
            assertTrue(queries.read(c, 1000).rows().stream().anyMatch(r -> r.query().contains("marker_424242")), "reading does not reset");
            assertTrue(queries.read(c, 1000).rows().stream().anyMatch(r -> r.query().contains("marker_424242")));
            queries.resetStatistics(Guards.target(Dialect.POSTGRESQL), c, QuerySource.PG_STAT_STATEMENTS, Guards.clear(GuardedAction.RESET_STATISTICS));
            assertTrue(queries.read(c, 1000).rows().stream().noneMatch(r -> r.query().contains("marker_424242")));
        }
    }

    @Test
    void planTimeIsNullWhenPlanningIsNotTracked() throws Exception {
        try (Connection c = PgWorkload.inspect()) {
            assertTrue(queries.read(c).rows().stream().allMatch(r -> r.planMillis() == null),
                    "pg_stat_statements.track_planning is off by default");
            assertTrue(queries.read(c).rows().stream().allMatch(r -> r.rowsExamined() == null && r.lastSeen() == null));
        }
    }
}
