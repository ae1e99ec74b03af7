package dev.railyard.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void displayDropsLeadingCommentsAndTheTrailingSemicolon() {
        assertEquals("insert into t values (1)", SqlStatements.forDisplay("-- why\n/* more */\n  insert into t values (1);\n"));
        assertEquals("/*!40101 SET NAMES utf8 */", SqlStatements.forDisplay("/*!40101 SET NAMES utf8 */;"));
    }

    @Test
    void onMySqlEverythingUpToTheLastDdlStaysCommittedAndLaterDmlRollsBack() {
        List<String> ran = List.of("create table a (id int)", "insert into a values (1)", "-- note\nALTER TABLE a ADD b int",
                "insert into a values (2)", "update a set b = 1");
        assertEquals(ran.subList(0, 3), SqlStatements.committedBeforeFailure(ran));
        assertEquals(List.of(), SqlStatements.committedBeforeFailure(List.of("insert into a values (1)", "delete from a")));
    }

    @Test
    void temporaryTablesDoNotCommit() {
        assertFalse(SqlStatements.commitsImplicitly("create temporary table t (id int)"));
        assertTrue(SqlStatements.commitsImplicitly("rename table a to b"));
        assertTrue(SqlStatements.commitsImplicitly("TRUNCATE a"));
        assertFalse(SqlStatements.commitsImplicitly("select 1"));
    }
}
