package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RailyardCliTest {

    @TempDir
    Path home;

    @Test
    void versionPrintsTheNameAndVersion() {
        CliRun.Result r = new CliRun(home).run("--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().strip().matches("railyard (\\d+\\.\\d+\\.\\d+\\S*|dev)"), r.out());
    }

    @Test
    void helpListsTheSubcommands() {
        CliRun.Result root = new CliRun(home).run("--help");
        assertEquals(0, root.code(), root.toString());
        assertTrue(root.out().contains("Usage: railyard"), root.out());
        assertTrue(root.out().contains("profile"), root.out());

        CliRun.Result profile = new CliRun(home).run("profile", "--help");
        assertEquals(0, profile.code());
        for (String sub : List.of("add", "import", "list", "show", "remove", "test")) {
            assertTrue(profile.out().contains("  " + sub + " "), sub + " missing from:\n" + profile.out());
        }
    }

    @Test
    void aRunBuildsOnlyTheTreeOfTheCommandItNamesVersionNoneAndHelpStillSeesThemAll() {
        CliContext context = new CliContext(java.util.Map.of("RAILYARD_HOME", home.toString()), java.io.InputStream.nullInputStream(),
                System.out, System.err, PasswordPrompt.console(), ConnectionCheck.real());
        assertEquals(List.of("backup"), List.copyOf(RailyardCli.commandLine(context, "--json", "backup", "create")
                .getSubcommands().keySet()));
        assertEquals(List.of(), List.copyOf(RailyardCli.commandLine(context, "--version").getSubcommands().keySet()));
        // In a group, only the command run too; the whole group when none is named (its help, its usage error).
        assertEquals(List.of("create"), List.copyOf(RailyardCli.commandLine(context, "--json", "backup", "create", "--profile", "list")
                .getSubcommands().get("backup").getSubcommands().keySet()));
        assertEquals(List.of("status"), List.copyOf(RailyardCli.commandLine(context, "sandbox", "status")
                .getSubcommands().get("sandbox").getSubcommands().keySet()));
        List<String> backups = List.of("create", "list", "verify", "restore", "prune", "import", "pin");
        for (String[] args : List.of(new String[] {"backup"}, new String[] {"backup", "--help"}, new String[] {"help", "backup"},
                new String[] {"backup", "frobnicate"})) {
            assertEquals(backups, List.copyOf(RailyardCli.commandLine(context, args).getSubcommands().get("backup")
                    .getSubcommands().keySet()), String.join(" ", args));
        }
        assertEquals(List.of(), List.copyOf(RailyardCli.commandLine(context, "-V").getSubcommands().keySet()));
        List<String> all = List.of("help", "profile", "backup", "inspect", "migrate", "release", "sql", "sandbox");
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "backup"},
                new String[] {"frobnicate"})) {
            assertEquals(all, List.copyOf(RailyardCli.commandLine(context, args).getSubcommands().keySet()),
                    String.join(" ", args));
        }
        CliRun.Result help = new CliRun(home).run("help", "backup");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().contains("Usage: railyard backup"), help.out());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        CliRun cli = new CliRun(home);
        List<List<String>> bad = List.of(
                List.of(),
                List.of("frobnicate"),
                List.of("profile"),
                List.of("profile", "add", "x"),
                List.of("profile", "add", "x", "--url", "postgresql://h/db", "--env", "prod-ish"),
                List.of("profile", "add", "x", "--url", "postgresql://h/db", "--ssl", "sometimes"),
                List.of("profile", "add", "x", "--url", "postgresql://h/db", "--secret", "drawer"),
                List.of("profile", "list", "--colour"),
                List.of("profile", "show"));
        for (List<String> args : bad) {
            CliRun.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + " -> " + r);
            String line = r.errorLine();
            assertTrue(line.contains("--help"), line);
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertTrue(cli.run("profile", "add", "x", "--url", "postgresql://h/db", "--env", "prod-ish").errorLine()
                .contains("use production, staging or development"));
    }

    @Test
    void unknownProfileFailsWithOneLine() {
        CliRun.Result r = new CliRun(home).run("profile", "show", "nope");
        assertEquals(1, r.code(), r.toString());
        assertEquals("railyard: No profile named 'nope'; add one with: railyard profile add NAME --url URL", r.errorLine());
        assertEquals("", r.out());
    }

    @Test
    void errorsAreJsonOnStdoutWhenAsked() {
        CliRun.Result r = new CliRun(home).run("profile", "remove", "nope", "--json");
        assertEquals(1, r.code());
        assertTrue(r.json().path("error").asText().startsWith("No profile named 'nope'"), r.out());
        r.errorLine();
    }

    @Test
    void debugShowsTheStackTraceAndOnlyThen() {
        CliRun cli = new CliRun(home);
        CliRun.Result plain = cli.run("profile", "add", "x", "--url", "redis://h:6379", "--secret", "ask");
        assertEquals(1, plain.code());
        assertTrue(plain.errorLine().contains("'redis://'"));
        CliRun.Result debug = cli.run("profile", "add", "x", "--url", "redis://h:6379", "--secret", "ask", "--debug");
        assertEquals(1, debug.code());
        assertTrue(debug.err().contains("ConnectionStringException") && debug.err().contains("\tat "), debug.err());
    }

    @Test
    void jsonOutputOfEveryProfileCommandParses() {
        CliRun cli = new CliRun(home);
        JsonNode added = cli.run("profile", "add", "a", "--url", "postgresql://u@h:5433/db", "--secret", "ask", "--json").json();
        assertEquals("added", added.path("action").asText());
        assertEquals("a", added.path("profile").path("name").asText());
        assertEquals(5433, added.path("profile").path("port").asInt());
        assertTrue(added.path("warnings").isArray());

        Path vars = home.resolve("vars.env");
        writeString(vars, "MYSQL_PUBLIC_URL=mysql://root@monorail.proxy.rlwy.net:23456/railway\n");
        JsonNode imported = cli.run("profile", "import", "b", "--vars", vars.toString(), "--secret", "ask", "--json").json();
        assertEquals("mysql", imported.path("profile").path("dialect").asText());

        JsonNode list = cli.run("profile", "list", "--json").json();
        assertEquals(2, list.path("profiles").size());
        JsonNode shown = cli.run("profile", "show", "b", "--json").json();
        assertEquals("require", shown.path("sslMode").asText());
        assertEquals(false, shown.path("password").path("stored").asBoolean());
        JsonNode removed = cli.run("profile", "remove", "b", "--json").json();
        assertEquals("b", removed.path("removed").asText());
        assertEquals(1, cli.run("profile", "list", "--json").json().path("profiles").size());
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
