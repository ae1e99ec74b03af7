package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The words and fixes of the Queries view's states, for states a test server cannot easily be put in. */
class QueryStatusWordingTest {

    @Test
    void mysqlWithoutAnySourceOffersTheSlowLogKeepingTheFileOutput() {
        QueryStatsStatus status = SlowQueries.mysqlStatus(false, "FILE", false, 10, 0);
        assertFalse(status.available());
        assertEquals("SET GLOBAL slow_query_log = ON;\nSET GLOBAL log_output = 'FILE,TABLE';\nSET GLOBAL long_query_time = 1;",
                status.fix());
        assertTrue(status.note().contains("lost when the server restarts"), status.note());
        assertEquals("SET GLOBAL log_output = 'TABLE';",
                SlowQueries.mysqlStatus(false, "NONE", false, 10, 0).fix().lines().toList().get(1));
    }

    @Test
    void mysqlSlowLogTableWithTheLogOffStillReadsButSaysSo() {
        QueryStatsStatus status = SlowQueries.mysqlStatus(false, "TABLE", false, 2, 0);
        assertTrue(status.available());
        assertEquals(QuerySource.SLOW_LOG, status.source());
        assertEquals("SET GLOBAL slow_query_log = ON;", status.fix());
        QueryStatsStatus on = SlowQueries.mysqlStatus(false, "FILE,TABLE", true, 0.5, 3);
        assertTrue(on.message().contains("long_query_time (0.5 s)"), on.message());
        assertNull(on.fix());
    }

    @Test
    void pgStatStatementsStatesHaveTheirOwnFix() {
        assertNull(new PgStatStatementsState("pg_stat_statements", "1.11", "public", "1.11").problem());
        assertNull(new PgStatStatementsState(null, "1.11", "public", "1.11").problem(), "hidden preload: trust the extension");
        assertEquals("ALTER EXTENSION pg_stat_statements UPDATE;",
                new PgStatStatementsState("pg_stat_statements", "1.7", "public", "1.11").explain("42703").fix());
        assertNull(new PgStatStatementsState("", null, null, null).explain("42P01").fix(), "not installed: nothing to run");
        assertEquals("ALTER SYSTEM SET shared_preload_libraries = 'auto_explain,pg_stat_statements';\n"
                        + "-- restart the server, then:\nCREATE EXTENSION pg_stat_statements;",
                new PgStatStatementsState("auto_explain", null, null, "1.11").explain("42P01").fix());
        assertTrue(new PgStatStatementsState("\"pg_stat_statements\", timescaledb", null, null, "1.11").preloaded());
    }
}
