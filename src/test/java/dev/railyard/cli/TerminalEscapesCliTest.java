package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and query texts from a server cannot drive the terminal: human output shows escapes, JSON stays exact. */
class TerminalEscapesCliTest {

    private static final String HOSTILE = "evil\u001b[2J\u001b]0;pwned\u0007\r\u009b31m";

    @TempDir
    Path home;

    private static void assertNoControls(String text) {
        for (char c : text.toCharArray()) {
            assertFalse(c == 0x1b || c == 0x07 || c == '\r' || (c >= 0x80 && c <= 0x9f),
                    "a control character " + (int) c + " reached the terminal:\n" + text);
        }
    }

    @Test
    void tableNamesAndQueryTextsArePrintedEscaped() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("escapes");
        String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"" + HOSTILE + "\" (id int)");
            s.execute("INSERT INTO \"" + HOSTILE + "\" SELECT generate_series(1, 10)");
        }
        CliRun cli = new CliRun(home);
        try (Connection idle = pg.connect(db); Statement s = idle.createStatement()) {
            s.execute("SELECT 1 /* " + HOSTILE + " */");

            CliRun.Result tables = cli.run("inspect", "tables", "--url", url);
            assertEquals(0, tables.code(), tables.toString());
            assertNoControls(tables.out());
            assertNoControls(tables.err());
            assertTrue(tables.out().contains("evil\\e[2J\\e]0;pwned\\a\\r\\u009b31m"), tables.out());

            CliRun.Result activity = cli.run("inspect", "activity", "--url", url);
            assertEquals(0, activity.code(), activity.toString());
            assertNoControls(activity.out());
            assertTrue(activity.out().contains("\\e[2J"), activity.out());

            JsonNode json = cli.run("inspect", "tables", "--url", url, "--json").json();
            assertTrue(json.toString().contains("\\u001B[2J") || json.toString().contains(HOSTILE), json.toString());
            boolean exact = false;
            for (JsonNode table : json.path("tables")) {
                exact |= table.path("name").asText().equals(HOSTILE) || table.path("table").asText().endsWith(HOSTILE);
            }
            assertTrue(exact, "JSON keeps the name exactly: " + json);
        }

        CliRun.Result missing = cli.run("backup", "restore", "/nonexistent/" + HOSTILE + ".sql", "--to-url", url);
        assertNoControls(missing.err());
    }
}
