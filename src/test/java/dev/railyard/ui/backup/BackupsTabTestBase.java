package dev.railyard.ui.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.shell.MainWindow;
import dev.railyard.ui.shell.ShellModel;
import dev.railyard.ui.task.TaskPanelModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/** The real main window with the Backups tab, headless, over the embedded PostgreSQL 17 and a temp RAILYARD_HOME. */
@ExtendWith(ApplicationExtension.class)
abstract class BackupsTabTestBase {

    UiRig rig;
    ShellModel shell;
    TaskPanelModel tasks;
    ActiveConnection connection;
    MainWindow window;
    BackupsModel model;
    BackupsView backupsView;
    dev.railyard.ui.migrate.MigrationsModel migrations;
    Stage stage;

    /** Each test class calls it from its own @Start (TestFX finds only declared ones). */
    void open(Stage stage) {
        this.stage = stage;
        rig = new UiRig(FxThread.executor(), Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, FxThread.executor(), Runnable::run);
        tasks = new TaskPanelModel(rig.runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        connection = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, FxThread.executor());
        window = new MainWindow(shell, tasks, connection);
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(rig.home, rig.profiles));
        model = new BackupsModel(connection, rig.runner, service,
                new DeepVerifier(service, rig.folder.resolve("verify"), Clock.systemUTC()), rig.profiles, FxThread.executor(),
                rig.io);
        BackupsView view = BackupsView.install(window, model);
        backupsView = view;
        migrations = dev.railyard.ui.migrate.MigrationsView.install(window, rig.profiles, rig.io);
        migrations.backUpFirstProperty().set((target, typed, lockTimeout, statementTimeout) -> {
            window.show(Feature.BACKUPS);
            view.backUpThenMigrate(target, typed, lockTimeout, statementTimeout);
        });
        window.showIn(stage, rig.folder.toString());
        stage.setWidth(1280);
        stage.setHeight(760);
        stage.show();
    }

    @AfterEach
    void stop() {
        model.dispose();
        migrations.dispose();
        connection.dispose();
        shell.dispose();
        tasks.dispose();
        rig.close();
    }

    void waitUntil(Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Timed out; the tab says: " + model.statusProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    static boolean showing(FxRobot robot, String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).match(NodeQueryUtils.isVisible()).tryQuery().isPresent())
                .get(5, TimeUnit.SECONDS);
    }

    /** A fresh database with a table, saved as profile "shop" and selected in the sidebar. */
    ConnectionProfile selectShop(FxRobot robot, MigrationSettings migrations) throws Exception {
        String database = EmbeddedPostgres.shared().createDatabase("backupsview");
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name text)");
            s.execute("insert into customers select g, 'customer ' || g from generate_series(1, 100) g");
        }
        rig.profiles.save(BackupsModelTest.profile("shop", database, migrations));
        waitUntil(() -> showing(robot, "#profile-shop"));
        robot.clickOn("#profile-shop");
        waitUntil(() -> shell.activeProfile() != null);
        robot.interact(() -> window.show(Feature.BACKUPS));
        return shell.activeProfile();
    }

}
