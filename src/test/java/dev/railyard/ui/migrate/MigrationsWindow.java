package dev.railyard.ui.migrate;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.MainWindow;
import dev.railyard.ui.shell.ShellModel;
import dev.railyard.ui.task.TaskPanelModel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** The app's main window with the Migrations tab, over a {@link UiRig}, as RailyardApp builds it. */
final class MigrationsWindow implements AutoCloseable {

    final UiRig rig;
    final ShellModel shell;
    final TaskPanelModel tasks;
    final ActiveConnection connection;
    final MainWindow window;
    final MigrationsModel model;

    MigrationsWindow(Stage stage, double width, double height) {
        rig = new UiRig(FxThread.executor(), Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, FxThread.executor(), Runnable::run);
        tasks = new TaskPanelModel(rig.runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        connection = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, FxThread.executor());
        window = new MainWindow(shell, tasks, connection);
        model = MigrationsView.install(window, rig.profiles, rig.io);
        window.showIn(stage, rig.folder.toString());
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
    }

    /** Saves the profile from another thread, as the editor would, and waits for the sidebar to list it. */
    void save(ConnectionProfile profile) throws Exception {
        rig.profiles.save(profile);
        waitUntil(() -> shell.profileFor(profile.name()).isPresent());
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Override
    public void close() {
        model.dispose();
        connection.dispose();
        shell.dispose();
        tasks.dispose();
        rig.close();
    }
}
