package dev.railyard.ui.backup;

import atlantafx.base.theme.Styles;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import dev.railyard.ui.Stylesheets;
import java.time.Instant;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Restore: which backup (preselected), into which connection's server (any saved one of the
 * backup's dialect), a new database (the default) or the existing one, and how. Says in plain
 * words what will happen, and for a production database asks for its name to be typed.
 */
public final class RestoreDialog extends Dialog<RestoreChoice> {

    private final ComboBox<CatalogEntry> backup = new ComboBox<>();
    private final ComboBox<ConnectionProfile> target = new ComboBox<>();
    private final RadioButton intoNew = new RadioButton("A new database named");
    private final RadioButton intoExisting = new RadioButton("The existing database");
    private final TextField newName = new TextField();
    private final CheckBox singleTransaction = new CheckBox("Single transaction: all or nothing (PostgreSQL)");
    private final CheckBox clean = new CheckBox("Clean: drop the backup's objects first (existing database)");
    private final CheckBox mapFlavour = new CheckBox("Map MySQL ↔ MariaDB differences (collations, sql_mode, sequences)");
    private final TextField typed = new TextField();
    private final Label typedLabel = new Label();
    private final Label summary = new Label();
    private final Label problem = new Label();
    private final ButtonType restore = new ButtonType("Restore", ButtonBar.ButtonData.OK_DONE);
    private final javafx.scene.control.TextArea drops = new javafx.scene.control.TextArea();
    private final Label dropsLabel = new Label("What clean drops (a dry run against the target; nothing was changed)");
    /** The choice the shown list of drops belongs to; null while none is shown. */
    private RestoreChoice previewed;
    private RestoreChoice previewing;

