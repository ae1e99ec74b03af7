package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.backup.BackupsModel;
import dev.railyard.ui.backup.BackupsView;
import dev.railyard.ui.inspect.InspectServices;
import dev.railyard.ui.inspect.InspectViews;
import dev.railyard.ui.migrate.MigrationsModel;
import dev.railyard.ui.migrate.MigrationsView;
import dev.railyard.ui.task.TaskPanelModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Switching between the light and the dark theme with the whole window built and a profile open
 * restyles at once instead of freezing the window (#17: "Theme switch in under 300 ms").
 */
@ExtendWith(ApplicationExtension.class)
class ThemeSwitchTest {

    private Stage stage;
    private UiRig rig;
    private ShellModel shell;
    private TaskPanelModel tasks;
    private ActiveConnection connection;
    private MainWindow window;
    private InspectViews inspect;
    private BackupsModel backups;
    private MigrationsModel migrations;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "theme-io"));

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        rig = new UiRig(FxThread.executor(), Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, FxThread.executor(), Runnable::run);
        tasks = new TaskPanelModel(rig.runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        connection = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, FxThread.executor());
        window = new MainWindow(shell, tasks, connection);
        inspect = InspectViews.install(window, new InspectServices(connection, FxThread.executor(), io, Clock.systemDefaultZone()));
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(rig.home, rig.profiles));
        backups = new BackupsModel(connection, rig.runner, service,
                new DeepVerifier(service, rig.folder.resolve("verify"), Clock.systemUTC()), rig.profiles, FxThread.executor(), rig.io);
        BackupsView.install(window, backups);
        migrations = MigrationsView.install(window, rig.profiles, rig.io);
        migrations.backUpFirstProperty().set((target, typed, lockTimeout, statementTimeout) -> { });
        window.showIn(stage, rig.folder.toString());
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        inspect.dispose();
        backups.dispose();
        migrations.dispose();
        connection.dispose();
        shell.dispose();
        tasks.dispose();
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        rig.close();
    }

    @Test
    void switchingTheThemeRestylesTheWholeWindowQuickly(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        String name = "shop-prod";
        rig.profiles.save(new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", EmbeddedPostgres.shared().port(),
                "postgres", "postgres", SslMode.DISABLE, null, EnvironmentTag.PRODUCTION, null, null,
                MigrationSettings.none(), null, null, 0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.profileFor(name).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> shell.select(shell.profileFor(name).orElseThrow()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !ActiveConnection.CONNECTING.equals(shell.serverVersionProperty().get()));
        for (Feature feature : Feature.values()) {
            robot.interact(() -> window.show(feature));
        }
        robot.interact(() -> window.show(Feature.values()[0]));
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        Parent root = stage.getScene().getRoot();
        List<Long> figures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long[] took = new long[1];
            robot.interact(() -> {
                long start = System.nanoTime();
                shell.toggleTheme();
                root.applyCss();
                root.layout();
                took[0] = (System.nanoTime() - start) / 1_000_000;
            });
            figures.add(took[0]);
        }
        long median = figures.stream().sorted().toList().get(figures.size() / 2);
        System.out.println("Theme switch, whole window restyled and laid out, ms: " + figures + ", median " + median);
        assertTrue(stage.getScene().getRoot().lookup(".button") != null);
        // The goal is 300 ms on a desktop; test machines are shared and slower, so the bound is generous
        // (re-parsing the theme's CSS on every switch took about 1,100 ms here).
        assertTrue(median < 800, "A theme switch took " + median + " ms (median): " + figures);
    }
}
