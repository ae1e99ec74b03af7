package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Databases;
import dev.railyard.home.RailyardHome;
import dev.railyard.home.Settings.Theme;
import dev.railyard.home.SettingsStore;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretStores;
import dev.railyard.task.JobHistory;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.task.JobState;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.ConnectionAccess;
import dev.railyard.ui.SecretPrompts;
import dev.railyard.ui.task.TaskPanelModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.testfx.util.NodeQueryUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real main window, headless, over real stores and a real job runner in a temp RAILYARD_HOME. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private Path homeFolder;
    private RailyardHome home;
    private ProfileStore profiles;
    private SettingsStore settings;
    private JobRunner runner;
    private Databases databases;
    private JobRunner quietRunner;
    private MainWindow window;
    private Stage stage;
    private final AtomicInteger addConnectionCalls = new AtomicInteger();

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        homeFolder = Files.createTempDirectory("railyard-ui-test");
        home = new RailyardHome(homeFolder);
        profiles = new ProfileStore(home.profiles());
        settings = new SettingsStore(home.settings());
        runner = new JobRunner(3, 16, new JobHistory(home.jobHistory()), Clock.systemUTC());
        ShellModel shell = new ShellModel(profiles, settings, FxThread.executor(), Runnable::run);
        shell.onAddConnectionProperty().set(addConnectionCalls::incrementAndGet);
        TaskPanelModel tasks = new TaskPanelModel(runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        SecretStores secrets = SecretStores.forHome(home, profiles, java.util.Map.of());
        SecretPrompts nobody = new SecretPrompts() {
            @Override public java.util.Optional<char[]> vaultPassword(boolean creating, String problem) { return java.util.Optional.empty(); }
            @Override public java.util.Optional<String> connectionPassword(dev.railyard.profile.ConnectionProfile p, String problem) { return java.util.Optional.empty(); }
        };
        databases = new Databases(secrets);
        quietRunner = new JobRunner(2, 16, null, Clock.systemUTC());
        ActiveConnection connection = new ActiveConnection(shell, databases, runner, quietRunner,
                new ConnectionAccess(secrets, nobody, creating -> java.util.Optional.empty()), FxThread.executor());
        window = new MainWindow(shell, tasks, connection);
        window.showIn(stage, homeFolder.toString());
        stage.show();
    }

    @AfterEach
    void stop() throws IOException {
        runner.shutdown(Duration.ofSeconds(5));
        window.connection().dispose();
        quietRunner.shutdown(Duration.ofSeconds(5));
        databases.close();
        window.model().dispose();
        window.tasks().dispose();
        try (Stream<Path> files = Files.walk(homeFolder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void waitUntil(long millis, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(millis, TimeUnit.MILLISECONDS, condition);
    }

    private void addProfilesOnAnotherThread() throws Exception {
        Thread saver = new Thread(() -> {
            profiles.save(ShellModelTest.profile("shop-dev", EnvironmentTag.DEVELOPMENT));
            profiles.save(ShellModelTest.profile("shop-prod", EnvironmentTag.PRODUCTION));
            profiles.save(ShellModelTest.profile("shop-staging", EnvironmentTag.STAGING));
        }, "profile-saver");
        saver.start();
        saver.join();
        waitUntil(2000, () -> !window.model().groups().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void titleSaysRailyardAndFirstRunOffersToAddAConnection(FxRobot robot) {
        assertTrue(stage.getTitle().contains("Railyard"), stage.getTitle());
        Node empty = robot.lookup("#empty-state").query();
        assertTrue(empty.isVisible());
        assertFalse(robot.lookup("#work-area").query().isVisible(), "no tabs before there is a connection");
        Button add = robot.lookup("#empty-add-connection").queryButton();
        assertEquals("Add a connection", add.getText());

        robot.clickOn(add);
        assertEquals(1, addConnectionCalls.get());
    }

    @Test
    void sidebarGroupsProfilesByEnvironmentAsTheyAreSaved(FxRobot robot) throws Exception {
        addProfilesOnAnotherThread();

        List<String> order = robot.lookup("#sidebar-groups").queryAs(javafx.scene.layout.VBox.class).getChildren()
                .stream().map(Node::getId).toList();
        assertEquals(List.of("band-production", "profile-shop-prod", "band-staging", "profile-shop-staging",
                "band-development", "profile-shop-dev"), order);
        assertTrue(robot.lookup("#band-production").query().getStyleClass().contains("env-production"));
        assertTrue(robot.lookup("#profile-shop-staging").query().getStyleClass().contains("env-staging"));
        assertFalse(robot.lookup("#empty-state").query().isVisible());
        assertTrue(robot.lookup("#work-area").query().isVisible());
    }

    @Test
    void everyFeatureTabSaysWhatIsComing(FxRobot robot) throws Exception {
        addProfilesOnAnotherThread();
        for (Feature feature : Feature.values()) {
            robot.interact(() -> window.show(feature));
            Node placeholder = robot.lookup("#placeholder-" + feature.name().toLowerCase()).query();
            assertTrue(placeholder.isVisible(), feature.title());
            assertTrue(robot.from(placeholder).lookup(feature.description()).tryQuery().isPresent(), feature.title());
            assertTrue(robot.from(placeholder).lookup("Coming soon").tryQuery().isPresent(), feature.title());
        }
    }

    /**
     * The FX thread never waits on a job: while a writer blocks on a latch (and floods progress
     * reports), a click in the window takes effect at once, the task panel shows the job with a
     * cancel button, and that button ends it as cancelled.
     */
    @Test
    void clickIsHandledAtOnceWhileAJobBlocksAndCancelEndsIt(FxRobot robot) throws Exception {
        addProfilesOnAnotherThread();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong reports = new AtomicLong();
        RunningJob backup = runner.submit(JobSpec.writing("Backup shop-prod", "shop-prod"), context -> {
            started.countDown();
            // Blocks for up to 20 s, reporting progress about every 0.1 ms.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!release.await(100, TimeUnit.MICROSECONDS) && System.nanoTime() < deadline) {
                context.progress(reports.incrementAndGet(), -1, ProgressUnit.ROWS);
                context.checkCancelled();
            }
            return null;
        });
        RunningJob restore = runner.submit(JobSpec.writing("Restore shop-prod", "shop-prod"), context -> null);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        // The task panel does not open by itself: the status bar's indicator shows the job and opens it.
        waitUntil(2000, () -> robot.lookup("#status-job-progress").query().isVisible());
        assertFalse(robot.lookup("#task-panel").query().isVisible(), "the panel stays closed over the content");
        robot.clickOn("#status-jobs");
        waitUntil(2000, () -> robot.lookup("#cancel-job-" + backup.id()).tryQuery().isPresent()
                && robot.lookup("#task-panel").query().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        Label status = robot.lookup("#status-profile").queryAs(Label.class);
        assertEquals("No connection selected", status.getText());

        // Move first, then time only the click: from pressing the button to its effect on screen.
        robot.moveTo("#profile-shop-prod");
        long clicking = System.nanoTime();
        robot.clickOn(MouseButton.PRIMARY);
        // A window blocked by the job would never show the click while it runs; the bound is wide
        // enough for a loaded test machine (a quiet one shows it in tens of milliseconds).
        waitUntil(3000, () -> status.getText().equals("shop-prod"));
        long tookMillis = (System.nanoTime() - clicking) / 1_000_000;
        assertTrue(tookMillis < 3000, "the click took " + tookMillis + " ms to show");
        assertEquals(JobState.RUNNING, backup.state(), "the job was still blocked while the click was handled");
        assertTrue(reports.get() > 100, "the job kept reporting while the click was handled: " + reports.get());

        Button tasksButton = robot.lookup("#status-jobs").queryButton();
        waitUntil(2000, () -> tasksButton.getText().equals("1 running, 1 queued"));
        Node queuedCard = robot.lookup("#job-card-" + restore.id()).query();
        assertTrue(robot.from(queuedCard).lookup("Queued: waiting for 'Backup shop-prod' on shop-prod").tryQuery().isPresent());

        Button cancel = robot.lookup("#cancel-job-" + backup.id()).queryButton();
        assertTrue(cancel.isVisible());
        robot.clickOn(cancel);
        backup.result().handle((value, error) -> null).get(10, TimeUnit.SECONDS);
        assertEquals(JobState.CANCELLED, backup.state());

        // The restore got its turn and finished; both are in the history, newest first.
        restore.result().get(10, TimeUnit.SECONDS);
        ListView<?> history = robot.lookup("#job-history").queryAs(ListView.class);
        waitUntil(2000, () -> history.getItems().size() == 2);
        waitUntil(2000, () -> tasksButton.getText().equals("No jobs running"));
        assertTrue(robot.lookup("#job-cards").queryAs(javafx.scene.layout.VBox.class).getChildren().isEmpty());
    }

    /** A finished job says so in a short notice with a link to its log; a failure stays until it is seen. */
    @Test
    void finishedJobsShowANoticeAndAFailureStaysUntilSeen(FxRobot robot) throws Exception {
        RunningJob<?> ok = runner.submit(JobSpec.writing("Back up shop-dev", "shop-dev"), context -> null);
        RunningJob<?> bad = runner.submit(JobSpec.writing("Restore b1 into shop-dev/shop", "shop-dev"), context -> {
            throw new IllegalStateException("The file ends before its last table");
        });
        ok.result().get(10, TimeUnit.SECONDS);
        bad.result().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        waitUntil(3000, () -> robot.lookup("#job-notice-" + ok.id()).tryQuery().isPresent()
                && robot.lookup("#job-notice-" + bad.id()).tryQuery().isPresent());
        assertFalse(robot.lookup("#task-panel").query().isVisible(), "no panel opened for them");
        String failure = robot.lookup("#job-notice-text-" + bad.id()).queryAs(Label.class).getText();
        assertTrue(failure.startsWith("Failed") && failure.contains("ends before its last table"), failure);
        assertTrue(robot.lookup("#job-notice-log-" + bad.id()).tryQuery().isPresent(), "a link to its log");

        // The success goes by itself; the failure stays until closed.
        waitUntil(15_000, () -> robot.lookup("#job-notice-" + ok.id()).tryQuery().isEmpty());
        assertTrue(robot.lookup("#job-notice-" + bad.id()).tryQuery().isPresent());
        robot.clickOn("#job-notice-close-" + bad.id());
        waitUntil(2000, () -> robot.lookup("#job-notice-" + bad.id()).tryQuery().isEmpty());
    }

    @Test
    void themeToggleSwitchesToDarkAndIsRememberedInSettingsJson(FxRobot robot) throws Exception {
        assertTrue(Application.getUserAgentStylesheet().contains("primer-light"), Application.getUserAgentStylesheet());
        robot.clickOn("#toolbar-theme");
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(Application.getUserAgentStylesheet().contains("primer-dark"), Application.getUserAgentStylesheet());
        assertEquals(Theme.DARK, new SettingsStore(home.settings()).load().theme());
        assertTrue(Files.readString(home.settings()).contains("DARK"));

        robot.clickOn("#toolbar-theme");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Theme.LIGHT, new SettingsStore(home.settings()).load().theme());
    }

    @Test
    void theSandboxCanBeStartedAndStoppedFromTheMenuOnceProfilesExist(FxRobot robot) throws Exception {
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        robot.interact(() -> {
            window.model().onTrySandboxProperty().set(starts::incrementAndGet);
            window.model().onStopSandboxProperty().set(stops::incrementAndGet);
        });
        addProfilesOnAnotherThread();
        robot.clickOn("Sandbox").clickOn("Start the sandbox");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, starts.get(), "the menu starts the sandbox while profiles exist");
        robot.clickOn("Sandbox").clickOn("Stop the sandbox");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, stops.get(), "the menu stops it");
    }

    @Test
    void keyboardShortcutsReachTheirActions(FxRobot robot) {
        robot.clickOn("#sidebar");
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, addConnectionCalls.get(), "Ctrl+N adds a connection");

        boolean before = window.model().taskPanelOpenProperty().get();
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.J);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(!before, window.model().taskPanelOpenProperty().get(), "Ctrl+J toggles the task panel");
    }

    @Test
    void closingWhileAJobWritesAsksAndStayingKeepsTheWindowAndTheJob(FxRobot robot) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RunningJob backup = runner.submit(JobSpec.writing("Backup shop-prod", "shop-prod"), context -> {
            started.countDown();
            while (!release.await(20, TimeUnit.MILLISECONDS)) {
                context.checkCancelled();
            }
            return null;
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));

        // Not interact(): the question is modal and would hold the test thread until answered.
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(5000, () -> robot.lookup("Keep running").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        assertTrue(robot.lookup(node -> node instanceof Label label && label.getText() != null
                && label.getText().contains("Backup shop-prod on shop-prod (running, writes)")).tryQuery().isPresent());
        robot.clickOn(robot.lookup("Keep running").match(NodeQueryUtils.isVisible()).queryButton());
        WaitForAsyncUtils.waitForFxEvents();

        assertTrue(stage.isShowing());
        assertEquals(JobState.RUNNING, backup.state());
        release.countDown();
        backup.result().get(10, TimeUnit.SECONDS);
    }
}
