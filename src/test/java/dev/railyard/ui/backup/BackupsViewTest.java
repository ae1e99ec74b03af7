package dev.railyard.ui.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** The Backups tab in the real main window, headless, over the embedded PostgreSQL 17 and a temp RAILYARD_HOME. */
class BackupsViewTest extends BackupsTabTestBase {

    @org.testfx.framework.junit5.Start
    void start(javafx.stage.Stage stage) {
        open(stage);
    }

    @SuppressWarnings("unchecked")
    private TableView<CatalogEntry> table(FxRobot robot) {
        return (TableView<CatalogEntry>) robot.lookup("#backups-table").query();
    }

    @Test
    void backUpNowOnTheBackupsTabAddsARowAndCtrlBAddsAnother(FxRobot robot) throws Exception {
        selectShop(robot, null);
        assertTrue(showing(robot, "#backups-view"));
        assertEquals(0, table(robot).getItems().size());

        robot.clickOn("#backups-back-up-now");
        waitUntil(() -> table(robot).getItems().size() == 1);
        assertTrue(robot.lookup("#backups-table .table-cell").queryAll().stream()
                .anyMatch(cell -> "not verified".equals(((javafx.scene.control.Labeled) cell).getText())), "the row shows");
        assertFalse(shell.taskPanelOpenProperty().get(), "the task panel does not open by itself over the tab");
        // The notice comes through the task panel's throttled updates (every 100 ms), maybe after the row.
        waitUntil(() -> robot.lookup("#job-notices").queryAs(javafx.scene.layout.VBox.class).getChildren().size() >= 1);

        robot.press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        waitUntil(() -> table(robot).getItems().size() == 2);
    }

    @Test
    void aFailingBackUpThenMigrateOffersTheBackupToRestoreFrom(FxRobot robot) throws Exception {
        Path migrations = Files.createDirectories(rig.folder.resolve("failing"));
        Files.writeString(migrations.resolve("V1__orders.sql"), "create table orders (id bigint primary key);\n");
        Files.writeString(migrations.resolve("V2__broken.sql"), "insert into order_lines select * from orders;\n");
        selectShop(robot, new MigrationSettings(List.of(migrations.toString()), List.of("app"), null, Map.of(), null));

        robot.clickOn("#backups-back-up-then-migrate");
        waitUntil(() -> showing(robot, "#backups-restore-offer-box"));
        CatalogEntry backup = model.restoreOfferProperty().get().restoreFrom();
        String offer = robot.lookup("#backups-restore-offer-text").queryLabeled().getText();
        assertTrue(offer.contains("The migration failed") && offer.contains(backup.id()), offer);
        BackupsSnapshotTest.snapshot(stage.getScene(), "backup-migrate-failed.png");

        robot.clickOn("#backups-restore-offer");
        waitUntil(() -> showing(robot, "#restore-dialog"));
        @SuppressWarnings("unchecked")
        ComboBox<CatalogEntry> picked = (ComboBox<CatalogEntry>) robot.lookup("#restore-backup").query();
        assertEquals(backup.id(), picked.getValue().id(), "the dialog comes with that backup");
        DialogPane pane = robot.lookup("#restore-dialog").query();
        robot.clickOn(pane.lookupButton(ButtonType.CANCEL));
        waitUntil(() -> !showing(robot, "#restore-dialog"));
    }

    @Test
    void withAStoredMigrationCommandBackUpThenMigrateSaysWhatWillRunAndCancelRunsNothing(FxRobot robot) throws Exception {
        Path marker = rig.folder.resolve("migrated.txt");
        String command = "echo migrated > '" + marker + "'";
        selectShop(robot, new MigrationSettings(List.of(), List.of(), null, Map.of(), null, command));
        waitUntil(() -> !robot.lookup("#backups-back-up-then-migrate").queryButton().isDisabled());

        robot.clickOn("#backups-back-up-then-migrate");
        waitUntil(() -> showing(robot, "#backups-run-command-confirm"));
        DialogPane confirm = robot.lookup("#backups-run-command-confirm").query();
        assertTrue(confirm.getContentText().contains(command), confirm.getContentText());
        robot.clickOn(confirm.lookupButton(ButtonType.CANCEL));
        waitUntil(() -> !showing(robot, "#backups-run-command-confirm"));
        assertTrue(rig.runner.activeJobs().stream().noneMatch(job -> job.spec().title().startsWith("Back up"))
                && rig.runner.history().records().stream().noneMatch(r -> r.title().startsWith("Back up")),
                "Cancel: no backup job was submitted");
        assertTrue(table(robot).getItems().isEmpty(), "Cancel: no backup");
        assertFalse(Files.exists(marker), "Cancel: the command did not run");

        robot.clickOn("#backups-back-up-then-migrate");
        waitUntil(() -> showing(robot, "#backups-run-command-confirm"));
        confirm = robot.lookup("#backups-run-command-confirm").query();
        robot.clickOn(confirm.lookupButton(ButtonType.OK));
        waitUntil(() -> Files.exists(marker) && table(robot).getItems().size() == 1);
        assertEquals("migrated", Files.readString(marker).strip());
    }

