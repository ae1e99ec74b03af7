package dev.railyard.ui.backup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SslMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The restore dialog on a 1024×640 laptop screen: it fits, the new database's name is readable
 * whole in its field, and no label or choice that tells databases and profiles apart is cut
 * (#17 "A window that fits": "the database-name field of the restore dialog ... cut").
 */
class RestoreDialogFitTest extends BackupsTabTestBase {

    @org.testfx.framework.junit5.Start
    void start(javafx.stage.Stage stage) {
        open(stage);
    }

    @Test
    void restoreDialogFitsALaptopAndShowsTheWholeDatabaseName(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(640);
        });
        selectShop(robot, null);
        robot.interact(() -> model.backUpNow("nightly"));
        waitUntil(() -> model.backups().size() == 1);
        rig.profiles.save(new ConnectionProfile("shop-production-eu-west-replica", Dialect.POSTGRESQL, "shop.internal", 5432,
                "shop_production_orders", "postgres", SslMode.REQUIRE, null, EnvironmentTag.PRODUCTION, null, null, null, null, null, 0));

        AtomicReference<RestoreDialog> dialog = new AtomicReference<>();
        robot.interact(() -> {
            RestoreDialog d = new RestoreDialog(model, model.backups().get(0), Instant.now());
            d.initOwner(stage);
            d.show();
            dialog.set(d);
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> problems = new ArrayList<>();
        robot.interact(() -> check(dialog.get().getDialogPane(), problems));
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<ConnectionProfile> target = (ComboBox<ConnectionProfile>) dialog.get().getDialogPane().lookup("#restore-target");
            target.getItems().stream().filter(p -> p.environment() == EnvironmentTag.PRODUCTION).findFirst().ifPresent(target::setValue);
            ((RadioButton) dialog.get().getDialogPane().lookup("#restore-into-existing")).setSelected(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> check(dialog.get().getDialogPane(), problems));
        robot.interact(() -> dialog.get().close());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void check(Parent pane, List<String> problems) {
        pane.applyCss();
        pane.layout();
        Window window = pane.getScene().getWindow();
        if (window.getWidth() > 1024.5 || window.getHeight() > 640.5) {
            problems.add("the dialog is " + Math.round(window.getWidth()) + "×" + Math.round(window.getHeight()) + ", larger than the screen");
        }
        TextField name = (TextField) pane.lookup("#restore-new-name");
        Text probe = new Text(name.getText());
        probe.setFont(name.getFont());
        Insets in = name.getPadding();
        double room = name.getWidth() - in.getLeft() - in.getRight();
        if (name.isVisible() && probe.getLayoutBounds().getWidth() > room + 0.5) {
            problems.add("the new database's name “" + name.getText() + "” needs " + Math.round(probe.getLayoutBounds().getWidth())
                    + " px, its field shows " + Math.round(room));
        }
        collect(pane, pane, problems);
    }

    private static void collect(Node root, Node node, List<String> problems) {
        if (!node.isVisible() || node instanceof javafx.scene.control.TextArea) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isBlank() && !labeled.isWrapText()) {
            // A cut label shows its text with an ellipsis in its skin's Text node.
            for (Node shown : labeled.lookupAll(".text")) {
                if (shown instanceof Text text && text.getParent() == labeled && !text.getText().equals(labeled.getText())) {
                    problems.add("“" + labeled.getText() + "” shows as “" + text.getText() + "”");
                }
            }
            Bounds b = labeled.localToScene(labeled.getBoundsInLocal());
            if (b.getMaxX() > root.getScene().getWidth() + 0.5) {
                problems.add("“" + labeled.getText() + "” is outside the dialog");
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(root, child, problems);
            }
        }
    }
}
