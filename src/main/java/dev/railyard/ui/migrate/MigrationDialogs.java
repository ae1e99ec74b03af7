package dev.railyard.ui.migrate;

import atlantafx.base.theme.Styles;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.Dialogs;
import dev.railyard.ui.Icons;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The questions before a migration action: the typed database name on production (with the
 * "back up first" option, not available yet), what repair and baseline do, the baseline version,
 * and the folders Flyway reads.
 */
public final class MigrationDialogs {

    public static final String BACKUP_FIRST_TEXT = "Back up first — available once backups land";

    /** What baseline asks for. */
    public record BaselineRequest(String version, String description, String typed) {
    }

    private MigrationDialogs() {
    }

    /**
     * Before migrating a production database: what will run, "back up first" (disabled until the
     * backup engine lands) and the database name typed back.
     *
     * @return the typed name; empty when cancelled
     */
    public static Dialog<String> confirmProductionMigrate(Window owner, ConnectionProfile profile, String word, long pending,
                                                          String target) {
        return confirmProductionMigrate(owner, profile, word, pending, target, null);
    }

    /** Back up first, when backups are wired. */
    public static final String BACKUP_FIRST_AVAILABLE = "Back up first: verify the backup, then migrate; if the migration fails,"
            + " the backup is offered for a restore";

    /**
     * As above; with {@code backUpFirst} non-null the "back up first" box is enabled and bound to it.
     */
    public static Dialog<String> confirmProductionMigrate(Window owner, ConnectionProfile profile, String word, long pending,
                                                          String target, javafx.beans.property.BooleanProperty backUpFirst) {
        Dialog<String> dialog = dialog(owner, "Migrate production");
        dialog.setHeaderText("Migrate the PRODUCTION database " + word + "?");
        String what = target == null || target.isBlank()
                ? (pending < 0 ? "the pending migrations" : pending + (pending == 1 ? " pending migration" : " pending migrations"))
                : "the pending migrations up to version " + target.strip();
        Label lead = wrapped("This applies " + what + " to " + profile.address() + " (connection " + profile.name() + "). "
                + "Each migration is committed as it finishes; progress shows in the task panel.");
        CheckBox backup = new CheckBox(backUpFirst == null ? BACKUP_FIRST_TEXT : BACKUP_FIRST_AVAILABLE);
        backup.setId("backup-first");
        backup.setWrapText(true);
        if (backUpFirst == null) {
            backup.setDisable(true);
        } else if (pending < 0) {
            // Asked by "Back up, then migrate" itself: the backup is not optional there.
            backup.setSelected(true);
            backup.setDisable(true);
        } else {
            backup.selectedProperty().bindBidirectional(backUpFirst);
        }
        TextField typed = new TextField();
        VBox content = new VBox(10, lead, backup);
        content.getChildren().addAll(typeToConfirm(word, typed));
        dialog.getDialogPane().setContent(content);
        ButtonType go = dangerButton(dialog, "Migrate production", typed, word);
        dialog.setResultConverter(button -> button == go ? typed.getText().strip() : null);
        return dialog;
    }

    /**
     * Before repair: what it changes (the history table only). On production the name is typed back.
     *
     * @return the typed name ("" when not production); empty when cancelled
     */
    public static Dialog<String> confirmRepair(Window owner, ConnectionProfile profile, String word, boolean production,
                                               String historyTable) {
        Dialog<String> dialog = dialog(owner, "Repair Flyway's history");
        dialog.setHeaderText("Repair the migration history of " + (production ? "the PRODUCTION database " : "") + word + "?");
        Label lead = wrapped("Repair changes only Flyway's history table (" + historyTable + "): it removes the rows of failed"
                + " migrations, realigns checksums with the files as they are now, and marks applied migrations whose files"
                + " are gone as deleted. Your tables and data are not touched.\n\n"
                + "Use it after fixing a failed script, or to accept a file that was edited after it ran.");
        TextField typed = new TextField();
        VBox content = new VBox(10, lead);
        if (production) {
            content.getChildren().addAll(typeToConfirm(word, typed));
        }
        dialog.getDialogPane().setContent(content);
        ButtonType go = dangerButton(dialog, "Repair", production ? typed : null, word);
        dialog.setResultConverter(button -> button == go ? typed.getText().strip() : null);
        return dialog;
    }