    public RestoreDialog(BackupsModel model, CatalogEntry preselected, Instant now) {
        RestoreChoice start = model.defaultRestore(preselected, now);
        setTitle("Restore a backup");
        setHeaderText("Restore a backup of " + (preselected.manifest().profile() == null ? "a database" : preselected.manifest().profile()));
        getDialogPane().getStylesheets().add(Stylesheets.of("backups.css"));
        getDialogPane().getStyleClass().add("restore-dialog");
        getDialogPane().setId("restore-dialog");

        backup.getItems().setAll(model.backups().isEmpty() ? java.util.List.of(preselected) : model.backups());
        if (!backup.getItems().contains(preselected)) {
            backup.getItems().add(0, preselected);
        }
        backup.setConverter(new StringConverter<>() {
            @Override
            public String toString(CatalogEntry e) {
                if (e == null) {
                    return "";
                }
                String note = e.manifest().note() == null || e.manifest().note().isBlank() ? "" : " — " + e.manifest().note();
                return BackupsModel.when(e.created()) + "  " + Sizes.human(e.size()) + "  " + e.id() + note;
            }

            @Override
            public CatalogEntry fromString(String s) {
                return null;
            }
        });
        backup.getSelectionModel().select(preselected);
        backup.setId("restore-backup");
        backup.setMaxWidth(Double.MAX_VALUE);

        target.getItems().setAll(model.restoreTargets(preselected));
        target.setCellFactory(list -> new ProfileCell());
        target.setButtonCell(new ProfileCell());
        target.getSelectionModel().select(start.target());
        target.setId("restore-target");
        target.setMaxWidth(Double.MAX_VALUE);

        ToggleGroup where = new ToggleGroup();
        intoNew.setToggleGroup(where);
        intoExisting.setToggleGroup(where);
        intoNew.setSelected(true);
        intoNew.setId("restore-into-new");
        intoExisting.setId("restore-into-existing");
        newName.setText(start.databaseName());
        newName.setId("restore-new-name");
        newName.setPrefColumnCount(28);
        newName.setMaxWidth(Double.MAX_VALUE);
        // Database names hold underscores: as mnemonics they would vanish from the text ("shop_prod" read "shopprod").
        intoNew.setMnemonicParsing(false);
        intoExisting.setMnemonicParsing(false);
        singleTransaction.setMnemonicParsing(false);
        clean.setMnemonicParsing(false);
        mapFlavour.setMnemonicParsing(false);
        singleTransaction.setSelected(true);
        singleTransaction.setId("restore-single-transaction");
        singleTransaction.managedProperty().bind(singleTransaction.visibleProperty());
        clean.setId("restore-clean");
        mapFlavour.setId("restore-map-flavour");
        mapFlavour.managedProperty().bind(mapFlavour.visibleProperty());
        typed.setId("restore-typed-name");
        summary.setWrapText(true);
        summary.setId("restore-summary");
        summary.getStyleClass().add("restore-summary");
        summary.setMaxWidth(Double.MAX_VALUE);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        problem.setWrapText(true);
        problem.setId("restore-problem");
        problem.getStyleClass().addAll("restore-problem", Styles.TEXT_SMALL);
        typedLabel.getStyleClass().add("production");
        typedLabel.setWrapText(true);
        typedLabel.setMaxWidth(Double.MAX_VALUE);
        typedLabel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        intoNew.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        intoExisting.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        GridPane grid = new GridPane();
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Backup"), backup);
        grid.addRow(1, new Label("Into the server of"), target);
        // The name on its own line, the whole width: generated names run to 40 characters and more.
        VBox.setMargin(newName, new javafx.geometry.Insets(0, 0, 0, 24));
        grid.addRow(2, new Label("Target"), new VBox(6, intoNew, newName, intoExisting));
        grid.addRow(3, new Label("Options"), new VBox(6, singleTransaction, clean, mapFlavour));
        VBox confirm = new VBox(4, typedLabel, typed);
        confirm.managedProperty().bind(confirm.visibleProperty());
        grid.add(confirm, 1, 4);
        drops.setId("restore-clean-preview");
        drops.setEditable(false);
        drops.setWrapText(false);
        drops.setPrefRowCount(4);
        drops.getStyleClass().add("sql-text");
        VBox dropsBox = new VBox(4, dropsLabel, drops);
        dropsBox.managedProperty().bind(dropsBox.visibleProperty());
        VBox content = new VBox(12, grid, new Label("What will happen"), summary, dropsBox, problem);
        content.setPrefWidth(840);
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(restore, ButtonType.CANCEL);

        Runnable update = () -> {
            RestoreChoice choice = choice();
            ConnectionProfile into = choice.target();
            boolean mysql = into != null && into.dialect() == Dialect.MYSQL;
            // Into a new database atomicity comes from dropping it on failure (see PgRestore): no choice to offer.
            singleTransaction.setDisable(mysql);
            mapFlavour.setVisible(mysql);
            singleTransaction.setVisible(!intoNew.isSelected());
            newName.setDisable(!intoNew.isSelected());
            clean.setDisable(intoNew.isSelected());
            intoExisting.setText(into == null || into.database().isBlank() ? "The existing database"
                    : "The existing database " + into.database() + (into.environment().isProduction() ? " (PRODUCTION)" : ""));
            // The core's guard decides what is production: a profile tagged so, or the database of one.
            dev.railyard.guard.Protection protection = into == null ? null : model.protectionOf(into);
            boolean needsName = into != null && !choice.newDatabase() && protection.production();
            confirm.setVisible(needsName);
            typedLabel.setText(!needsName ? "" : protection.reason() + ". Type " + protection.confirmationWord()
                    + " to restore over it:");
            summary.setText(choice.summary());
            String why = choice.problem();
            if (why == null && needsName && !protection.confirmedBy(choice.typedName())) {
                why = "Type the database name " + protection.confirmationWord() + " to restore over it.";
            }
            // Clean over the existing database: the list of what it drops is shown before Restore is allowed.
            boolean cleaning = !choice.newDatabase() && choice.clean() && choice.backup() != null && into != null;
            dropsBox.setVisible(cleaning);
            if (cleaning && why == null && !sameRestore(choice, previewed)) {
                why = "Reading what clean would drop…";
                if (!sameRestore(choice, previewing)) {
                    previewing = choice;
                    drops.setText("");
                    RestoreChoice asked = choice;
                    model.previewClean(asked, lines -> {
                        if (sameRestore(asked, previewing)) {
                            previewed = asked;
                            drops.setText(lines.isEmpty() ? "Nothing of the backup exists in the target: nothing is dropped."
                                    : String.join("\n", lines));
                            refreshLater();
                        }
                    }, failure -> {
                        if (sameRestore(asked, previewing)) {
                            previewing = null;
                            drops.setText("The dry run failed: " + failure.oneLine());
                        }
                    });
                }
            }
            problem.setText(why == null ? "" : why);
            javafx.scene.Node button = getDialogPane().lookupButton(restore);
            button.setDisable(why != null);
            // Restoring over an existing database drops or overwrites what it holds: the button says so.
            button.getStyleClass().remove(Styles.DANGER);
            if (choice.destructive()) {
                button.getStyleClass().add(Styles.DANGER);
            }
            if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
                getDialogPane().getScene().getWindow().sizeToScene();
            }
        };
        backup.valueProperty().addListener((o, a, b) -> update.run());
        target.valueProperty().addListener((o, a, b) -> update.run());
        where.selectedToggleProperty().addListener((o, a, b) -> update.run());
        newName.textProperty().addListener((o, a, b) -> update.run());
        singleTransaction.selectedProperty().addListener((o, a, b) -> update.run());
        clean.selectedProperty().addListener((o, a, b) -> update.run());
        mapFlavour.selectedProperty().addListener((o, a, b) -> update.run());
        typed.textProperty().addListener((o, a, b) -> update.run());
        this.update = update;
        update.run();
        setResultConverter(button -> button == restore && choice().ready() ? choice() : null);
    }

    private Runnable update = () -> { };

    private void refreshLater() {
        update.run();
    }

    /** Same backup, target, database and clean: the dry run's list still holds. */
    private static boolean sameRestore(RestoreChoice a, RestoreChoice b) {
        return a != null && b != null && a.backup() == b.backup() && java.util.Objects.equals(a.target(), b.target())
                && a.newDatabase() == b.newDatabase() && a.clean() == b.clean();
    }

    /** What the controls say now. */
    public RestoreChoice choice() {
        return new RestoreChoice(backup.getValue(), target.getValue(), intoNew.isSelected(), newName.getText(),
                singleTransaction.isSelected(), clean.isSelected(), typed.getText(),
                mapFlavour.isVisible() && mapFlavour.isSelected());
    }

    private static final class ProfileCell extends ListCell<ConnectionProfile> {
        @Override
        protected void updateItem(ConnectionProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  (" + p.environment().displayName() + ", " + p.host() + ":" + p.port() + ")");
        }
    }
}
