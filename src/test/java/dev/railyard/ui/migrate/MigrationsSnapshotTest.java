package dev.railyard.ui.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import dev.railyard.migrate.MigrationStatus;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the Migrations tab for people to look at, written to target/ui-snapshots (or
 * -Drailyard.snapshotDir): applied, pending and a pending script's SQL; then a failed migration
 * with its failure in words. The test checks the failure is drawn in red.
 */
@ExtendWith(ApplicationExtension.class)
class MigrationsSnapshotTest {

    @TempDir
    Path temp;

    private MigrationsWindow app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        app = new MigrationsWindow(stage, 1280, 800);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static Path folder() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("railyard.snapshotDir", "target/ui-snapshots")));
    }

    private static BufferedImage snapshot(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", folder().resolve(name).toFile());
        return out;
    }

    private static boolean hasRed(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 150 && r > g + 60 && r > b + 60) {
                    return true;
                }
            }
        }
        return false;
    }

    private Path scripts() throws Exception {
        Path scripts = Files.createDirectories(temp.resolve("shop").resolve("db").resolve("migration"));
        Files.writeString(scripts.resolve("V1__create_customers.sql"), MigrationsModelTest.V1);
        Files.writeString(scripts.resolve("V2__create_orders.sql"), """
                create table orders (
                    id          bigint primary key,
                    customer_id bigint not null references customers,
                    placed      date not null default current_date
                );
                """);
        return scripts;
    }

    /** Selects the connection and opens the tab; {@code scripts} null for a connection without a folder. */
    private void open(FxRobot robot, String database, Path scripts) throws Exception {
        app.save(MigrationsModelTest.profile("shop-staging", database, EnvironmentTag.STAGING,
                scripts == null ? List.of() : List.of(scripts.toString())));
        robot.clickOn("#profile-shop-staging");
        robot.clickOn("#tab-migrations");
        MigrationsWindow.waitUntil(() -> app.model.loadedProperty().get() && !app.model.loadingProperty().get());
    }

    private void migrateAndWait(FxRobot robot) throws Exception {
        robot.clickOn("#migrate-button");
        MigrationsWindow.waitUntil(() -> robot.lookup("#" + MigrationPreviewDialog.MIGRATE_ID).tryQuery().isPresent());
        robot.clickOn("#" + MigrationPreviewDialog.MIGRATE_ID);
        MigrationsWindow.waitUntil(() -> app.model.resultProperty().get() != null && !app.model.loadingProperty().get());
    }

    @Test
    void appliedAndPendingWithAPendingScriptsSql(FxRobot robot) throws Exception {
        Path scripts = scripts();
        String database = EmbeddedPostgres.shared().createDatabase("migrations_shot");
        open(robot, database, scripts);
        migrateAndWait(robot);
        Files.writeString(scripts.resolve("V3__index_orders_by_customer.sql"), """
                -- Orders are listed per customer on the account page.
                create index orders_customer on orders (customer_id, placed desc);
                """);
        Files.writeString(scripts.resolve("V4__add_order_notes.sql"), "alter table orders add column note text;\n");
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement()) {
            s.execute("create table knex_migrations (id serial primary key, name varchar(255), batch integer,"
                    + " migration_time timestamptz)");
            s.execute("insert into knex_migrations (name, batch, migration_time) values"
                    + " ('20230105_users.js', 1, '2023-01-05 09:12:00+00'), ('20230310_sessions.js', 2, '2023-03-10 17:40:00+00')");
        }
        robot.interact(app.model::dismissResult);
        robot.clickOn("#migrations-refresh");
        MigrationsWindow.waitUntil(() -> app.model.rows().size() == 4 && !app.model.loadingProperty().get());
        robot.interact(() -> app.model.selectedRowProperty().set(app.model.rows().get(2)));

        snapshot(stage.getScene(), "migrate-tab.png");
        assertEquals("2 applied, 2 pending", app.model.summaryProperty().get());

        robot.clickOn("#history-tab");
        snapshot(stage.getScene(), "migrate-history.png");
        assertEquals(4, app.model.timeline().size(), "two of Flyway, two of Knex");
    }

    @Test
    void aFailedMigrationInWords(FxRobot robot) throws Exception {
        Path scripts = scripts();
        // Outside a transaction (CONCURRENTLY), so the first index stays and Flyway records the failure.
        Files.writeString(scripts.resolve("V3__index_orders.sql"), """
                create index concurrently orders_placed on orders (placed);
                create index concurrently lines_order on order_lines (order_id);
                """);
        Files.writeString(scripts.resolve("V4__add_order_notes.sql"), "alter table orders add column note text;\n");
        String database = EmbeddedPostgres.shared().createDatabase("migrations_shot");
        open(robot, database, scripts);
        migrateAndWait(robot);

        assertEquals(MigrationStatus.FAILED, app.model.rows().get(2).status());
        assertEquals("Schema version 2; V3 failed", app.model.currentVersionProperty().get());
        assertEquals(app.model.rows().get(2), app.model.selectedRowProperty().get(), "the failed row is selected");
        BufferedImage image = snapshot(stage.getScene(), "migrate-failed.png");
        assertTrue(app.model.resultProperty().get().failed());
        assertTrue(hasRed(image), "the failure is drawn in red");
    }

    @Test
    void noFolderYetThenAChangedFileFoundByValidate(FxRobot robot) throws Exception {
        Path scripts = scripts();
        String database = EmbeddedPostgres.shared().createDatabase("migrations_shot");
        open(robot, database, null);
        assertTrue(robot.lookup("#no-locations").query().isVisible());
        snapshot(stage.getScene(), "migrate-empty.png");

        robot.interact(() -> app.model.saveLocations(List.of(scripts.toString()), problem -> {
            throw new AssertionError(problem);
        }));
        MigrationsWindow.waitUntil(() -> app.model.rows().size() == 2 && !app.model.loadingProperty().get());
        migrateAndWait(robot);
        Files.writeString(scripts.resolve("V1__create_customers.sql"), "create table customers (id bigint primary key, name text not null);\n");
        robot.clickOn("#validate-button");
        MigrationsWindow.waitUntil(() -> app.model.resultProperty().get() != null
                && app.model.resultProperty().get().action() == ActionResult.Action.VALIDATE && !app.model.loadingProperty().get());
        robot.interact(() -> app.model.selectedRowProperty().set(app.model.rows().get(0)));
        BufferedImage image = snapshot(stage.getScene(), "migrate-changed.png");
        assertEquals(MigrationStatus.CHANGED, app.model.rows().get(0).status());
        assertTrue(hasRed(image), "the changed file is drawn in red");
    }
}
