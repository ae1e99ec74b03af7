package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.SessionRow;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.sandbox.Sandbox;
import dev.railyard.task.JobSpec;
import dev.railyard.ui.shell.Feature;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the five inspect tabs over the real sandbox (the demo shop a newcomer starts
 * from), for people to look at: written to target/ui-snapshots/inspect-TAB.png (or
 * -Drailyard.snapshotDir). The Activity picture has a session blocked by another. The test
 * checks each tab filled its table before its picture was taken.
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
    private Sandbox sandbox;

    @Start
    void start(Stage stage) {
        app = new InspectWindow(stage, 1400, 900);
        sandbox = new Sandbox(app.rig.home, app.rig.profiles);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            sandbox.stop();
        } finally {
            app.close();
        }
    }

    private static Path folder() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("railyard.snapshotDir", "target/ui-snapshots")));
    }

    @Test
    void everyTabOverTheSandbox(FxRobot robot) throws Exception {
        ConnectionProfile profile = (ConnectionProfile) app.rig.runner
                .submit(JobSpec.writing("Start the sandbox", Sandbox.PROFILE), sandbox::start)
                .result().get(5, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.shell.profileFor(Sandbox.PROFILE).isPresent());
        // The sandbox's start opened the task panel; a DBA closes it to look at the tabs.
        robot.interact(() -> app.shell.taskPanelOpenProperty().set(false));
        String url = "jdbc:postgresql://127.0.0.1:" + profile.port() + "/" + Sandbox.DATABASE;

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
            try (Connection admin = DriverManager.getConnection(url, "postgres", ""); Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE fresh");
            }
            app.save("fresh", profile.port(), "fresh", dev.railyard.profile.EnvironmentTag.PRODUCTION);
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
