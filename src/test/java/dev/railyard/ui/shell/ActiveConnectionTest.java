package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.task.JobState;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.UiQueue;
import dev.railyard.ui.UiRig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status bar's connection check and the views' query path, without the FX toolkit, against real servers. */
class ActiveConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final UiQueue ui = new UiQueue();
    private UiRig rig;
    private ShellModel shell;
    private ActiveConnection active;

    @BeforeEach
    void start() {
        rig = new UiRig(ui, Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, ui, Runnable::run);
        active = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, ui);
    }

    @AfterEach
    void stop() {
        active.dispose();
        shell.dispose();
        rig.close();
    }

    private ConnectionProfile saved(String name, int port, String user, SecretMode mode) {
        ConnectionProfile profile = new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", port, "postgres", user,
                SslMode.DISABLE, null, null, null, null, null, mode, null, 0);
        rig.profiles.save(profile);
        ui.drain();
        return shell.profileFor(name).orElseThrow();
    }

    private void awaitCheck() throws InterruptedException {
        ui.runUntil(() -> !ActiveConnection.CONNECTING.equals(shell.serverVersionProperty().get()), WAIT);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void selectingAReachableProfileFillsServerVersionAndRoundTrip() throws Exception {
        ConnectionProfile local = saved("local", EmbeddedPostgres.shared().port(), "postgres", SecretMode.VAULT);

        shell.select(local);
        assertEquals(ActiveConnection.CONNECTING, shell.serverVersionProperty().get(), "the check has not reported yet");
        awaitCheck();

        assertTrue(shell.serverVersionProperty().get().matches("PostgreSQL 17\\.\\d+"), shell.serverVersionProperty().get());
        assertTrue(shell.latencyProperty().get().matches("\\d+(\\.\\d)? ms"), shell.latencyProperty().get());
        assertNull(shell.connectionProblemProperty().get());
        assertTrue(!Files.exists(rig.home.jobHistory()) || !Files.readString(rig.home.jobHistory()).contains("Connect to"),
                "checks stay out of the task history");
    }

    @Test
    void anUnreachableProfileShowsTheClassifiedProblem() throws Exception {
        ConnectionProfile gone = saved("gone", closedPort(), "postgres", SecretMode.VAULT);

        shell.select(gone);
        awaitCheck();

        ProblemText problem = shell.connectionProblemProperty().get();
        assertNotNull(problem);
        assertEquals("Connection refused", problem.title());
        assertTrue(problem.summary().contains("127.0.0.1:" + gone.port()), problem.summary());
        assertEquals(ShellModel.UNKNOWN, shell.serverVersionProperty().get());
        assertEquals(ShellModel.UNKNOWN, shell.latencyProperty().get());
    }

    @Test
    void aQuickSecondSelectionWinsOverASlowFirstOne() throws Exception {
        try (LatencyProxy hung = LatencyProxy.blackHole()) {
            ConnectionProfile slow = saved("hung", hung.port(), "postgres", SecretMode.VAULT);
            ConnectionProfile local = saved("local", EmbeddedPostgres.shared().port(), "postgres", SecretMode.VAULT);

            shell.select(slow);
            RunningJob first = active.lastCheck();
            shell.select(local);
            awaitCheck();
            assertTrue(shell.serverVersionProperty().get().startsWith("PostgreSQL"), shell.serverVersionProperty().get());

            first.result().handle((value, failure) -> null).get(20, TimeUnit.SECONDS);
            ui.drain();
            assertTrue(first.isCancelRequested());
            assertTrue(shell.serverVersionProperty().get().startsWith("PostgreSQL"), "the stale check did not overwrite it");
            assertNull(shell.connectionProblemProperty().get(), "nor report its timeout");
        }
    }

    @Test
    void readsArriveOnTheUiThreadAndAreDroppedOnceTheSelectionMoves() throws Exception {
        ConnectionProfile local = saved("local", EmbeddedPostgres.shared().port(), "postgres", SecretMode.VAULT);
        ConnectionProfile other = saved("other", EmbeddedPostgres.shared().port(), "postgres", SecretMode.VAULT);
        assertThrows(IllegalStateException.class, () -> active.submitRead("Nothing", c -> 1, v -> { }, p -> { }));
        shell.select(local);
        awaitCheck();

        AtomicReference<String> database = new AtomicReference<>();
        AtomicReference<Thread> deliveredOn = new AtomicReference<>();
        active.submitRead("Current database", connection -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                return rs.getString(1);
            }
        }, value -> {
            deliveredOn.set(Thread.currentThread());
            database.set(value);
        }, problem -> database.set("failed: " + problem.oneLine()));
        ui.runUntil(() -> database.get() != null, WAIT);
        assertEquals("postgres", database.get());
        assertEquals(Thread.currentThread(), deliveredOn.get(), "delivered where the UI executor runs");

        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        RunningJob stale = active.submitRead("Slow read", (Connection connection) -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "rows of local";
        }, value -> delivered.incrementAndGet(), problem -> delivered.incrementAndGet());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        shell.select(other);
        release.countDown();
        stale.result().handle((value, failure) -> null).get(10, TimeUnit.SECONDS);
        awaitCheck();
        ui.drain();

        assertEquals(JobState.CANCELLED, stale.state(), "a new selection cancels the old reads");
        assertEquals(0, delivered.get(), "and their results never reach the view");
    }

    @Test
    void aVaultProfileAsksForTheMasterPasswordOnceThenConnects() throws Exception {
        ConnectionProfile local = saved("local", EmbeddedPostgres.shared().port(), "postgres", SecretMode.VAULT);
        rig.secrets.store(local, "trust-ignores-it");
        assertEquals(1, rig.prompts.vaultAsks.get(), "creating the vault asked once");
        rig.secrets.vault().lock();

        shell.select(local);
        awaitCheck();

        assertTrue(shell.serverVersionProperty().get().startsWith("PostgreSQL"), String.valueOf(shell.connectionProblemProperty().get()));
        assertEquals(2, rig.prompts.vaultAsks.get(), "unlocking asked once more");
        assertTrue(rig.secrets.vault().isUnlocked());
    }

    @Test
    void aLockedVaultThatStaysLockedIsAProblemNotAHang() throws Exception {
        ConnectionProfile local = saved("local", EmbeddedPostgres.shared().port(), "postgres", SecretMode.VAULT);
        rig.secrets.store(local, "secret");
        rig.secrets.vault().lock();
        rig.prompts.vaultPassword = null;

        shell.select(local);
        awaitCheck();

        ProblemText problem = shell.connectionProblemProperty().get();
        assertNotNull(problem);
        assertTrue(problem.summary().contains("vault, which stayed locked"), problem.summary());
    }

    @Test
    void askEveryTimeAsksWhenTheServerWantsAPasswordAgainAfterAWrongOneAndRemembersIt(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 scram-sha-256", ""));
        try (EmbeddedPostgres guarded = EmbeddedPostgres.startNew("17", Map.of("hba_file", hba.toString(),
                "password_encryption", "scram-sha-256"))) {
            try (Connection c = guarded.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE app LOGIN PASSWORD 'app-Pa55-word'");
            }
            ConnectionProfile app = saved("app", guarded.port(), "app", SecretMode.ASK);
            rig.prompts.connectionPasswords.addAll(List.of("wrong-one", "app-Pa55-word"));

            shell.select(app);
            awaitCheck();

            assertTrue(shell.serverVersionProperty().get().startsWith("PostgreSQL"), String.valueOf(shell.connectionProblemProperty().get()));
            assertEquals(2, rig.prompts.passwordAsks.get());
            assertEquals("The server did not accept the password.", rig.prompts.lastProblem);
            assertEquals("app-Pa55-word", rig.secrets.session().password("app").orElseThrow());
            assertFalse(Files.readString(rig.home.profiles()).contains("app-Pa55-word"));

            active.recheck();
            awaitCheck();
            assertTrue(shell.serverVersionProperty().get().startsWith("PostgreSQL"));
            assertEquals(2, rig.prompts.passwordAsks.get(), "known for the session: not asked again");

            // Cancelling the question leaves the server's own answer.
            ConnectionProfile other = saved("app-again", guarded.port(), "app", SecretMode.ASK);
            shell.select(other);
            awaitCheck();
            assertEquals(3, rig.prompts.passwordAsks.get());
            assertEquals("Authentication failed", shell.connectionProblemProperty().get().title());
            assertTrue(shell.connectionProblemProperty().get().summary().contains("no password was given"),
                    shell.connectionProblemProperty().get().summary());
        }
    }

    @Test
    void roundTripsUnderTenMillisecondsKeepADecimal() {
        assertEquals("0.4 ms", ActiveConnection.roundTrip(420));
        assertEquals("8.0 ms", ActiveConnection.roundTrip(8_040));
        assertEquals("42 ms", ActiveConnection.roundTrip(41_600));
    }

    @Test
    void serverVersionsReadAsPeopleNameThem() {
        assertEquals("PostgreSQL 17.2", ActiveConnection.describe("PostgreSQL", "17.2 (Debian 17.2-1.pgdg120+1)"));
        assertEquals("MariaDB 10.11.9", ActiveConnection.describe("MySQL", "5.5.5-10.11.9-MariaDB-0+deb12u1"));
        assertEquals("MySQL 8.0.39", ActiveConnection.describe("MySQL", "8.0.39-0ubuntu0.22.04.1"));
    }
}
