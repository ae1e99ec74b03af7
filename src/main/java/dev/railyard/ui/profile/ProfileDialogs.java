package dev.railyard.ui.profile;

import atlantafx.base.theme.Styles;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.Dialogs;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The small questions around profiles: master password, a connection's password, delete. */
public final class ProfileDialogs {

    public static final String PROBLEM = "dialog-problem";

    private ProfileDialogs() {
    }

    /** Asks for the vault's master password (twice when creating); empty when cancelled. */
    public static Dialog<char[]> vaultPassword(Window owner, boolean creating, String problem) {
        Dialog<char[]> dialog = dialog(owner, creating ? "Create the vault" : "Unlock the vault");
        dialog.setHeaderText(creating
                ? "Choose a master password for Railyard's vault"
                : "Railyard's vault is locked");
        Label lead = wrapped(creating
                ? "Saved connection passwords are kept encrypted with this password. Railyard asks for it once per session. "
                + "It cannot be recovered: if you forget it, the saved passwords are lost."
                : "Type the master password to read the saved connection passwords. Railyard remembers it until it closes.");
        PasswordField password = new PasswordField();
        password.setId("vault-password");
        password.setPromptText("Master password");
        PasswordField repeat = new PasswordField();
        repeat.setId("vault-password-repeat");
        repeat.setPromptText("Repeat the master password");
        Label mismatch = problemLabel("");
        mismatch.setId("vault-password-mismatch");
        Label error = problemLabel(problem);
        error.setId("vault-problem");

        VBox content = new VBox(10, lead, password);
        if (creating) {
            content.getChildren().add(repeat);
            mismatch.textProperty().bind(Bindings.createStringBinding(
                    () -> !repeat.getText().isEmpty() && !repeat.getText().equals(password.getText())
                            ? "The two passwords differ" : "",
                    password.textProperty(), repeat.textProperty()));
            content.getChildren().add(mismatch);
        }
        content.getChildren().add(error);
        dialog.getDialogPane().setContent(content);

        ButtonType ok = new ButtonType(creating ? "Create vault" : "Unlock", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ok);
        BooleanBinding invalid = password.textProperty().isEmpty();
        if (creating) {
            invalid = invalid.or(Bindings.notEqual(password.textProperty(), repeat.textProperty()));
        }
        dialog.getDialogPane().lookupButton(ok).disableProperty().bind(invalid);
        dialog.setResultConverter(button -> button == ok ? password.getText().toCharArray() : null);
        Platform.runLater(password::requestFocus);
        return dialog;
    }

    /** Asks for the password of an "ask every time" profile; kept in memory for the session. */
    public static Dialog<String> connectionPassword(Window owner, ConnectionProfile profile, String problem) {
        Dialog<String> dialog = dialog(owner, "Password for " + profile.name());
        dialog.setHeaderText("Password for " + profile.name());
        Label where = wrapped(profile.dialect().displayName() + " · " + profile.address());
        where.getStyleClass().add(Styles.TEXT_MUTED);
        Label lead = wrapped("This connection's password is not saved. Railyard keeps what you type in memory until it closes.");
        PasswordField password = new PasswordField();
        password.setId("connection-password");
        password.setPromptText("Password");
        Label error = problemLabel(problem);
        error.setId("connection-password-problem");
        dialog.getDialogPane().setContent(new VBox(10, where, lead, password, error));

        ButtonType ok = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ok);
        dialog.setResultConverter(button -> button == ok ? password.getText() : null);
        Platform.runLater(password::requestFocus);
        return dialog;
    }

    /**
     * Asks before deleting a profile. For production the user types the profile's name, so a
     * tired click on the wrong entry cannot remove it.
     */
    public static Dialog<Boolean> confirmDelete(Window owner, ConnectionProfile profile, String secretWhere) {
        Dialog<Boolean> dialog = dialog(owner, "Delete connection");
        boolean production = profile.environment().isProduction();
        dialog.setHeaderText("Delete the " + (production ? "PRODUCTION " : "") + "connection '" + profile.name() + "'?");
        Label what = wrapped("Railyard forgets this connection (" + profile.dialect().displayName() + " · "
                + profile.address() + ") and its saved password (" + secretWhere + "). "
                + "The database itself is not touched, and backups already taken stay where they are.");
        VBox content = new VBox(10, what);
        TextField typed = new TextField();
        typed.setId("delete-confirm-name");
        if (production) {
            Label ask = wrapped("This is a production connection. Type its name to confirm: " + profile.name());
            ask.getStyleClass().add(Styles.DANGER);
            typed.setPromptText(profile.name());
            content.getChildren().addAll(ask, typed);
            Platform.runLater(typed::requestFocus);
        }
        dialog.getDialogPane().setContent(content);
        // Enter must not delete by accident: Cancel stays the default.
        ButtonType delete = dev.railyard.ui.DangerButtons.install(dialog, "Delete", "delete-confirm", true,
                production ? typed.textProperty().isEqualTo(profile.name()) : null);
        dialog.setResultConverter(button -> button == delete);
        return dialog;
    }

    private static <T> Dialog<T> dialog(Window owner, String title) {
        return Dialogs.create(owner, title, "profile-editor.css", "profile-dialog", 480);
    }

    private static Label wrapped(String text) {
        return Dialogs.wrapped(text, 440);
    }

    private static Label problemLabel(String text) {
        Label label = wrapped(text == null ? "" : text);
        label.getStyleClass().addAll(PROBLEM, Styles.DANGER);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
