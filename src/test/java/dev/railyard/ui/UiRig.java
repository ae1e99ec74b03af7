package dev.railyard.ui;

import dev.railyard.db.ConnectionTester;
import dev.railyard.db.Databases;
import dev.railyard.home.RailyardHome;
import dev.railyard.home.SettingsStore;
import dev.railyard.profile.AskSecretStore;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.KeychainSecretStore;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretStores;
import dev.railyard.profile.VaultSecretStore;
import dev.railyard.task.JobHistory;
import dev.railyard.task.JobRunner;
import dev.railyard.ui.ConnectionAccess;
import dev.railyard.ui.profile.ProfileServices;
import dev.railyard.ui.SecretPrompts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The services the GUI works with, over a temp RAILYARD_HOME: real stores, a real job runner,
 * a vault (its master password from a test hook, never a real prompt) and no keychain, so
 * tests do not depend on the machine's keyring.
 */
public final class UiRig implements AutoCloseable {

    public static final String VAULT_PASSWORD = "test-vault-master";
    /** Shorter than the product's default would not be safe on a loaded 2-core machine; tests that hit a timeout set their own. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public final Path folder;
    public final RailyardHome home;
    public final ProfileStore profiles;
    public final SettingsStore settings;
    public final JobRunner runner;
    /** Checks and reads: no history, as in the app. */
    public final JobRunner quiet;
    public final TestPrompts prompts = new TestPrompts();
    public final SecretStores secrets;
    public final ConnectionAccess access;
    public final Databases databases;
    public final ConnectionTester tester = new ConnectionTester(CONNECT_TIMEOUT);
    /** A real IO thread, as the app's, for views whose file work must leave the FX thread. */
    public final java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "railyard-test-io");
        thread.setDaemon(true);
        return thread;
    });
    private final Executor uiThread;
    private final Executor background;

    public UiRig(Executor uiThread, Executor background) {
        this.uiThread = uiThread;
        this.background = background;
        try {
            folder = Files.createTempDirectory("railyard-ui-rig");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        home = new RailyardHome(folder);
        profiles = new ProfileStore(home.profiles());
        settings = new SettingsStore(home.settings());
        runner = new JobRunner(3, 32, new JobHistory(home.jobHistory()), Clock.systemUTC());
        quiet = new JobRunner(3, 32, null, Clock.systemUTC());
        secrets = new SecretStores(new VaultSecretStore(home.vault()), new KeychainSecretStore("Linux", ""),
                new AskSecretStore(), name -> profiles.find(name).map(ConnectionProfile::secretMode),
                creating -> prompts.vaultPassword(creating, ""));
        access = new ConnectionAccess(secrets, prompts, creating -> Optional.empty());
        databases = new Databases(secrets, CONNECT_TIMEOUT);
    }

    public ProfileServices services() {
        return new ProfileServices(home, profiles, secrets, access, runner, tester, databases, uiThread, background);
    }

    /** Every byte Railyard wrote under its home, for "no password in any file" checks. */
    public String allFiles() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        runner.shutdown(Duration.ofSeconds(5));
        quiet.shutdown(Duration.ofSeconds(5));
        io.shutdownNow();
        databases.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers password questions as a user would, and counts them. */
    public static final class TestPrompts implements SecretPrompts {
        public volatile String vaultPassword = VAULT_PASSWORD;
        public final AtomicInteger vaultAsks = new AtomicInteger();
        public final AtomicInteger passwordAsks = new AtomicInteger();
        /** Answers for connection passwords, in order; none left means the user cancels. */
        public final Deque<String> connectionPasswords = new ArrayDeque<>();
        public volatile String lastProblem = "";

        @Override
        public Optional<char[]> vaultPassword(boolean creating, String problem) {
            vaultAsks.incrementAndGet();
            lastProblem = problem;
            String answer = vaultPassword;
            return answer == null ? Optional.empty() : Optional.of(answer.toCharArray());
        }

        @Override
        public synchronized Optional<String> connectionPassword(ConnectionProfile profile, String problem) {
            passwordAsks.incrementAndGet();
            lastProblem = problem;
            return Optional.ofNullable(connectionPasswords.pollFirst());
        }
    }
}
