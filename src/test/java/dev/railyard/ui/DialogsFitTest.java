package dev.railyard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every dialog fits a 1024×640 laptop screen with its buttons in view, whatever it is given to
 * say: a long error, a long list, a wide line (#17 "in every dialog"). The rule lives in
 * {@link Dialogs#fitEveryDialog()}, so it holds for dialogs written after this test too.
 */
@ExtendWith(ApplicationExtension.class)
class DialogsFitTest {

    private Stage owner;
    private final List<Alert> shown = new ArrayList<>();

    @Start
    void start(Stage stage) {
        owner = stage;
        Dialogs.fitEveryDialog();
        stage.setScene(new javafx.scene.Scene(new VBox(), 1024, 640));
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> shown.forEach(Alert::close));
    }

    private Alert show(FxRobot robot, java.util.function.Consumer<Alert> fill) {
        AtomicReference<Alert> made = new AtomicReference<>();
        robot.interact(() -> {
            Alert alert = new Alert(Alert.AlertType.WARNING);
            alert.initOwner(owner);
            alert.setHeaderText("The restore stopped");
            fill.accept(alert);
            alert.show();
            shown.add(alert);
            made.set(alert);
        });
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        return made.get();
    }

    private static List<String> problems(Alert alert) {
        List<String> problems = new ArrayList<>();
        DialogPane pane = alert.getDialogPane();
        Window window = pane.getScene().getWindow();
        pane.applyCss();
        pane.layout();
        if (window.getHeight() > 640 || window.getWidth() > 1024) {
            problems.add("the dialog is " + Math.round(window.getWidth()) + "×" + Math.round(window.getHeight()));
        }
        for (ButtonType type : pane.getButtonTypes()) {
            Node button = pane.lookupButton(type);
            Bounds b = button.localToScene(button.getBoundsInLocal());
            if (b.getMaxY() > pane.getScene().getHeight() + 0.5 || b.getMaxX() > pane.getScene().getWidth() + 0.5) {
                problems.add("the button " + type.getText() + " is outside the dialog");
            }
        }
        return problems;
    }

    @Test
    void aLongMessageScrollsInsideADialogThatFitsWithItsButtons(FxRobot robot) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 120; i++) {
            text.append("ERROR: relation \"orders_").append(i).append("\" already exists\n");
        }
        Alert alert = show(robot, a -> a.setContentText(text.toString()));
        List<String> problems = new ArrayList<>();
        robot.interact(() -> problems.addAll(problems(alert)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(alert.getDialogPane().getContent() instanceof ScrollPane, "the message scrolls");
        assertTrue(((javafx.scene.control.Label) ((ScrollPane) alert.getDialogPane().getContent()).getContent())
                .getText().contains("orders_120"), "nothing of the message is lost");
    }

    @Test
    void tallAndWideContentIsKeptOnTheScreen(FxRobot robot) {
        Alert alert = show(robot, a -> {
            VBox rows = new VBox();
            for (int i = 0; i < 80; i++) {
                rows.getChildren().add(new javafx.scene.control.Label("DROP TABLE public.a_rather_long_table_name_" + i
                        + " — and a long explanation that makes this row wider than any laptop screen could show at once"));
            }
            a.getDialogPane().setContent(rows);
        });
        List<String> problems = new ArrayList<>();
        robot.interact(() -> problems.addAll(problems(alert)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(alert.getDialogPane().getContent() instanceof ScrollPane);
    }

    @Test
    void aTextAreaShrinksInPlaceAndAShortDialogIsLeftAlone(FxRobot robot) {
        Alert log = show(robot, a -> {
            TextArea area = new TextArea("line\n".repeat(400));
            area.setPrefRowCount(60);
            a.getDialogPane().setContent(area);
        });
        List<String> problems = new ArrayList<>();
        robot.interact(() -> problems.addAll(problems(log)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(log.getDialogPane().getContent() instanceof TextArea, "a text area scrolls on its own: not wrapped");

        Alert small = show(robot, a -> a.setContentText("Nothing to prune."));
        robot.interact(() -> {
            assertTrue(problems(small).isEmpty());
            assertFalse(small.getDialogPane().getContent() instanceof ScrollPane, "a dialog that fits is not changed");
            assertEquals("Nothing to prune.", small.getDialogPane().getContentText());
        });
    }
}
