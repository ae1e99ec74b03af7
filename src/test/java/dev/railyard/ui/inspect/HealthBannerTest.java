package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.ServerHealth;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.ui.shell.Feature;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window tells a server that stopped answering, on every tab, and recovers by itself (#17 "Health you can see"). */
@ExtendWith(ApplicationExtension.class)
class HealthBannerTest {

    private InspectWindow app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new InspectWindow(stage, 1024, 640);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private static void waitFor(long seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ServerHealth health(String name) {
        return app.shell.health().get(name);
    }

    @Test
    void aProfileDownFromTheStartShowsItsStateInTheSidebarToo(FxRobot robot) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        app.save("never-up", port, "postgres", EnvironmentTag.DEVELOPMENT);
        app.open(robot, "never-up", Feature.OVERVIEW);
        waitFor(15, () -> health("never-up") != null);
        assertEquals(ServerHealth.State.DOWN, health("never-up").state());
        Label state = robot.lookup("#profile-health-never-up").queryAs(Label.class);
        assertTrue(state.isVisible(), "the sidebar shows the state of a profile that never answered");
        assertTrue(state.getStyleClass().contains("health-down"), state.getStyleClass().toString());
        assertTrue(state.getText().startsWith("Down"), state.getText());
    }

    @Test
    void aStoppedServerShowsABannerOnEveryTabWithinFiveSecondsAndARedSidebarState(FxRobot robot) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.startNew(EmbeddedPostgres.DEFAULT_MAJOR);
        try {
            app.save("doomed", server.port(), "postgres", EnvironmentTag.DEVELOPMENT);
            app.open(robot, "doomed", Feature.OVERVIEW);
            app.awaitRead(Feature.OVERVIEW);
            waitFor(10, () -> health("doomed") != null && health("doomed").answers());
            Label state = robot.lookup("#profile-health-doomed").queryAs(Label.class);
            assertTrue(state.isVisible() && state.getText().startsWith("Up · "), state.getText());
            assertTrue(state.getStyleClass().contains("health-up"));
            Instant dataTime = app.inspect.model(Feature.OVERVIEW).readAtProperty().get();
            assertNotNull(dataTime);
            assertFalse(robot.lookup("#unreachable-banner").query().isVisible());

            long stopped = System.nanoTime();
            server.close();
            waitFor(5, () -> robot.lookup("#unreachable-banner").query().isVisible());
            long millis = (System.nanoTime() - stopped) / 1_000_000;
            assertTrue(millis <= 5_000, "banner after " + millis + " ms");

            for (Feature feature : Feature.values()) {
                robot.interact(() -> app.window.show(feature));
                WaitForAsyncUtils.waitForFxEvents();
                javafx.scene.Node banner = robot.lookup("#unreachable-banner").query();
                String title = robot.lookup("#unreachable-title").queryAs(Label.class).getText();
                assertTrue(banner.isVisible(), feature + " shows the banner");
                assertTrue(insideWindow(banner), feature + ": the banner is inside the window");
                assertTrue(title.startsWith("Not reachable since "), title);
                if (feature == Feature.OVERVIEW) {
                    String from = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                            .format(dataTime.atZone(java.time.ZoneId.systemDefault()));
                    assertTrue(title.endsWith("the data below is from " + from), title);
                }
            }
            assertEquals(ServerHealth.State.DOWN, health("doomed").state());
            assertTrue(state.getStyleClass().contains("health-down"), state.getStyleClass().toString());
            assertTrue(state.getText().startsWith("Down · last answer "), state.getText());
            assertEquals("Latency no answer", robot.lookup("#status-latency").queryAs(Label.class).getText());
        } finally {
            try {
                server.close();
            } catch (RuntimeException already) {
                // stopped by the test
            }
        }
    }

    @Test
    void whenTheServerAnswersAgainTheBannerGoesAndTheTabReadsAgain(FxRobot robot) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        try (LatencyProxy proxy = new LatencyProxy(server.port(), Duration.ZERO)) {
            ConnectionProfile profile = app.save("stalls", proxy.port(), "postgres", EnvironmentTag.DEVELOPMENT);
            app.open(robot, "stalls", Feature.TABLES);
            app.awaitRead(Feature.TABLES);
            waitFor(10, () -> health("stalls") != null && health("stalls").answers());

            proxy.pause(); // a server that stops answering without closing anything
            robot.interact(() -> app.connection.health().trouble(profile));
            waitFor(15, () -> robot.lookup("#unreachable-banner").query().isVisible());
            Instant before = app.inspect.model(Feature.TABLES).readAtProperty().get();
            assertEquals(ServerHealth.State.DOWN, health("stalls").state());

            proxy.resume();
            waitFor(30, () -> !robot.lookup("#unreachable-banner").query().isVisible());
            assertTrue(health("stalls").answers());
            waitFor(15, () -> {
                Instant now = app.inspect.model(Feature.TABLES).readAtProperty().get();
                return now != null && now.isAfter(before);
            });
            assertTrue(robot.lookup("#profile-health-stalls").queryAs(Label.class).getStyleClass().contains("health-up"));
        }
    }

    private boolean insideWindow(Node node) {
        Bounds b = node.localToScene(node.getBoundsInLocal());
        return b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= stage.getScene().getWidth() + 0.5
                && b.getMaxY() <= stage.getScene().getHeight() + 0.5 && b.getWidth() > 0;
    }
}
