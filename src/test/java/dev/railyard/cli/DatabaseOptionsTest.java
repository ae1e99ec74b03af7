package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DatabaseOptionsTest {

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private CliContext context;

    /** Stands for a later command (inspect, migrate, backup) that works on one database. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;
        ResolvedConnection resolved;

        @Override
        public Integer call() {
            resolved = database.resolve();
            return 0;
        }
    }

    private Probe run(int expectedExit, String... args) {
        env.putIfAbsent("RAILYARD_HOME", home.toString());
        env.putIfAbsent("PATH", home.resolve("no-bin").toString());
        context = new CliContext(env, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), PasswordPrompt.none(), ConnectionCheck.real());
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe, RailyardCli.factory(context));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(expectedExit, cli.execute(args), () -> String.join(" ", args));
        return probe;
    }

    @Test
    void urlMakesAProfileForThisRunWithThePasswordInTheSession() {
        Probe probe = run(0, "--url", "postgresql://postgres:pAss@roundhouse.proxy.rlwy.net:12345/railway");
        ResolvedConnection r = probe.resolved;
        assertFalse(r.saved());
        assertEquals("pAss", r.password());
        assertEquals("roundhouse.proxy.rlwy.net", r.profile().host());
        assertEquals(Optional.of("pAss"), context.secrets().password(r.profile().name()));
        assertFalse(r.profile().name().contains("pAss"));
        assertFalse(r.toString().contains("pAss"));
    }

    @Test
    void urlWithoutPasswordTakesItFromTheDialectsVariable() {
        env.put("PGPASSWORD", "from-env");
        env.put("MYSQL_PWD", "mysql-env");
        assertEquals("from-env", run(0, "--url", "postgresql://postgres@h/db").resolved.password());
        assertEquals("mysql-env", run(0, "--url", "mysql://root@h/db").resolved.password());
        assertEquals(Dialect.MYSQL, run(0, "--url", "mysql://root@h/db").resolved.profile().dialect());
    }

    @Test
    void savedProfileGetsItsPasswordFromTheVault() {
        CliRun cli = new CliRun(home).vaultPassword("master");
        assertEquals(0, cli.run("profile", "add", "shop", "--url", "postgresql://postgres:vaulted@h/db").code());
        env.put("RAILYARD_VAULT_PASSWORD", "master");
        ResolvedConnection r = run(0, "--profile", "shop").resolved;
        assertTrue(r.saved());
        assertEquals("vaulted", r.password());
    }

    @Test
    void askModeProfileWithoutPasswordAnywhereHasNone() {
        assertEquals(0, new CliRun(home).run("profile", "add", "trust", "--secret", "ask", "--url", "postgresql://h/db").code());
        assertNull(run(0, "--profile", "trust").resolved.password());
    }

    @Test
    void exactlyOneOfProfileAndUrl() {
        run(2);
        run(2, "--profile", "a", "--url", "postgresql://h/db");
    }
}
