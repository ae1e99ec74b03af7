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
        MigrationsWindow.waitUntil(() -> robot.lookup("#preview-migrate").tryQuery().isPresent());
        assertTrue(robot.lookup("#preview-backup-then-migrate").tryQuery().isEmpty(), "no backup offered where none is wired");
        robot.clickOn("#preview-migrate");
        MigrationsWindow.waitUntil(() -> "2 applied".equals(text(robot, "#migration-summary")));
        MigrationsWindow.waitUntil(() -> states(robot).equals(List.of("Applied", "Applied")));
        assertEquals("Migrated shop-dev", text(robot, "#result-title"));
        assertEquals("· Schema version 2", text(robot, "#migration-version"));
        assertFalse(app.shell.taskPanelOpenProperty().get(), "the task panel does not open by itself over the tab");
    }

    @Test
    void migratingProductionPreviewsThenAsksForTheDatabaseName(FxRobot robot) throws Exception {
        Path scripts = Files.createDirectories(temp.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), MigrationsModelTest.V1);
        String database = EmbeddedPostgres.shared().createDatabase("migrations_prod");
        app.save(MigrationsModelTest.profile("shop-prod", database, EnvironmentTag.PRODUCTION, List.of(scripts.toString())));
        robot.clickOn("#profile-shop-prod");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> "0 applied, 1 pending".equals(text(robot, "#migration-summary")));
        assertEquals("Lock timeout 5s (production default) · no statement timeout", text(robot, "#migration-timeouts"));

        robot.clickOn("#migrate-button");
        MigrationsWindow.waitUntil(() -> robot.lookup("#confirm-database").tryQuery().isPresent());
        assertEquals("5s", robot.lookup("#lock-timeout").queryAs(TextField.class).getText(), "the production default shows");
        Button go = robot.lookup("#preview-migrate").queryButton();
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

    /** A table with rows and a pending index on it: the check finds it risky. */
    private Path indexOnATableWithRows(String database) throws Exception {
        try (java.sql.Connection c = EmbeddedPostgres.shared().connect(database); java.sql.Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name text)");
            s.execute("insert into customers select g, 'c' || g from generate_series(1, 1000) g");
            s.execute("analyze customers");
        }
        Path scripts = Files.createDirectories(temp.resolve("db"));
        Files.writeString(scripts.resolve("V1__index_names.sql"), "create index customers_name on customers (name);\n");
        return scripts;
    }

    private static List<String> labels(FxRobot robot, String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAll().stream()
                .filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void thePreviewListsThePendingSqlWithTheCheckAndCancelRunsNothing(FxRobot robot) throws Exception {
        String database = EmbeddedPostgres.shared().createDatabase("migrations_preview");
        Path scripts = indexOnATableWithRows(database);
        app.save(MigrationsModelTest.profile("shop-dev", database, EnvironmentTag.DEVELOPMENT, List.of(scripts.toString())));
        robot.clickOn("#profile-shop-dev");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> "0 applied, 1 pending".equals(text(robot, "#migration-summary")));
        MigrationsWindow.waitUntil(() -> robot.lookup(".check-cell").tryQuery().isPresent());
        assertEquals("risky: Index built without CONCURRENTLY",
                robot.lookup(".check-cell").queryAs(TableCell.class).getText(), "the tab shows the finding per migration");

        robot.clickOn("#migrate-button");
        MigrationsWindow.waitUntil(() -> robot.lookup("#preview-items").tryQuery().isPresent());
        assertEquals("1 pending migration, 1 statement: 1 risky", text(robot, "#preview-summary"));
        List<String> shown = labels(robot, "#preview-items .label");
        assertTrue(shown.contains("V1__index_names.sql"), shown.toString());
        assertTrue(shown.contains("risky"), "the verdict badge: " + shown);
        assertTrue(shown.stream().anyMatch(t -> t.startsWith("Index built without CONCURRENTLY: Builds the index under a SHARE lock")),
                shown.toString());
        assertTrue(shown.stream().anyMatch(t -> t.contains("public.customers: 1,000 rows")), "the table's size: " + shown);
        assertTrue(shown.stream().anyMatch(t -> t.startsWith("nobody else holds")), "who holds locks now: " + shown);
        assertTrue(shown.stream().anyMatch(t -> t.startsWith("CREATE INDEX CONCURRENTLY customers_name")), "the rewrite: " + shown);
        String sql = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#preview-items .preview-sql")
                .queryAs(javafx.scene.control.TextArea.class).getText()).get(5, TimeUnit.SECONDS);
        assertEquals("create index customers_name on customers (name);", sql);

        javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        robot.clickOn(pane.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        MigrationsWindow.waitUntil(() -> robot.lookup("#preview-items").tryQuery().isEmpty());

        assertTrue(app.rig.runner.activeJobs().stream().noneMatch(j -> j.title().startsWith("Migrate")), "no migration job");
        assertEquals("0 applied, 1 pending", text(robot, "#migration-summary"));
        try (java.sql.Connection c = EmbeddedPostgres.shared().connect(database);
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from pg_indexes where indexname = 'customers_name'"
                             + " union all select count(*) from pg_tables where tablename = 'flyway_schema_history'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "no index was built");
            rs.next();
            assertEquals(0, rs.getLong(1), "Flyway never ran: no history table");
        }
    }

    @Test
    void whenABackupIsPossibleTheSaferPathIsThePrimaryButtonAndGetsTheTimeouts(FxRobot robot) throws Exception {
        java.util.concurrent.atomic.AtomicReference<List<Object>> started = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> app.model.backUpFirstProperty().set((target, typed, lock, statement) ->
                started.set(java.util.Arrays.asList(target, typed, lock, statement))));
        Path scripts = Files.createDirectories(temp.resolve("db"));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), MigrationsModelTest.V1);
        String database = EmbeddedPostgres.shared().createDatabase("migrations_safer");
        app.save(MigrationsModelTest.profile("shop-prod", database, EnvironmentTag.PRODUCTION, List.of(scripts.toString())));
        robot.clickOn("#profile-shop-prod");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> "0 applied, 1 pending".equals(text(robot, "#migration-summary")));
        assertTrue(robot.lookup("#backup-then-migrate-button").queryButton().getStyleClass().contains("accent"), "primary");
        assertFalse(robot.lookup("#migrate-button").queryButton().getStyleClass().contains("accent"), "secondary");

        robot.clickOn("#backup-then-migrate-button");
        MigrationsWindow.waitUntil(() -> robot.lookup("#confirm-database").tryQuery().isPresent());
        Button safer = robot.lookup("#preview-backup-then-migrate").queryButton();
        Button plain = robot.lookup("#preview-migrate").queryButton();
        assertTrue(safer.isDefaultButton() && safer.getStyleClass().contains("accent"));
        assertFalse(plain.isDefaultButton());
        robot.interact(() -> {
            robot.lookup("#confirm-database").queryAs(TextField.class).setText(database);
            robot.lookup("#lock-timeout").queryAs(TextField.class).setText("2s");
            robot.lookup("#statement-timeout").queryAs(TextField.class).setText("10m");
        });
        robot.clickOn(safer);

        MigrationsWindow.waitUntil(() -> started.get() != null);
        assertEquals(java.util.Arrays.asList(null, database, java.time.Duration.ofSeconds(2), java.time.Duration.ofMinutes(10)),
                started.get());
        assertEquals("0 applied, 1 pending", text(robot, "#migration-summary"), "the tab itself migrated nothing");
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
