package dev.railyard.ui.plan;

import atlantafx.base.theme.Styles;
import dev.railyard.ui.Dialogs;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks for the values of a normalised statement's parameters, prefilled, showing the statement as it will run. */
public final class ParameterDialog {

    private ParameterDialog() {
    }

    /** The values, or empty when the user cancelled. */
    public static Optional<List<String>> ask(Window owner, ParameterValues values, boolean analyze) {
        return dialog(owner, values, analyze).showAndWait();
    }

    static Dialog<List<String>> dialog(Window owner, ParameterValues values, boolean analyze) {
        Dialog<List<String>> dialog = Dialogs.create(owner, "Parameter values", "plan.css", "parameter-dialog", 620);
        dialog.getDialogPane().getStylesheets().add(dev.railyard.ui.Stylesheets.of("inspect.css"));
        dialog.getDialogPane().setId("parameter-dialog");
        dialog.setHeaderText(analyze ? "EXPLAIN ANALYZE runs the statement: give a value for each parameter"
                : "This server plans a statement only with its values: give one for each parameter");
        Label help = Dialogs.wrapped("The statistics keep statements without their constants. Text is quoted for you"
                + " (a quote in it stays text); numbers, NULL, TRUE and FALSE go in as written.", 580);
        help.getStyleClass().add(Styles.TEXT_MUTED);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "$2 · ORDER BY x LIMIT …" whole, not cut
        labels.setMaxWidth(300);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        TextField first = null;
        for (int i = 0; i < values.parameters().size(); i++) {
            Label label = new Label(values.label(i));
            label.setWrapText(true);
            label.getStyleClass().add("sql-text");
            TextField field = new TextField();
            field.setId("parameter-" + (i + 1));
            field.setPromptText(values.prompt(i));
            field.textProperty().bindBidirectional(values.value(i));
            grid.addRow(i, label, field);
            first = first == null ? field : first;
        }

        Label runs = new Label("Will run:");
        runs.getStyleClass().add(Styles.TEXT_MUTED);
        TextArea preview = new TextArea();
        preview.setId("parameter-preview");
        preview.setEditable(false);
        preview.setWrapText(true);
        preview.setPrefRowCount(4);
        preview.getStyleClass().add("sql-text");
        preview.textProperty().bind(values.previewProperty());
        Label problem = new Label();
        problem.getStyleClass().add("parameter-problem");
        problem.textProperty().bind(values.problemProperty());

        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(Math.min(260, 36.0 * values.parameters().size()));
        dialog.getDialogPane().setContent(new VBox(10, help, scroll, runs, preview, problem));

        ButtonType run = new ButtonType(analyze ? "Explain analyze" : "Explain", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, run);
        dialog.getDialogPane().lookupButton(run).setId("parameter-run");
        dialog.getDialogPane().lookupButton(run).disableProperty().bind(values.completeProperty().not());
        dialog.setResultConverter(button -> button == run ? values.values() : null);
        if (first != null) {
            TextField focus = first;
            Platform.runLater(focus::requestFocus);
        }
        return dialog;
    }
}
