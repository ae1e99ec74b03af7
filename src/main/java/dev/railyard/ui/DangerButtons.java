package dev.railyard.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;

/**
 * The button that carries out an action in a confirmation dialog. Cancel stays the default, so
 * Enter never confirms by accident; a dangerous action is red; and the action stays off until
 * {@code allowed} holds (for a production database: its name typed back).
 */
public final class DangerButtons {

    private DangerButtons() {
    }

    /**
     * Sets the dialog's buttons to Cancel and the action, and returns the action's button type.
     *
     * @param id      the action button's node id (tests look it up)
     * @param allowed when the action may run; null for always
     */
    public static ButtonType install(Dialog<?> dialog, String text, String id, boolean danger, ObservableBooleanValue allowed) {
        ButtonType action = new ButtonType(text, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, action);
        Button button = (Button) dialog.getDialogPane().lookupButton(action);
        button.setId(id);
        if (danger) {
            button.getStyleClass().add(Styles.DANGER);
        }
        button.setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (allowed != null) {
            button.disableProperty().bind(Bindings.not(allowed));
        }
        return action;
    }
}
