package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the tester reads version strings and SHOW GRANTS lines from servers it cannot start here. */
class ServerFactsTest {

    @Test
    void mariaDbIsRecognisedBehindItsReplicationPrefix() {
        assertTrue(ConnectionTester.isMariaDb("5.5.5-10.11.6-MariaDB-0+deb12u1"));
        assertEquals("10.11.6", ConnectionTester.versionNumber("5.5.5-10.11.6-MariaDB-0+deb12u1"));
        assertEquals("11.4.2", ConnectionTester.versionNumber("11.4.2-MariaDB-ubu2404"));
        assertFalse(ConnectionTester.isMariaDb("8.0.39"));
        assertEquals("8.0.39", ConnectionTester.versionNumber("8.0.39-0ubuntu0.22.04.1"));
        assertEquals("9.1.0", ConnectionTester.versionNumber("9.1.0"));
    }

    @Test
    void mysql8GrantLinesYieldThePrivilegesThatMatter() {
        List<String> notes = new ArrayList<>();
        List<String> privileges = ConnectionTester.mysqlPrivileges(List.of(
                "GRANT PROCESS, RELOAD, REPLICATION CLIENT ON *.* TO `app`@`%`",
                "GRANT BACKUP_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `app`@`%`",
                "GRANT SELECT ON `performance_schema`.* TO `app`@`%`",
                "GRANT ALL PRIVILEGES ON `railway`.* TO `app`@`%`",
                "GRANT `dba_role`@`%` TO `app`@`%`"), notes);
        assertEquals(List.of("PROCESS", "RELOAD", "SELECT on performance_schema"), privileges);
        assertTrue(notes.stream().anyMatch(n -> n.contains("roles")), notes.toString());
    }

    @Test
    void privilegesOnOneDatabaseDoNotCountAsGlobal() {
        List<String> privileges = ConnectionTester.mysqlPrivileges(List.of(
                "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*ABC'",
                "GRANT ALL PRIVILEGES ON `railway`.* TO `app`@`%`"), new ArrayList<>());
        assertEquals(List.of(), privileges);
    }

    @Test
    void pgStatStatementsStatesFollowWhatTheCatalogsSay() {
        assertEquals("created", ConnectionTester.pgStatStatements(true, true, true, new ArrayList<>()));
        List<String> notes = new ArrayList<>();
        assertEquals("created", ConnectionTester.pgStatStatements(true, true, false, notes));
        assertTrue(notes.get(0).contains("collects nothing"));
        assertEquals("preloaded, not created", ConnectionTester.pgStatStatements(false, true, true, new ArrayList<>()));
        assertEquals("not available", ConnectionTester.pgStatStatements(false, true, false, new ArrayList<>()));
        assertEquals("not available", ConnectionTester.pgStatStatements(false, false, null, new ArrayList<>()));
    }
}
