package dev.railyard.ui;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The questions the inspect tabs ask before they change anything on the server. */
public final class ConfirmationDialogs {

    private ConfirmationDialogs() {
    }

    /**
     * Asks {@code question}; true only when the user pressed the action button. Cancel is the
     * default button, so Enter never confirms by accident; where the confirmation wants a typed
     * word, the action button stays disabled until it is typed.
     */
    public static boolean confirm(Window owner, Confirmation question) {
        return ask(owner, question).isPresent();
    }

    /** As {@link #confirm}, giving what was typed ("" when nothing was asked); empty when not confirmed. */
    public static java.util.Optional<String> ask(Window owner, Confirmation question) {
        return dialog(owner, question).showAndWait();
    }

    static Dialog<String> dialog(Window owner, Confirmation question) {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle(question.title());
        dialog.setHeaderText(question.header());
        dialog.getDialogPane().getStylesheets().add(Stylesheets.of("inspect.css"));
        dialog.getDialogPane().getStyleClass().add("inspect-dialog");
        dialog.getDialogPane().setId("inspect-confirm");
        dialog.getDialogPane().setPrefWidth(560);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        Label body = new Label(question.body());
        body.setWrapText(true);
        body.setMaxWidth(520);
        VBox content = new VBox(10, body);
        if (question.statement() != null && !question.statement().isBlank()) {
            Label runs = new Label("Railyard will run:");
            runs.getStyleClass().add(Styles.TEXT_MUTED);
            TextArea statement = new TextArea(question.statement());
            statement.setId("inspect-confirm-statement");
            statement.setEditable(false);
            statement.setWrapText(true);
            statement.getStyleClass().add("sql-text");
            statement.setPrefRowCount((int) Math.min(6, question.statement().lines().count() + 1));
            content.getChildren().addAll(runs, statement);
        }
        TextField typed = new TextField();
        typed.setId("inspect-confirm-typed");
        if (question.typeToConfirm() != null) {
            Label ask = new Label("Type " + question.typeToConfirm() + " to confirm:");
            ask.getStyleClass().add(Styles.DANGER);
            typed.setPromptText(question.typeToConfirm());
            content.getChildren().addAll(ask, typed);
            Platform.runLater(typed::requestFocus);
        }
        dialog.getDialogPane().setContent(content);

        ButtonType act = dev.railyard.ui.DangerButtons.install(dialog, question.action(), "inspect-confirm-action",
                question.danger(), javafx.beans.binding.Bindings.createBooleanBinding(
                        () -> question.accepts(typed.getText()), typed.textProperty()));
        dialog.setResultConverter(button -> button == act ? typed.getText().strip() : null);
        return dialog;
    }
}