    /** Asks the baseline version and description; on production the name is typed back too. */
    public static Dialog<BaselineRequest> baseline(Window owner, ConnectionProfile profile, String word, boolean production,
                                                   String historyTable) {
        Dialog<BaselineRequest> dialog = dialog(owner, "Baseline");
        dialog.setHeaderText("Baseline " + (production ? "the PRODUCTION database " : "") + word);
        Label lead = wrapped("Baseline tells Flyway that the database already matches the scripts up to a version: it writes"
                + " a baseline row in " + historyTable + ", and Migrate then runs only the later scripts. Use it on a"
                + " database whose tables were made before Flyway, or by another tool. Nothing else changes.");
        TextField version = new TextField("1");
        version.setId("baseline-version");
        version.setPromptText("1");
        TextField description = new TextField("Baseline");
        description.setId("baseline-description");
        GridPane fields = new GridPane();
        fields.setHgap(10);
        fields.setVgap(8);
        fields.addRow(0, new Label("Version"), version);
        fields.addRow(1, new Label("Description"), description);
        GridPane.setHgrow(version, Priority.ALWAYS);
        TextField typed = new TextField();
        VBox content = new VBox(12, lead, fields);
        if (production) {
            content.getChildren().addAll(typeToConfirm(word, typed));
        }
        dialog.getDialogPane().setContent(content);
        ButtonType go = new ButtonType("Baseline", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, go);
        Node button = dialog.getDialogPane().lookupButton(go);
        button.setId("confirm-action");
        BooleanBinding invalid = Bindings.createBooleanBinding(() -> !version.getText().strip().matches("[vV]?\\d+(\\.\\d+)*"),
                version.textProperty());
        if (production) {
            invalid = invalid.or(typed.textProperty().isNotEqualTo(word));
        }
        button.disableProperty().bind(invalid);
        dialog.setResultConverter(b -> b == go
                ? new BaselineRequest(version.getText().strip(), description.getText().strip(), typed.getText().strip())
                : null);
        Platform.runLater(version::requestFocus);
        return dialog;
    }

    /** The folders Flyway reads for this connection: add with a folder chooser, type a classpath: location, remove. */
    public static Dialog<List<String>> editLocations(Window owner, ConnectionProfile profile, List<String> current) {
        Dialog<List<String>> dialog = dialog(owner, "Migration locations");
        dialog.setHeaderText("Where are the migrations of " + profile.name() + "?");
        Label lead = wrapped("Folders of Flyway scripts on this computer: V1__create_orders.sql for versioned migrations,"
                + " R__views.sql for repeatable ones. Railyard reads them in order, with those of every folder listed.");
        ObservableList<String> items = FXCollections.observableArrayList(current);
        ListView<String> list = new ListView<>(items);
        list.setId("locations-list");
        list.setPrefHeight(140);
        list.setPlaceholder(new Label("No folder yet: add one below."));

        Button add = new Button("Add folder…", Icons.icon(Feather.FOLDER_PLUS));
        add.setId("add-location");
        add.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Choose a folder of migration scripts");
            startIn(items).ifPresent(chooser::setInitialDirectory);
            File folder = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (folder != null && !items.contains(folder.getAbsolutePath())) {
                items.add(folder.getAbsolutePath());
            }
        });
        Button remove = new Button("Remove", Icons.icon(Feather.MINUS));
        remove.setId("remove-location");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> items.remove(list.getSelectionModel().getSelectedItem()));

        TextField typed = new TextField();
        typed.setId("typed-location");
        typed.setPromptText("/path/to/db/migration or classpath:db/migration");
        Button addTyped = new Button("Add");
        addTyped.setId("add-typed-location");
        addTyped.disableProperty().bind(Bindings.createBooleanBinding(() -> typed.getText().isBlank(), typed.textProperty()));
        addTyped.setOnAction(e -> {
            String location = typed.getText().strip();
            if (!items.contains(location)) {
                items.add(location);
            }
            typed.clear();
        });
        HBox.setHgrow(typed, Priority.ALWAYS);
        HBox buttons = new HBox(8, add, remove);
        HBox typing = new HBox(8, typed, addTyped);
        dialog.getDialogPane().setContent(new VBox(10, lead, list, buttons, typing));

        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, save);
        dialog.getDialogPane().lookupButton(save).setId("save-locations");
        dialog.setResultConverter(b -> b == save ? List.copyOf(items) : null);
        return dialog;
    }

    /** The chooser opens at the last folder listed, when it still exists. */
    private static Optional<File> startIn(List<String> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            String location = items.get(i);
            if (location.startsWith("classpath:")) {
                continue;
            }
            Path path = Path.of(location.replaceFirst("^filesystem:", ""));
            if (Files.isDirectory(path)) {
                return Optional.of(path.toFile());
            }
        }
        return Optional.empty();
    }

    private static List<Node> typeToConfirm(String word, TextField typed) {
        Label ask = wrapped("This is a production database. Type its name to confirm: " + word);
        ask.getStyleClass().add(Styles.DANGER);
        typed.setId("confirm-database");
        typed.setPromptText(word);
        Platform.runLater(typed::requestFocus);
        return List.of(ask, typed);
    }

    /** The action's button in red, off until the name is typed (when asked), and not the default: Enter cancels. */
    private static ButtonType dangerButton(Dialog<?> dialog, String text, TextField typed, String word) {
        return dev.railyard.ui.DangerButtons.install(dialog, text, "confirm-action", true, typed == null ? null
                : Bindings.createBooleanBinding(() -> typed.getText().strip().equals(word), typed.textProperty()));
    }

    private static <T> Dialog<T> dialog(Window owner, String title) {
        return Dialogs.create(owner, title, "migrations.css", "migration-dialog", 520);
    }

    private static Label wrapped(String text) {
        return Dialogs.wrapped(text, 480);
    }
}
