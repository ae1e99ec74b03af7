package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.UiRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The whole window as the app builds it, on a laptop's screen: every tab's actions are on screen
 * and whole (none behind an overflow menu, none cut), and the labels that tell profiles and
 * environments apart keep their width (#17 "A window that fits").
 */
@ExtendWith(ApplicationExtension.class)
class WindowFitTest {

    private Stage stage;
    private FullWindow app;
    private UiRig rig;
    private ShellModel shell;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new FullWindow(stage);
        rig = app.rig;
        shell = app.shell;
        window = app.window;
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void everyTabsActionsAreWholeAndInsideTheWindowAt1024x640(FxRobot robot) throws Exception {
        assertFits(robot, 1024, 640);
    }

    @Test
    void everyTabsActionsAreWholeAndInsideTheWindowAt1280x720(FxRobot robot) throws Exception {
        assertFits(robot, 1280, 720);
    }

    private void assertFits(FxRobot robot, double width, double height) throws Exception {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        Path folder = Files.createDirectories(rig.folder.resolve("migrations"));
        Files.writeString(folder.resolve("V1__orders.sql"), "create table fit_orders (id bigint primary key);\n");
        String name = "shop-production-eu-west-replica";
        rig.profiles.save(new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", EmbeddedPostgres.shared().port(),
                "postgres", "postgres", SslMode.DISABLE, null, EnvironmentTag.PRODUCTION, null, null,
                new MigrationSettings(List.of(folder.toString()), List.of("app"), null, Map.of(), null), null, null, 0));
        // Read on the FX thread, which changes the list (read here, it failed with a ConcurrentModificationException).
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> shell.profileFor(name).isPresent()).get());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> shell.select(shell.profileFor(name).orElseThrow()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !ActiveConnection.CONNECTING.equals(shell.serverVersionProperty().get()));

        List<String> problems = new ArrayList<>();
        for (Feature feature : Feature.values()) {
            robot.interact(() -> window.show(feature));
            WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            Node content = robot.lookup("#feature-tabs").queryAs(javafx.scene.control.TabPane.class)
                    .getSelectionModel().getSelectedItem().getContent();
            for (Control control : actions(content)) {
                check(feature.title(), control, width, height, problems);
            }
            // Column headers name what a column holds; one cut to "Plann…" leaves the reader guessing.
            for (Node header : content.lookupAll(".column-header")) {
                if (header.isVisible() && header.getScene() != null
                        && header.lookup(".label") instanceof Label label && label.getText() != null) {
                    for (Node shown : label.lookupAll(".text")) {
                        if (shown instanceof javafx.scene.text.Text text && text.getParent() == label
                                && !text.getText().equals(label.getText())) {
                            problems.add(feature.title() + ": the column header “" + label.getText() + "” shows as “"
                                    + text.getText() + "”");
                        }
                    }
                }
            }
            robot.lookup(".tool-bar-overflow-button").queryAll().stream().filter(Node::isVisible)
                    .forEach(n -> problems.add(feature.title() + ": an action is hidden behind an overflow menu"));
        }
        for (Control control : actions(robot.lookup("#tool-bar").query())) {
            check("tool bar", control, width, height, problems);
        }
        for (String id : List.of("#status-environment", "#status-server", "#status-latency", "#status-jobs")) {
            check("status bar", robot.lookup(id).queryAs(Control.class), width, height, problems);
        }
        Label pill = robot.lookup("#active-profile-bar .env-pill").queryAs(Label.class);
        check("profile bar", pill, width, height, problems);
        assertTrue(problems.isEmpty(), "At " + (int) width + "×" + (int) height + ":\n" + String.join("\n", problems));
    }

    /** The visible buttons, choices and fields of a tab, outside tables and lists (whose rows scroll). */
    private static List<Control> actions(Node root) {
        List<Control> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(Node node, List<Control> found) {
        if (!node.isVisible() || node instanceof TableView || node instanceof TreeTableView || node instanceof ListView
                || node instanceof TreeView || node instanceof javafx.scene.control.ScrollPane
                || node instanceof javafx.scene.control.TextArea) {
            return;
        }
        if (node instanceof ButtonBase || node instanceof ChoiceBox || node instanceof ComboBox || node instanceof TextField) {
            found.add((Control) node);
            return;
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, found);
            }
        }
    }

    private static void check(String where, Control control, double width, double height, List<String> problems) {
        if (!control.isVisible() || control.getScene() == null) {
            return;
        }
        Bounds b = control.localToScene(control.getBoundsInLocal());
        String what = where + ": " + describe(control);
        if (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > control.getScene().getWidth() + 0.5
                || b.getMaxY() > control.getScene().getHeight() + 0.5) {
            problems.add(what + " is outside the window (" + b + ")");
        }
        double wanted = control.prefWidth(-1);
        if (!(control instanceof TextField) && control.getWidth() + 0.5 < wanted) {
            problems.add(what + " is cut: " + Math.round(control.getWidth()) + " of " + Math.round(wanted) + " px");
        }
    }

    private static String describe(Control control) {
        String text = control instanceof javafx.scene.control.Labeled labeled && labeled.getText() != null
                ? "“" + labeled.getText() + "”" : control.getClass().getSimpleName();
        return (control.getId() == null ? "" : "#" + control.getId() + " ") + text;
    }
}