    @Test
    void forFlywayScriptsBackUpThenMigrateOpensTheMigrationsPreviewFirstAndRunsNothing(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(rig.folder.resolve("previewed"));
        Files.writeString(folder.resolve("V1__orders.sql"), "create table orders (id bigint primary key);\n");
        selectShop(robot, new MigrationSettings(List.of(folder.toString()), List.of("app"), null, Map.of(), null));
        // As the window wires it (RailyardApp): the Backups tab's button goes through the Migrations tab's preview.
        robot.interact(() -> backupsView.setFlywayPreview(() -> {
            window.show(dev.railyard.ui.shell.Feature.MIGRATIONS);
            migrations.requestPreview();
        }));
        waitUntil(() -> !robot.lookup("#backups-back-up-then-migrate").queryButton().isDisabled());

        robot.clickOn("#backups-back-up-then-migrate");
        waitUntil(() -> robot.lookup("#preview-items").tryQuery().isPresent());
        String sql = robot.lookup("#preview-items").query().toString();
        assertTrue(robot.lookup("#preview-backup-then-migrate").tryQuery().isPresent(), "the safer path is offered");
        assertTrue(table(robot).getItems().isEmpty(), "nothing ran before the preview's choice: " + sql);
    }

    /** A fresh database saved as the production profile "shop-prod" with these migrations, selected; its name. */
    private String selectProductionShop(FxRobot robot, String prefix, Path migrations) throws Exception {
        String database = EmbeddedPostgres.shared().createDatabase(prefix);
        rig.profiles.save(new ConnectionProfile("shop-prod", dev.railyard.db.Dialect.POSTGRESQL, "127.0.0.1",
                EmbeddedPostgres.shared().port(), database, "postgres", dev.railyard.profile.SslMode.DISABLE, null,
                dev.railyard.profile.EnvironmentTag.PRODUCTION, null, null,
                new MigrationSettings(List.of(migrations.toString()), List.of("app"), null, Map.of(), null), null, null, 0));
        waitUntil(() -> showing(robot, "#profile-shop-prod"));
        robot.clickOn("#profile-shop-prod");
        return database;
    }

    @Test
    void backUpFirstOnTheMigrationsTabRunsTheFlowAndOffersTheRestoreOnTheBackupsTab(FxRobot robot) throws Exception {
        Path migrations = Files.createDirectories(rig.folder.resolve("failing-prod"));
        Files.writeString(migrations.resolve("V1__orders.sql"), "create table orders (id bigint primary key);\n");
        Files.writeString(migrations.resolve("V2__broken.sql"), "insert into order_lines select * from orders;\n");
        String database = selectProductionShop(robot, "backupsprod", migrations);
        robot.interact(() -> window.show(Feature.MIGRATIONS));
        waitUntil(() -> showing(robot, "#migrate-button") && !robot.lookup("#migrate-button").queryButton().isDisabled());

        robot.clickOn("#migrate-button");
        waitUntil(() -> robot.lookup("#confirm-database").tryQuery().isPresent());
        javafx.scene.control.Button backUpFirst = robot.lookup("#preview-backup-then-migrate").queryButton();
        assertTrue(backUpFirst.isDefaultButton(), "the preview offers the backed-up path first, even from Migrate");
        robot.interact(() -> robot.lookup("#confirm-database").queryAs(javafx.scene.control.TextField.class).setText(database));
        robot.clickOn(backUpFirst);

        waitUntil(() -> showing(robot, "#backups-restore-offer-box"));
        CatalogEntry backup = model.restoreOfferProperty().get().restoreFrom();
        assertEquals("before migrating: pending V1, V2", backup.manifest().note());
        assertTrue(showing(robot, "#backups-view"), "the Backups tab shows the offer");
    }

    @Test
    void backUpThenMigrateOnAProductionProfileAsksForTheDatabaseNameAndCancelMigratesNothing(FxRobot robot) throws Exception {
        Path migrations = Files.createDirectories(rig.folder.resolve("prod-guarded"));
        Files.writeString(migrations.resolve("V1__orders.sql"), "create table orders (id bigint primary key);\n");
        String database = selectProductionShop(robot, "guardedprod", migrations);
        robot.interact(() -> window.show(Feature.BACKUPS));
        waitUntil(() -> showing(robot, "#backups-back-up-then-migrate")
                && !robot.lookup("#backups-back-up-then-migrate").queryButton().isDisabled());

        robot.clickOn("#backups-back-up-then-migrate");
        waitUntil(() -> robot.lookup("#confirm-database").tryQuery().isPresent());
        javafx.scene.control.Button go = robot.lookup("#confirm-action").queryButton();
        assertTrue(go.isDisabled(), "nothing runs before the name is typed");
        robot.interact(() -> robot.lookup("#confirm-database").queryAs(javafx.scene.control.TextField.class).setText("shop-prod"));
        assertTrue(go.isDisabled(), "the profile's name is not the database's");
        robot.clickOn(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).lookupButton(ButtonType.CANCEL));
        waitUntil(() -> robot.lookup("#confirm-database").tryQuery().isEmpty());

