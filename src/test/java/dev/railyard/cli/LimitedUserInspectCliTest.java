package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `railyard inspect` as an application user with SELECT on its database only: every view answers
 * (exit 0) and prints the "limited: needs GRANT ..." note with the statement, as `profile test` promised.
 */
class LimitedUserInspectCliTest {

    @TempDir
    Path home;

    @Test
    void everyViewAnswersAndNamesTheGrant() throws Exception {
        MysqlServer server = MysqlServer.sharedMariadb();
        String db = server.createDatabase("limitedcli");
        String user = "cliapp_" + ProcessHandle.current().pid();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY a1 (a), KEY a2 (a))");
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'cli-pass'");
            s.execute("GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'%'");
        }
        CliRun cli = new CliRun(home);
        cli.env.put("MYSQL_PWD", "cli-pass");
        String url = "mysql://" + user + "@127.0.0.1:" + server.port() + "/" + db + "?sslMode=DISABLED";
        String account = "'" + user + "'@'%'";
        for (String view : new String[] {"overview", "indexes", "queries", "activity"}) {
            CliRun.Result r = cli.run("inspect", view, "--url", url);
            assertEquals(0, r.code(), view + ": " + r);
            assertTrue(r.out().contains("limited: needs GRANT"), view + ": " + r.out());
            assertTrue(r.out().contains(" TO " + account + ";"), view + ": " + r.out());
        }
    }
}
