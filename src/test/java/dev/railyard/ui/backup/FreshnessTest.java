package dev.railyard.ui.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.profile.MigrationSettings;
import dev.railyard.ui.shell.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** An action that changes the database refreshes the tabs it affects when it ends (#17 "Freshness"). */
class FreshnessTest extends BackupsTabTestBase {

    @org.testfx.framework.junit5.Start
    void start(javafx.stage.Stage stage) {
        open(stage);
    }

    @Test
    void backUpThenMigrateShowsTheNewHeadOnTheMigrationsTabWithoutARefresh(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(rig.folder.resolve("release"));
        Files.writeString(folder.resolve("V1__orders.sql"), "create table orders (id bigint primary key);\n");
        Files.writeString(folder.resolve("V2__order_notes.sql"), "alter table orders add column note text;\n");
        selectShop(robot, new MigrationSettings(List.of(folder.toString()), List.of("app"), null, Map.of(), null));

        // The Migrations tab has read its status once: nothing applied yet.
        robot.interact(() -> window.show(Feature.MIGRATIONS));
        waitUntil(() -> migrations.loadedProperty().get() && !migrations.loadingProperty().get());
        assertEquals("No migration applied yet", migrations.currentVersionProperty().get());
        assertTrue(robot.lookup("#migrations-data-age").queryAs(Label.class).getText().startsWith("Data read "));

        robot.interact(() -> window.show(Feature.BACKUPS));
        robot.clickOn("#backups-back-up-then-migrate");
        waitUntil(() -> !model.statusProperty().get().isEmpty() && !model.statusProperty().get().startsWith("Backing up"));
        assertTrue(model.statusProperty().get().contains("pplied"), model.statusProperty().get());

        // No refresh by hand: the tab shows the new head when it comes into view.
        robot.interact(() -> window.show(Feature.MIGRATIONS));
        waitUntil(() -> "Schema version 2".equals(migrations.currentVersionProperty().get()));
        assertEquals("Schema version 2", robot.lookup("#migration-version").queryAs(Label.class).getText().replace("· ", ""));
    }
}