        assertTrue(rig.runner.activeJobs().stream().noneMatch(j -> j.title().startsWith("Back up, then migrate")),
                "no job was started");
        assertTrue(model.backups().isEmpty(), "no backup was made");
        try (java.sql.Connection c = EmbeddedPostgres.shared().connect(database);
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from pg_namespace where nspname = 'app'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "nothing migrated: Flyway never created its schema");
        }
        // The core refuses too, whatever a face passes.
        assertThrows(dev.railyard.guard.ConfirmationRequiredException.class,
                () -> model.backUpThenMigrate(null, "", result -> { }));
        assertThrows(dev.railyard.guard.ConfirmationRequiredException.class,
                () -> model.backUpThenMigrate(null, null, result -> { }));
    }

    @Test
    void aCleanRestoreShowsWhatItDropsBeforeItMayRunAndCancelDropsNothing(FxRobot robot) throws Exception {
        ConnectionProfile shop = selectShop(robot, null);
        robot.clickOn("#backups-back-up-now");
        waitUntil(() -> table(robot).getItems().size() == 1);
        try (java.sql.Connection c = EmbeddedPostgres.shared().connect(shop.database());
             java.sql.Statement s = c.createStatement()) {
            s.execute("create table keep_me (id int)");
        }
        CatalogEntry entry = table(robot).getItems().get(0);
        javafx.application.Platform.runLater(() -> ((BackupsView) robot.lookup("#backups-view").query()).openRestore(entry));
        waitUntil(() -> showing(robot, "#restore-dialog"));
        robot.interact(() -> {
            robot.lookup("#restore-into-existing").queryAs(javafx.scene.control.RadioButton.class).setSelected(true);
            robot.lookup("#restore-clean").queryAs(javafx.scene.control.CheckBox.class).setSelected(true);
        });
        DialogPane pane = robot.lookup("#restore-dialog").query();
        javafx.scene.Node restore = pane.lookupButton(pane.getButtonTypes().get(0));
        waitUntil(() -> robot.lookup("#restore-clean-preview").queryAs(javafx.scene.control.TextArea.class)
                .getText().contains("customers"));
        String preview = robot.lookup("#restore-clean-preview").queryAs(javafx.scene.control.TextArea.class).getText();
        assertTrue(preview.contains("would drop") && !preview.contains("keep_me"),
                "the backup's table, not the one it does not hold: " + preview);
        waitUntil(() -> !restore.isDisabled());
        robot.clickOn(pane.lookupButton(ButtonType.CANCEL));
        waitUntil(() -> !showing(robot, "#restore-dialog"));
        try (java.sql.Connection c = EmbeddedPostgres.shared().connect(shop.database());
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select (select count(*) from customers), to_regclass('keep_me') is not null")) {
            rs.next();
            assertEquals(100, rs.getLong(1), "the dry run dropped nothing");
            assertTrue(rs.getBoolean(2));
        }
    }

    @Test
    void whatTheCommandLineWritesShowsInTheOpenWindow(FxRobot robot) throws Exception {
        // Wired as RailyardApp wires it: profiles.json and the selected profile's catalog folder are watched.
        dev.railyard.home.ChangeWatcher watcher = new dev.railyard.home.ChangeWatcher(Duration.ofSeconds(1));
        try {
            watcher.watch(() -> rig.profiles.file(), rig.profiles::refresh);
            robot.interact(() -> model.watchCatalog(watcher));
            ConnectionProfile shop = selectShop(robot, null);
            assertEquals(0, table(robot).getItems().size());

            dev.railyard.profile.ProfileStore cli = new dev.railyard.profile.ProfileStore(rig.profiles.file());
            cli.save(BackupsModelTest.profile("added-by-cli", shop.database(), null));
            waitUntil(() -> showing(robot, "#profile-added-by-cli"));

            BackupService other = BackupService.withToolsOnPath(new BackupCatalog(rig.home, cli));
            String id = BackupCatalog.idOf(other.create(shop, null, BackupService.CreateRequest.intoCatalog(
                    dev.railyard.backup.BackupOptions.defaults())).run(dev.railyard.task.JobContext.silent()).file());
            waitUntil(() -> table(robot).getItems().stream().anyMatch(e -> e.id().equals(id)));
        } finally {
            watcher.close();
        }
    }
}
