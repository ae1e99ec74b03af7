package dev.railyard.ui;

import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** What Railyard's small dialogs (profile, migration confirmations) are made of. */
public final class Dialogs {

    private Dialogs() {
    }

    /** An empty dialog with its title, stylesheet and style class, owned by {@code owner} when there is one. */
    public static <T> Dialog<T> create(Window owner, String title, String stylesheet, String styleClass, double width) {
        Dialog<T> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.getDialogPane().getStylesheets().add(Stylesheets.of(stylesheet));
        dialog.getDialogPane().getStyleClass().add(styleClass);
        dialog.getDialogPane().setPrefWidth(width);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        return dialog;
    }

    /** A label that wraps its text at {@code maxWidth}. */
    public static Label wrapped(String text, double maxWidth) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(maxWidth);
        return label;
    }
}
