package dev.railyard.ui.shell;

import atlantafx.base.theme.PrimerLight;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.backup.BackupsModel;
import dev.railyard.ui.backup.BackupsView;
import dev.railyard.ui.console.SqlConsoles;
import dev.railyard.ui.inspect.InspectServices;
import dev.railyard.ui.inspect.InspectViews;
import dev.railyard.ui.migrate.MigrationsModel;
import dev.railyard.ui.migrate.MigrationsView;
import dev.railyard.ui.task.TaskPanelModel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The whole window as the app builds it (every tab installed, light theme), over a {@link UiRig},
 * shown at the top left of {@code stage}; for tests that look at the window as a whole.
 */
final class FullWindow implements AutoCloseable {

    final UiRig rig;
    final ShellModel shell;
    final TaskPanelModel tasks;
    final ActiveConnection connection;
    final MainWindow window;
    final InspectViews inspect;
    /** The windows double-clicking a table opens. */
    final dev.railyard.ui.table.TableWindows tables;
    final BackupsModel backups;
    final MigrationsModel migrations;
    final SqlConsoles consoles;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "full-window-io"));

    FullWindow(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        rig = new UiRig(FxThread.executor(), Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, FxThread.executor(), Runnable::run);
        tasks = new TaskPanelModel(rig.runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        connection = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, FxThread.executor());
        window = new MainWindow(shell, tasks, connection);
        InspectServices services = new InspectServices(connection, FxThread.executor(), io, Clock.systemDefaultZone());
        tables = new dev.railyard.ui.table.TableWindows(services, () -> stage);
        inspect = InspectViews.install(window, services, tables);
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(rig.home, rig.profiles));
        backups = new BackupsModel(connection, rig.runner, service,
                new DeepVerifier(service, rig.folder.resolve("verify"), Clock.systemUTC()), rig.profiles, FxThread.executor(), rig.io);
        BackupsView.install(window, backups);
        migrations = MigrationsView.install(window, rig.profiles, rig.io);
        migrations.backUpFirstProperty().set((target, typed, lockTimeout, statementTimeout) -> { });
        consoles = SqlConsoles.install(window, rig.home, rig.quiet, rig.runner, rig.io);
        window.showIn(stage, rig.folder.toString());
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @Override
    public void close() throws Exception {
        inspect.dispose();
        backups.dispose();
        migrations.dispose();
        consoles.dispose();
        connection.dispose();
        shell.dispose();
        tasks.dispose();
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        rig.close();
    }
}
