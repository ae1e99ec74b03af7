package dev.railyard.ui.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Migrations tab in the real window, headless: select a connection, open the tab, click Migrate, see the rows applied. */
@ExtendWith(ApplicationExtension.class)
class MigrationsTabTest {

    @TempDir
    Path temp;

    private MigrationsWindow app;

    @Start
    void start(Stage stage) {
        app = new MigrationsWindow(stage, 1280, 800);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static String text(FxRobot robot, String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAs(Label.class).getText()).get(5, TimeUnit.SECONDS);
    }

    /** The texts of the status table's state cells, read on the FX thread. */
    private static List<String> states(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#migration-table .state-cell").queryAllAs(TableCell.class).stream()
                .filter(cell -> cell.getText() != null).map(TableCell::getText).toList()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void clickingMigrateAppliesThePendingScriptsAndTheSummaryFollows(FxRobot robot) throws Exception {
        Path scripts = Files.createDirectories(temp.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), MigrationsModelTest.V1);
        Files.writeString(scripts.resolve("V2__create_orders.sql"), MigrationsModelTest.V2);
        String database = EmbeddedPostgres.shared().createDatabase("migrations_tab");
        app.save(MigrationsModelTest.profile("shop-dev", database, EnvironmentTag.DEVELOPMENT, List.of(scripts.toString())));

        robot.clickOn("#profile-shop-dev");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> "0 applied, 2 pending".equals(text(robot, "#migration-summary")));
        assertEquals(List.of("Pending", "Pending"), states(robot));
        assertEquals(scripts.toString(), text(robot, "#migration-locations"));

        robot.clickOn("#migrate-button");
        MigrationsWindow.waitUntil(() -> "2 applied".equals(text(robot, "#migration-summary")));
        MigrationsWindow.waitUntil(() -> states(robot).equals(List.of("Applied", "Applied")));
        assertEquals("Migrated shop-dev", text(robot, "#result-title"));
        assertEquals("· Schema version 2", text(robot, "#migration-version"));
        assertFalse(app.shell.taskPanelOpenProperty().get(), "the task panel does not open by itself over the tab");
    }

    @Test
    void migratingProductionAsksForTheDatabaseNameAndOffersBackupFirstNotYetAvailable(FxRobot robot) throws Exception {
        Path scripts = Files.createDirectories(temp.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), MigrationsModelTest.V1);
        String database = EmbeddedPostgres.shared().createDatabase("migrations_prod");
        app.save(MigrationsModelTest.profile("shop-prod", database, EnvironmentTag.PRODUCTION, List.of(scripts.toString())));
        robot.clickOn("#profile-shop-prod");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> "0 applied, 1 pending".equals(text(robot, "#migration-summary")));

        robot.clickOn("#migrate-button");
        MigrationsWindow.waitUntil(() -> robot.lookup("#confirm-database").tryQuery().isPresent());
        CheckBox backup = robot.lookup("#backup-first").queryAs(CheckBox.class);
        assertEquals("Back up first — available once backups land", backup.getText());
        assertTrue(backup.isDisabled());
        Button go = robot.lookup("#confirm-action").queryButton();
        assertTrue(go.isDisabled(), "not before the name is typed");
        robot.clickOn("#confirm-database").write("shop-prod");
        assertTrue(go.isDisabled(), "the profile's name is not the database's");
        robot.interact(() -> robot.lookup("#confirm-database").queryAs(TextField.class).setText(database));
        assertFalse(go.isDisabled());
        robot.clickOn(go);

        MigrationsWindow.waitUntil(() -> "1 applied".equals(text(robot, "#migration-summary"))
                && List.of("Applied").equals(states(robot)));
        assertEquals(List.of("Applied"), states(robot));
    }

    @Test
    void withoutAFolderTheTabSaysHowAndTheLocationsDialogSavesOne(FxRobot robot) throws Exception {
        Path scripts = Files.createDirectories(temp.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), MigrationsModelTest.V1);
        Files.writeString(scripts.resolve("V2__create_orders.sql"), MigrationsModelTest.V2);
        String database = EmbeddedPostgres.shared().createDatabase("migrations_folder");
        app.save(MigrationsModelTest.profile("shop-dev", database, EnvironmentTag.DEVELOPMENT, List.of()));
        robot.clickOn("#profile-shop-dev");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> app.model.loadedProperty().get());
        assertTrue(robot.lookup("#no-locations").query().isVisible());
        assertTrue(robot.lookup("#migrate-button").query().isDisabled(), "nothing to run without a folder");

        robot.clickOn("#choose-folder");
        MigrationsWindow.waitUntil(() -> robot.lookup("#typed-location").tryQuery().isPresent());
        robot.clickOn("#typed-location").write(scripts.toString());
        robot.clickOn("#add-typed-location");
        robot.clickOn("#save-locations");

        MigrationsWindow.waitUntil(() -> "0 applied, 2 pending".equals(text(robot, "#migration-summary")));
        assertEquals(List.of(scripts.toString()), app.rig.profiles.require("shop-dev").migrations().locations());
        assertFalse(robot.lookup("#no-locations").query().isVisible());
        assertFalse(robot.lookup("#migrate-button").query().isDisabled());
    }
}
