package dev.railyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.ConfirmationRequiredException;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.home.Json;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.AskSecretStore;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.KeychainSecretStore;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretStores;
import dev.railyard.profile.VaultSecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What one CLI run works with: its environment, streams, home folder, profiles and secrets.
 * Tests build one with a temp RAILYARD_HOME and captured streams; nothing here reads
 * System.getenv or System.in directly.
 */
public final class CliContext {

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final PasswordPrompt prompt;
    private final ConnectionCheck connectionCheck;
    /** Made on first use: loading Jackson takes a few hundred milliseconds a command may not need. */
    private ObjectMapper json;
    private RailyardHome home;
    private ProfileStore profiles;
    private SecretStores secrets;
    private String stdinText;

    public CliContext(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err,
                      PasswordPrompt prompt, ConnectionCheck connectionCheck) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.prompt = prompt;
        this.connectionCheck = connectionCheck;
    }

    /** The real process: its environment, stdin/stdout/stderr and terminal. */
    public static CliContext system() {
        return new CliContext(System.getenv(), System.in, System.out, System.err, PasswordPrompt.console(),
                ConnectionCheck.real());
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public PasswordPrompt prompt() {
        return prompt;
    }

    public ConnectionCheck connectionCheck() {
        return connectionCheck;
    }

    /** RAILYARD_HOME from this run's environment, else the OS default. */
    public synchronized RailyardHome home() {
        if (home == null) {
            String explicit = env.get(RailyardHome.VARIABLE);
            home = explicit != null && !explicit.isBlank() ? new RailyardHome(Path.of(explicit.trim())) : RailyardHome.fromEnvironment();
        }
        return home;
    }

    /** The profiles; a problem reading them is told once, as a warning. */
    public synchronized ProfileStore profiles() {
        if (profiles == null) {
            profiles = new ProfileStore(home().profiles());
            profiles.problem().ifPresent(this::warn);
        }
        return profiles;
    }

    /**
     * The production guard's clearance for {@code action} on {@code target}, or a usage error (exit 2)
     * that names the flag: {@code --confirm DBNAME}. A target given by URL is production when it is
     * a production profile's database.
     */
    public Clearance clear(ConnectionProfile target, GuardedAction action, String confirm) {
        try {
            return new ProductionGuard(profiles()).clear(target, action, confirm);
        } catch (ConfirmationRequiredException e) {
            throw new CliException(e.getMessage() + ": add --confirm " + e.confirmationWord(), RailyardCli.USAGE);
        }
    }

    /** The secret stores, with the vault opened from RAILYARD_VAULT_PASSWORD or a terminal prompt. */
    public synchronized SecretStores secrets() {
        if (secrets == null) {
            ProfileStore store = profiles();
            secrets = new SecretStores(new VaultSecretStore(home().vault()), KeychainSecretStore.fromEnvironment(env),
                    new AskSecretStore(), name -> store.find(name).map(ConnectionProfile::secretMode), this::vaultPassword);
        }
        return secrets;
    }

    private Optional<char[]> vaultPassword(boolean creating) {
        Optional<char[]> fromEnv = SecretStores.fromVariable(env).masterPassword(creating);
        if (fromEnv.isPresent() || !creating) {
            return fromEnv.or(() -> prompt.read("Vault password: "));
        }
        Optional<char[]> first = prompt.read("New vault password (protects the passwords Railyard saves): ");
        if (first.isEmpty()) {
            return first;
        }
        char[] again = prompt.read("Repeat the vault password: ").orElse(new char[0]);
        boolean same = Arrays.equals(first.get(), again);
        Arrays.fill(again, '\0');
        if (!same) {
            Arrays.fill(first.get(), '\0');
            throw new CliException("The two vault passwords differ; nothing was saved");
        }
        return first;
    }

    /** All of stdin, read once. */
    public synchronized String stdinText() {
        if (stdinText == null) {
            try {
                stdinText = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read stdin: " + e.getMessage(), e);
            }
        }
        return stdinText;
    }

    /** A password given on stdin: everything up to the end, less one trailing line break. */
    public String passwordFromStdin() {
        String text = stdinText();
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new CliException("--password-stdin was given, but stdin was empty: pipe the password in, "
                    + "e.g. printf '%s' \"$PGPASSWORD\" | railyard ...", RailyardCli.USAGE);
        }
        return text;
    }

    public void warn(String message) {
        err.println("railyard: warning: " + TerminalText.cell(RailyardCli.oneLine(message)));
    }

    public void println(String line) {
        out.println(TerminalText.safe(line));
    }

    public synchronized ObjectMapper json() {
        if (json == null) {
            json = Json.mapper();
        }
        return json;
    }

    public void printJson(Object value) {
        try {
            out.println(json().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
