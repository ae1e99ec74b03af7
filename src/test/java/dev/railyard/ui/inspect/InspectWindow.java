package dev.railyard.ui.inspect;

import atlantafx.base.theme.PrimerLight;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.shell.MainWindow;
import dev.railyard.ui.shell.ShellModel;
import dev.railyard.ui.task.TaskPanelModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window as the app builds it, with the inspect tabs, over a temp RAILYARD_HOME: for
 * the TestFX tests of the tabs. Build it in {@code @Start}, close it in {@code @AfterEach}.
 */
final class InspectWindow implements AutoCloseable {

    final UiRig rig;
    final ShellModel shell;
    final TaskPanelModel tasks;
    final ActiveConnection connection;
    final InspectViews inspect;
    final dev.railyard.ui.table.TableWindows tables;
    final MainWindow window;
    final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "inspect-ui-io"));

    InspectWindow(Stage stage, double width, double height) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        rig = new UiRig(FxThread.executor(), Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, FxThread.executor(), Runnable::run);
        tasks = new TaskPanelModel(rig.runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        connection = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, FxThread.executor());
        window = new MainWindow(shell, tasks, connection);
        InspectServices services = new InspectServices(connection, FxThread.executor(), io, Clock.systemDefaultZone());
        tables = new dev.railyard.ui.table.TableWindows(services, () -> stage);
        inspect = InspectViews.install(window, services, tables);
        window.showIn(stage, rig.folder.toString());
        stage.setX(0);
        stage.setY(0);
        // Never beyond the (headless) screen: Monocle's framebuffer overflows otherwise.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getBounds();
        stage.setWidth(Math.min(width, screen.getWidth()));
        stage.setHeight(Math.min(height, screen.getHeight()));
        stage.show();
    }

    /** Saves a PostgreSQL profile from a job-free thread, as another window would, and waits for the sidebar. */
    ConnectionProfile save(String name, int port, String database, EnvironmentTag environment) throws Exception {
        ConnectionProfile profile = new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", port, database, "postgres",
                SslMode.DISABLE, null, environment, null, null, null, SecretMode.VAULT, null, 0);
        rig.profiles.save(profile);
        // Read on the FX thread, which changes the list (read here, it failed with a ConcurrentModificationException).
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> shell.profileFor(name).isPresent()).get());
        WaitForAsyncUtils.waitForFxEvents();
        return profile;
    }

    /** Clicks the profile in the sidebar, then shows the feature's tab. */
    void open(FxRobot robot, String profile, Feature feature) {
        robot.clickOn("#profile-" + profile);
        robot.interact(() -> window.show(feature));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the tab's model read a report, and fails with its problem if it could not. */
    void awaitRead(Feature feature) throws Exception {
        InspectModel<?, ?> model = inspect.model(feature);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.report() != null && !model.loadingProperty().get()
                || model.problemProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        if (model.problemProperty().get() != null) {
            throw new AssertionError(feature.title() + " could not read: " + model.problemProperty().get().oneLine());
        }
    }

    @Override
    public void close() throws InterruptedException {
        inspect.dispose();
        connection.dispose();
        shell.dispose();
        tasks.dispose();
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        rig.close();
    }
}
