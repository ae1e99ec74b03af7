package dev.railyard.ui.shell;

import dev.railyard.ui.Stylesheets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The shell's small dialogs: about, shortcuts, "coming", and the question before quitting. */
public final class ShellDialogs {

    public static final String SHORTCUT_KEYS = "shortcut-keys";

    private ShellDialogs() {
    }

    public static void about(Window owner, String homeFolder) {
        String version = ShellDialogs.class.getPackage().getImplementationVersion();
        Alert alert = alert(owner, Alert.AlertType.INFORMATION, "About Railyard");
        alert.setHeaderText("Railyard " + (version == null ? "(development build)" : version));
        alert.setContentText("A desktop DBA console for PostgreSQL and MySQL databases on Railway.\n\n"
                + "Settings, profiles and job history: " + homeFolder + "\n"
                + "Java " + System.getProperty("java.version") + " · JavaFX " + System.getProperty("javafx.runtime.version", "?"));
        alert.show();
    }

    /** Keys on the left, what they do on the right. */
    public static GridPane shortcutGrid() {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        int row = 0;
        for (Shortcut shortcut : Shortcut.values()) {
            Label keys = new Label(shortcut.display());
            keys.getStyleClass().add(SHORTCUT_KEYS);
            grid.addRow(row++, keys, new Label(shortcut.action()));
        }
        return grid;
    }

    public static void shortcuts(Window owner) {
        GridPane grid = shortcutGrid();
        Alert alert = alert(owner, Alert.AlertType.INFORMATION, "Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.show();
    }

    /** For actions whose dialog is not written yet. */
    public static void coming(Window owner, String what, String explanation) {
        Alert alert = alert(owner, Alert.AlertType.INFORMATION, what);
        alert.setHeaderText(what + " is coming");
        alert.setContentText(explanation);
        alert.show();
    }

    /** The active connection's problem in full; true when the user wants to try again. */
    public static boolean connectionProblem(Window owner, String profileName, dev.railyard.ui.ProblemText problem) {
        ButtonType retry = new ButtonType("Try again", ButtonBar.ButtonData.OK_DONE);
        Alert alert = alert(owner, Alert.AlertType.ERROR, "Cannot connect to " + profileName);
        alert.setHeaderText(problem.title() + ": " + profileName);
        alert.setContentText(problem.summary() + (problem.fix().isEmpty() ? "" : "\n\nWhat to do: " + problem.fix()));
        alert.getButtonTypes().setAll(ButtonType.CLOSE, retry);
        return alert.showAndWait().filter(retry::equals).isPresent();
    }

    /** Asks before quitting while jobs write; true when the user chose to quit. */
    public static boolean confirmQuit(Window owner, String warning) {
        ButtonType quit = new ButtonType("Cancel jobs and quit", ButtonBar.ButtonData.OK_DONE);
        ButtonType stay = new ButtonType("Keep running", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = alert(owner, Alert.AlertType.WARNING, "Jobs are still running");
        alert.setHeaderText("Jobs are still writing to your databases");
        alert.setContentText(warning);
        alert.getButtonTypes().setAll(stay, quit);
        // Staying is the safe answer, so Enter keeps the jobs running.
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(stay)).setDefaultButton(true);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(quit)).setDefaultButton(false);
        return alert.showAndWait().filter(quit::equals).isPresent();
    }

    private static Alert alert(Window owner, Alert.AlertType type, String title) {
        Alert alert = new Alert(type);
        alert.setTitle(title);
        alert.getDialogPane().getStylesheets().add(Stylesheets.of("shell.css"));
        if (owner != null) {
            alert.initOwner(owner);
        }
        return alert;
    }
}
