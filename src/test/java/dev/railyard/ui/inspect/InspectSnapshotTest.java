package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.SessionRow;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.sandbox.Sandbox;
import dev.railyard.ui.shell.Feature;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the five inspect tabs over the sandbox's demo shop (its migrations, data and a
 * workload, in a database of the shared PG 17), for people to look at: written to
 * target/ui-snapshots/inspect-TAB.png (or -Drailyard.snapshotDir). The Activity picture has a
 * session blocked by another; one more shows Queries where pg_stat_statements is not created.
 * The test checks each tab filled its table before its picture was taken.
 */
@ExtendWith(ApplicationExtension.class)
class InspectSnapshotTest {

    static {
        // A laptop-sized window when this class starts the toolkit (Monocle's default screen is 1280x800).
        if (System.getProperty("headless.geometry") == null) {
            System.setProperty("headless.geometry", "1400x900-32");
        }
    }

    private InspectWindow app;

    @Start
    void start(Stage stage) {
        app = new InspectWindow(stage, 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    /** The sandbox's shop: its first two migrations, its seed data and the kind of queries its app sends. */
    private static String shop() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        String db = server.createDatabase("shop");
        Flyway.configure().dataSource(server.jdbcUrl(db), "postgres", "").locations(Sandbox.MIGRATIONS).target("2")
                .load().migrate();
        String seed;
        try (var in = InspectSnapshotTest.class.getClassLoader().getResourceAsStream("sandbox/seed.sql")) {
            seed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute(seed);
            s.execute("CREATE EXTENSION pg_stat_statements");
        }
        return db;
    }

    private static void workload(String db) throws Exception {
        try (Connection c = EmbeddedPostgres.shared().connect(db);
             PreparedStatement byCustomer = c.prepareStatement(
                     "SELECT id, status, total_cents FROM shop.orders WHERE customer_id = ? ORDER BY placed_at DESC LIMIT 20");
             PreparedStatement byEmail = c.prepareStatement("SELECT id FROM shop.customers WHERE email = ?");
             Statement plain = c.createStatement()) {
            for (int i = 1; i <= 200; i++) {
                byCustomer.setLong(1, 1 + (i * 97L) % 40000);
                byCustomer.executeQuery().close();
                byEmail.setString(1, "customer" + (i * 13) + "@example.com");
                byEmail.executeQuery().close();
            }
            for (int i = 0; i < 4; i++) {
                plain.executeQuery("SELECT count(*) FROM shop.order_items WHERE note LIKE '%gift%'").close();
                plain.executeQuery("SELECT c.country, count(*), sum(o.total_cents) FROM shop.orders o "
                        + "JOIN shop.customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY 3 DESC").close();
            }
        }
    }

    private static Path folder() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("railyard.snapshotDir", "target/ui-snapshots")));
    }

    @Test
    void everyTabOverTheSandbox(FxRobot robot) throws Exception {
        String db = shop();
        int port = EmbeddedPostgres.shared().port();
        app.save(Sandbox.PROFILE, port, db, dev.railyard.profile.EnvironmentTag.DEVELOPMENT);
        String url = EmbeddedPostgres.shared().jdbcUrl(db);

        ExecutorService waiterThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocked-session"));
        try (Connection holder = DriverManager.getConnection(url, "postgres", "");
             Connection waiter = DriverManager.getConnection(url, "postgres", "")) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SET application_name = 'billing-worker'");
                s.executeUpdate("UPDATE shop.products SET stock = stock - 1 WHERE id = 7");
            }
            long waiterPid = pid(waiter);
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("SET application_name = 'shop-api'");
                    return s.executeUpdate("UPDATE shop.products SET stock = stock + 5 WHERE id = 7");
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, waiterThread);

            for (Feature feature : new Feature[] {Feature.OVERVIEW, Feature.TABLES, Feature.INDEXES, Feature.QUERIES,
                    Feature.ACTIVITY}) {
                app.open(robot, Sandbox.PROFILE, feature);
                app.awaitRead(feature);
                InspectModel<?, ?> model = app.inspect.model(feature);
                if (feature == Feature.ACTIVITY) {
                    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                        boolean seen = model.table().rows().stream()
                                .anyMatch(r -> r instanceof SessionRow s && s.id() == waiterPid && s.blocked());
                        if (!seen && !model.loadingProperty().get()) {
                            robot.interact(model::refresh);
                        }
                        return seen;
                    });
                    TableView<?> sessions = robot.lookup("#activity-table").queryTableView();
                    robot.interact(() -> {
                        for (int i = 0; i < sessions.getItems().size(); i++) {
                            if (((SessionRow) sessions.getItems().get(i)).id() == waiterPid) {
                                sessions.getSelectionModel().clearAndSelect(i);
                            }
                        }
                    });
                }
                if (feature == Feature.QUERIES) {
                    workload(db);
                    robot.interact(model::refresh);
                    app.awaitRead(feature);
                    TableView<?> queries = robot.lookup("#queries-table").queryTableView();
                    robot.interact(() -> queries.getSelectionModel().clearAndSelect(0));
                }
                assertFalse(model.table().rows().isEmpty(), feature.title() + " has rows");
                BufferedImage image = snapshot(robot, "inspect-" + feature.name().toLowerCase(Locale.ROOT) + ".png");
                assertEquals((int) app.window.getScene().getWidth(), image.getWidth());
            }
            holder.rollback();
            blocked.get(30, TimeUnit.SECONDS);

            // A database where pg_stat_statements is preloaded but not created: Railway's case.
            String fresh = EmbeddedPostgres.shared().createDatabase("fresh");
            app.save("fresh", port, fresh, dev.railyard.profile.EnvironmentTag.PRODUCTION);
            app.open(robot, "fresh", Feature.QUERIES);
            app.awaitRead(Feature.QUERIES);
            assertTrue(robot.lookup("#queries-banner").query().isVisible());
            snapshot(robot, "inspect-queries-missing.png");
        } finally {
            waiterThread.shutdownNow();
            assertTrue(waiterThread.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private BufferedImage snapshot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> app.window.getScene().snapshot(null)).get(20, TimeUnit.SECONDS);
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

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
