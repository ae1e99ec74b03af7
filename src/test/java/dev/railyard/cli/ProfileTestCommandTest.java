package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's wording and exit codes; the checks themselves are dev.railyard.db's (tested there against real servers). */
class ProfileTestCommandTest {

    @TempDir
    Path home;

    @Test
    void successReportsServerTlsAndRoundTrip() {
        CliRun cli = new CliRun(home);
        List<String> seenPasswords = new ArrayList<>();
        cli.check = (profile, password) -> {
            seenPasswords.add(password);
            return new dev.railyard.db.ConnectionReport("PostgreSQL", "17.2", false, "TLSv1.3", 42, List.of("pg_monitor"), "created", List.of());
        };
        cli.env.put("PGPASSWORD", "from-env");
        assertEquals(0, cli.run("profile", "add", "p", "--secret", "ask", "--url", "postgresql://postgres@h/db").code());
        CliRun.Result text = cli.run("profile", "test", "p");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("PostgreSQL 17.2") && text.out().contains("TLSv1.3") && text.out().contains("42 ms"), text.out());
        JsonNode json = cli.run("profile", "test", "p", "--json").json();
        assertTrue(json.path("ok").asBoolean());
        assertEquals("pg_monitor", json.path("privileges").get(0).asText());
        assertEquals(List.of("from-env", "from-env"), seenPasswords);
    }

    @Test
    void failureIsOneLineWithTheFix() {
        CliRun cli = new CliRun(home);
        cli.check = (profile, password) -> {
            throw new dev.railyard.db.ConnectionProblem(dev.railyard.db.ConnectionProblem.Kind.AUTH,
                    "Authentication failed for user postgres at h:5432", "check PGPASSWORD in the Railway variables", null);
        };
        assertEquals(0, cli.run("profile", "add", "p", "--secret", "ask", "--url", "postgresql://h/db").code());
        CliRun.Result r = cli.run("profile", "test", "p");
        assertEquals(1, r.code());
        assertEquals("railyard: Authentication failed for user postgres at h:5432 - check PGPASSWORD in the Railway variables",
                r.errorLine());
        CliRun.Result json = cli.run("profile", "test", "p", "--json");
        assertEquals(1, json.code());
        assertEquals("auth", json.json().path("kind").asText());
        assertEquals(1, json.err().lines().count(), json.err());
    }

    @Test
    void aRealPostgresReportsItsVersionAndAClosedPortIsRefused() throws Exception {
        dev.railyard.support.EmbeddedPostgres pg = dev.railyard.support.EmbeddedPostgres.shared();
        CliRun cli = new CliRun(home);
        cli.check = ConnectionCheck.real();
        assertEquals(0, cli.run("profile", "add", "local", "--secret", "ask", "--ssl", "disable",
                "--url", "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres").code());
        JsonNode json = cli.run("profile", "test", "local", "--json").json();
        assertTrue(json.path("ok").asBoolean(), json.toString());
        assertTrue(json.path("version").asText().startsWith("17"), json.toString());

        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertEquals(0, cli.run("profile", "add", "gone", "--secret", "ask", "--ssl", "disable",
                "--url", "postgresql://postgres@127.0.0.1:" + closed + "/postgres").code());
        CliRun.Result refused = cli.run("profile", "test", "gone", "--json");
        assertEquals(1, refused.code());
        assertEquals("refused", refused.json().path("kind").asText());
    }
}
