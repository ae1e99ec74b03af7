package dev.railyard.ui.backup;

import atlantafx.base.theme.Styles;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.PrunePlan;
import dev.railyard.backup.RetentionPolicy;
import dev.railyard.backup.TransferEstimate;
import dev.railyard.task.Sizes;
import dev.railyard.ui.Icons;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Stylesheets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Backups tab: the selected connection's backups with their checks and pins, one-click
 * backup, restore, retention and pruning, and "back up, then migrate".
 */
public final class BackupsView extends BorderPane {

    public static final String STYLE = "backups-view";

    private final BackupsModel model;
    private final TableView<CatalogEntry> table = new TableView<>();
    private final Spinner<Integer> keepLast = new Spinner<>(0, 999, 0);
    private final Spinner<Integer> keepDays = new Spinner<>(0, 3650, 0);

    public BackupsView(BackupsModel model) {
        this.model = model;
        getStylesheets().add(Stylesheets.of("backups.css"));
        getStyleClass().add(STYLE);
        setId("backups-view");

        Label status = new Label();
        status.setId("backups-status");
        status.getStyleClass().addAll("backups-status", Styles.TEXT_SMALL);
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        // The offer after a failed migration says it all; the status line would repeat it.
        status.visibleProperty().bind(model.statusProperty().isNotEmpty().and(model.restoreOfferProperty().isNull()));
        status.managedProperty().bind(status.visibleProperty());

        setTop(new VBox(toolBar(), restoreOffer(), status));
        setCenter(buildTable());
        setBottom(retentionPanel());
    }

    /**
     * Puts the view in the window's Backups tab and makes "Back up now" (main toolbar, File
     * menu, sidebar menu, Ctrl+B) run its one-click backup there.
     */
    public static BackupsView install(dev.railyard.ui.shell.MainWindow window, BackupsModel model) {
        BackupsView view = new BackupsView(model);
        window.install(dev.railyard.ui.shell.Feature.BACKUPS, view, model::refresh);
        window.model().onBackUpNowProperty().set(profile -> {
            window.show(dev.railyard.ui.shell.Feature.BACKUPS);
            view.backUpNow();
        });
        return view;
    }

    public BackupsModel model() {
        return model;
    }

    public TableView<CatalogEntry> table() {
        return table;
    }

    // ---- toolbar ----

    private javafx.scene.layout.FlowPane toolBar() {
        Button backUp = new Button("Back up now", Icons.icon(Feather.ARCHIVE));
        backUp.setId("backups-back-up-now");
        backUp.setTooltip(new Tooltip("Back up the whole database, zstd-compressed, into this connection's catalog (Ctrl+B)"));
        backUp.setOnAction(e -> backUpNow());

        Button migrate = new Button("Back up, then migrate", Icons.icon(Feather.GIT_COMMIT));
        migrate.setId("backups-back-up-then-migrate");
        migrate.setOnAction(e -> backUpThenMigrate());
        Tooltip migrateTip = new Tooltip();
        migrate.setTooltip(migrateTip);

        Button verify = selectionButton("Verify", Feather.CHECK_CIRCLE, "backups-verify",
                "Quick check: the sha256 matches the manifest and the file decompresses to its end");
        verify.setOnAction(e -> withSelected(model::verifyQuick));
        Button deep = selectionButton("Verify deeply", Feather.SHIELD, "backups-verify-deep",
                "Restore into a throwaway local server and compare every table's row count with the manifest");
        deep.setOnAction(e -> withSelected(model::verifyDeep));
        Button pin = selectionButton("Pin", Feather.BOOKMARK, "backups-pin", "Pinned backups are never pruned");
        pin.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get() != null
                && model.selectedProperty().get().pinned() ? "Unpin" : "Pin", model.selectedProperty()));
        pin.setOnAction(e -> withSelected(entry -> model.pin(entry, !entry.pinned())));
        Button restore = selectionButton("Restore…", Feather.UPLOAD, "backups-restore",
                "Restore the selected backup: into a new database by default");
        restore.setOnAction(e -> withSelected(this::openRestore));

        Button refresh = new Button(null, Icons.icon(Feather.REFRESH_CW));
        refresh.setId("backups-refresh");
        refresh.getStyleClass().add(Styles.BUTTON_ICON);
        refresh.setTooltip(new Tooltip("Read the backup folder again"));
        refresh.setOnAction(e -> model.refresh());

        Runnable update = () -> {
            boolean none = model.profile() == null;
            backUp.setDisable(none);
            refresh.setDisable(none);
            String reason = model.migrateDisabledReason();
            migrate.setDisable(reason != null);
            String command = model.migrateCommand();
            migrateTip.setText(reason != null ? reason : command != null
                    ? "Back up, verify the backup, then run the connection's migration command: " + command
                    : "Back up (noted with the pending migrations), verify the backup, then run the pending migrations");
        };
        update.run();
        model.backups().addListener((javafx.collections.ListChangeListener<CatalogEntry>) c -> update.run());
        model.retentionProperty().addListener((obs, was, now) -> update.run());
        model.profileProperty().addListener((obs, was, now) -> update.run());
        // Wraps onto a second line rather than hiding an action behind an overflow menu on a narrow window.
        for (Button button : java.util.List.of(backUp, migrate, verify, deep, pin, restore, refresh)) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(6, 6, backUp, migrate,
                new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL), verify, deep, pin, restore, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().addAll("tool-bar", "backups-tool-bar");
        bar.setId("backups-toolbar");
        bar.setMinHeight(Region.USE_PREF_SIZE);
        return bar;
    }

    private Button selectionButton(String text, Feather icon, String id, String tip) {
        Button button = new Button(text, Icons.icon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.disableProperty().bind(model.selectedProperty().isNull());
        return button;
    }

    private void withSelected(java.util.function.Consumer<CatalogEntry> action) {
        CatalogEntry entry = model.selectedProperty().get();
        if (entry != null) {
            action.accept(entry);
        }
    }

    /** After a failed "back up, then migrate": the backup to restore from, and the way to it. */
    private HBox restoreOffer() {
        Label text = new Label();
        text.setWrapText(true);
        text.setId("backups-restore-offer-text");
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        text.setMinWidth(0);
        text.setPrefWidth(200);
        Button restore = new Button("Restore from this backup…", Icons.icon(Feather.UPLOAD));
        restore.setId("backups-restore-offer");
        restore.getStyleClass().add(Styles.DANGER);
        restore.setMinWidth(Region.USE_PREF_SIZE);
        restore.setOnAction(e -> {
            BackupsModel.MigrateFlowResult offer = model.restoreOfferProperty().get();
            if (offer != null) {
                openRestore(offer.restoreFrom());
            }
        });
        Button dismiss = new Button(null, Icons.icon(Feather.X));
        dismiss.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        dismiss.setTooltip(new Tooltip("Hide"));
        HBox box = new HBox(Icons.icon(Feather.ALERT_TRIANGLE, 20), text, restore, dismiss);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("restore-offer");
        box.setId("backups-restore-offer-box");
        text.textProperty().bind(Bindings.createStringBinding(() -> {
            BackupsModel.MigrateFlowResult offer = model.restoreOfferProperty().get();
            if (offer == null) {
                return "";
            }
            CatalogEntry b = offer.restoreFrom();
            return "The migration failed; the database may be half-changed. The backup made just before it: " + b.id()
                    + " (" + Sizes.human(b.size()) + ", " + (offer.verification() == null ? "not verified" : offer.verification().label())
                    + ").\n" + offer.summary();
        }, model.restoreOfferProperty()));
        box.visibleProperty().bind(model.restoreOfferProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        dismiss.setOnAction(e -> model.dismissRestoreOffer());
        return box;
    }

    // ---- table ----

    private TableView<CatalogEntry> buildTable() {
        table.setId("backups-table");
        table.setItems(model.backups());
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column("When", 150, e -> BackupsModel.when(e.created())));
        table.getColumns().add(column("Size", 80, e -> Sizes.human(e.size())));
        table.getColumns().add(column("Took", 70, e -> Sizes.duration(e.duration())));
        table.getColumns().add(column("Engine", 180, e -> dev.railyard.backup.EngineNames.display(e.manifest().engine(), e.manifest().engineVersion())));
        table.getColumns().add(column("Server", 80, e -> nullToEmpty(e.manifest().serverVersion())));
        table.getColumns().add(column("Migration head", 140, e -> e.manifest().migrationHead() == null ? "—" : e.manifest().migrationHead()));
        table.getColumns().add(verificationColumn());
        table.getColumns().add(column("Pinned", 70, e -> e.pinned() ? "pinned" : ""));
        table.getColumns().add(column("Scope", 150, CatalogEntry::scope));
        table.getColumns().add(column("Note", 260, e -> nullToEmpty(e.manifest().note())));
        Label empty = new Label();
        empty.getStyleClass().add("empty-note");
        empty.textProperty().bind(Bindings.createStringBinding(() -> model.profile() == null
                ? "Select a connection on the left to see its backups."
                : "No backups of " + model.profile().name() + " yet. \"Back up now\" makes one in "
                        + model.catalog().folderFor(model.profile()), model.backups(), model.profileProperty()));
        empty.setWrapText(true);
        table.setPlaceholder(empty);

        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null || !model.backups().contains(model.selectedProperty().get())) {
                model.selectedProperty().set(now);
            }
        });
        model.selectedProperty().addListener((obs, was, now) -> {
            if (table.getSelectionModel().getSelectedItem() != now) {
                if (now == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(now);
                }
            }
        });
        table.setRowFactory(view -> {
            TableRow<CatalogEntry> row = new TableRow<>();
            row.setContextMenu(rowMenu());
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    openRestore(row.getItem());
                }
            });
            return row;
        });
        return table;
    }

    private ContextMenu rowMenu() {
        MenuItem verify = new MenuItem("Verify", Icons.icon(Feather.CHECK_CIRCLE, 14));
        verify.setOnAction(e -> withSelected(model::verifyQuick));
        MenuItem deep = new MenuItem("Verify deeply", Icons.icon(Feather.SHIELD, 14));
        deep.setOnAction(e -> withSelected(model::verifyDeep));
        MenuItem pin = new MenuItem("Pin / unpin", Icons.icon(Feather.BOOKMARK, 14));
        pin.setOnAction(e -> withSelected(entry -> model.pin(entry, !entry.pinned())));
        MenuItem restore = new MenuItem("Restore…", Icons.icon(Feather.UPLOAD, 14));
        restore.setOnAction(e -> withSelected(this::openRestore));
        MenuItem folder = new MenuItem("Copy file path", Icons.icon(Feather.FOLDER, 14));
        folder.setOnAction(e -> withSelected(entry -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(entry.file().toAbsolutePath().toString());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        }));
        return new ContextMenu(verify, deep, pin, new SeparatorMenuItem(), restore, folder);
    }

    private static TableColumn<CatalogEntry, String> column(String title, double width, Function<CatalogEntry, String> value) {
        TableColumn<CatalogEntry, String> column = new TableColumn<>(title);
        column.setPrefWidth(Math.max(width, dev.railyard.ui.ColumnWidths.header(title)));
        column.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        return column;
    }

    private TableColumn<CatalogEntry, CatalogEntry> verificationColumn() {
        TableColumn<CatalogEntry, CatalogEntry> column = new TableColumn<>("Verified");
        column.setPrefWidth(140);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(CatalogEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                getStyleClass().removeAll("verify-ok", "verify-failed", "verify-none");
                if (empty || entry == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                var verification = entry.state().verification();
                setText(verification == null ? "not verified" : (verification.passed() ? "✔ " : verification.inconclusive() ? "– "
                        : "✘ ") + verification.label());
                getStyleClass().add(verification == null || verification.inconclusive() ? "verify-none"
                        : verification.passed() ? "verify-ok" : "verify-failed");
                setTooltip(verification == null ? new Tooltip("Never checked: Verify reads it, Verify deeply restores it")
                        : new Tooltip(verification.detail() + "\n" + BackupsModel.when(verification.at())));
            }
        });
        return column;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    // ---- retention ----

    private VBox retentionPanel() {
        keepLast.setEditable(true);
        keepLast.setPrefWidth(72);
        keepLast.setId("backups-keep-last");
        keepDays.setEditable(true);
        keepDays.setPrefWidth(72);
        keepDays.setId("backups-keep-days");
        Runnable show = () -> {
            RetentionPolicy policy = model.retentionProperty().get();
            keepLast.getValueFactory().setValue(policy.keepLast());
            keepDays.getValueFactory().setValue(policy.keepDays());
        };
        show.run();
        model.retentionProperty().addListener((obs, was, now) -> show.run());

        Button save = new Button("Save");
        save.setId("backups-save-retention");
        save.setOnAction(e -> {
            try {
                keepLast.commitValue();
                keepDays.commitValue();
                model.saveRetention(keepLast.getValue(), keepDays.getValue());
            } catch (IllegalArgumentException ex) {
                model.statusProperty().set("Could not save the retention: " + ex.getMessage());
            }
        });
        Button prune = new Button("Prune…", Icons.icon(Feather.SCISSORS));
        prune.setId("backups-prune");
        prune.setTooltip(new Tooltip("Shows what the saved policy would delete, and deletes only after you confirm"));
        prune.setOnAction(e -> openPrune());
        Label title = new Label("Retention:");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label hint = new Label("(0 = no limit; pinned backups and the newest verified one are never pruned)");
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        // Wraps onto a second line rather than pushing the tab wider than the window.
        javafx.scene.layout.FlowPane rule = new javafx.scene.layout.FlowPane(8, 4, title, new Label("keep the last"), keepLast,
                new Label("backups and those from the last"), keepDays, new Label("days"), save, prune);
        rule.setAlignment(Pos.CENTER_LEFT);
        VBox panel = new VBox(4, rule, hint);
        panel.getStyleClass().add("retention-panel");
        panel.setId("backups-retention");
        panel.disableProperty().bind(model.profileProperty().isNull());
        return panel;
    }

    private void openPrune() {
        if (model.profile() == null) {
            return;
        }
        model.planPrune(this::showPrunePlan);
    }

    private void showPrunePlan(PrunePlan plan) {
        if (model.profile() == null) {
            return;
        }
        Alert alert = new Alert(plan.remove().isEmpty() ? Alert.AlertType.INFORMATION : Alert.AlertType.CONFIRMATION);
        alert.initOwner(window());
        alert.setTitle("Prune backups of " + model.profile().name());
        alert.setHeaderText(plan.remove().isEmpty() ? "Nothing to prune"
                : "Delete " + plan.remove().size() + (plan.remove().size() == 1 ? " backup" : " backups") + " ("
                        + Sizes.human(plan.bytesFreed()) + ")?");
        TextArea text = new TextArea(model.describe(plan));
        text.setEditable(false);
        text.setWrapText(false);
        text.setPrefRowCount(Math.min(16, plan.remove().size() + plan.keep().size() + 6));
        text.setPrefColumnCount(80);
        text.setId("prune-plan");
        alert.getDialogPane().setContent(text);
        if (plan.remove().isEmpty()) {
            alert.showAndWait();
            return;
        }
        ButtonType delete = new ButtonType("Delete " + plan.remove().size(), ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(delete, ButtonType.CANCEL);
        ((Button) alert.getDialogPane().lookupButton(delete)).getStyleClass().add(Styles.DANGER);
        if (alert.showAndWait().filter(delete::equals).isPresent()) {
            model.prune(plan);
        }
    }

    // ---- actions with dialogs ----

    /**
     * One click: with the profile's defaults; for a Railway host the transfer and its egress
     * cost are shown first, with a note field.
     */
    public void backUpNow() {
        if (model.profile() == null) {
            return;
        }
        if (!model.needsEstimate()) {
            model.backUpNow("");
            return;
        }
        model.statusProperty().set("Estimating the size of " + model.profile().name() + "…");
        model.estimate(estimate -> {
            model.statusProperty().set("");
            confirmRailwayBackup(estimate).ifPresent(model::backUpNow);
        }, problem -> model.statusProperty().set("Could not estimate the backup: " + problem.oneLine()));
    }

    private Optional<String> confirmRailwayBackup(TransferEstimate estimate) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(window());
        dialog.setTitle("Back up " + model.profile().name());
        dialog.setHeaderText("Back up " + model.profile().name() + " from Railway?");
        Label cost = new Label("The backup moves " + estimate.describe() + ".");
        cost.setWrapText(true);
        cost.setId("backup-estimate");
        TextField note = new TextField();
        note.setPromptText("e.g. before release 2.4");
        note.setId("backup-note");
        VBox content = new VBox(8, cost, new Label("Note (optional):"), note);
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);
        ButtonType go = new ButtonType("Continue", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(go, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == go ? note.getText() : null);
        return dialog.showAndWait();
    }

    public void backUpThenMigrate() {
        backUpThenMigrate(null);
    }

    private Runnable flywayPreview;

    /**
     * Where "Back up, then migrate" goes for Flyway migrations: the Migrations tab's preview (the
     * window wires it); without it the flow runs here, asking for the name on production.
     */
    public void setFlywayPreview(Runnable preview) {
        this.flywayPreview = preview;
    }

    /**
     * Asks for the database name on production (the core's guard refuses without it), then runs
     * the flow. Cancel runs nothing.
     *
     * @param target the version to migrate up to; null for every pending migration
     */
    public void backUpThenMigrate(String target) {
        if (!model.canMigrate()) {
            return;
        }
        String command = model.migrateCommand();
        if (command != null && !model.migrateNeedsTypedName()) {
            // The application's own migrator runs: say exactly what will run before anything does.
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION,
                    "Railyard backs up " + model.profile().name() + ", checks the backup, and only then runs:\n\n    "
                            + command + "\n\nwith the database's address in its environment. If the command fails, "
                            + "the backup is offered for restore.", ButtonType.CANCEL, ButtonType.OK);
            confirm.initOwner(window());
            confirm.setHeaderText("Back up, then run the migration command?");
            confirm.getDialogPane().setId("backups-run-command-confirm");
            ((Button) confirm.getDialogPane().lookupButton(ButtonType.OK)).setText("Back up, then run");
            confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> backUpThenMigrate(target, null));
            return;
        }
        if (command == null && target == null && flywayPreview != null) {
            // Flyway's pending scripts: the Migrations tab's preview shows their SQL and the live check first.
            flywayPreview.run();
            return;
        }
        if (!model.migrateNeedsTypedName()) {
            backUpThenMigrate(target, null);
            return;
        }
        dev.railyard.ui.migrate.MigrationDialogs.confirmProductionMigrate(window(), model.profile(), model.confirmationWord(),
                        -1, target, new javafx.beans.property.SimpleBooleanProperty(true))
                .showAndWait().ifPresent(typed -> backUpThenMigrate(target, typed));
    }

    /** Runs the flow with the name the user already typed back (the Migrations tab asked); the guard checks it. */
    public void backUpThenMigrate(String target, String typed) {
        backUpThenMigrate(target, typed, null, null);
    }

    /** As above, with the migration session's timeouts the Migrations tab's confirmation set (null for the default). */
    public void backUpThenMigrate(String target, String typed, java.time.Duration lockTimeout, java.time.Duration statementTimeout) {
        if (!model.canMigrate()) {
            return;
        }
        try {
            model.backUpThenMigrate(target, typed, lockTimeout, statementTimeout, result -> { });
        } catch (IllegalStateException refused) {
            Alert alert = new Alert(Alert.AlertType.WARNING, refused.getMessage());
            alert.initOwner(window());
            alert.setHeaderText("Nothing was migrated");
            alert.showAndWait();
        }
    }

    /** The restore dialog, with the backup preselected; runs the restore when confirmed and shows its result. */
    public void openRestore(CatalogEntry entry) {
        RestoreDialog dialog = new RestoreDialog(model, entry, Instant.now());
        dialog.initOwner(window());
        dialog.showAndWait().ifPresent(choice -> {
            try {
                model.restore(choice, this::showRestoreResult, problem -> showRestoreFailure(choice, problem));
            } catch (IllegalStateException | IllegalArgumentException refused) {
                Alert alert = new Alert(Alert.AlertType.WARNING, refused.getMessage());
                alert.initOwner(window());
                alert.setHeaderText("Nothing was restored");
                alert.showAndWait();
            }
        });
    }

    private void showRestoreResult(dev.railyard.backup.BackupService.RestoreSummary summary) {
        Alert alert = new Alert(summary.errors().isEmpty() ? Alert.AlertType.INFORMATION : Alert.AlertType.WARNING);
        alert.initOwner(window());
        alert.setTitle("Restore finished");
        alert.setHeaderText(BackupsModel.restoreWords(summary));
        StringBuilder text = new StringBuilder("Database: ").append(summary.database())
                .append("\nRestored: ").append(summary.work())
                .append("\nEngine: ").append(dev.railyard.backup.EngineNames.display(summary.engine()));
        if (summary.verification() != null) {
            text.append("\nCheck: ").append(summary.verification());
        }
        summary.notes().forEach(n -> text.append("\n• ").append(n));
        if (!summary.errors().isEmpty()) {
            text.append("\n\nErrors:");
            summary.errors().stream().limit(20).forEach(err -> text.append("\n• ").append(err));
        }
        TextArea area = new TextArea(text.toString());
        area.setEditable(false);
        area.setWrapText(true);
        area.setId("restore-result");
        alert.getDialogPane().setContent(area);
        alert.show();
    }

    private void showRestoreFailure(RestoreChoice choice, ProblemText problem) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(window());
        alert.setTitle("Restore failed");
        alert.setHeaderText("The restore of " + choice.backup().id() + " into " + choice.target().name() + "/"
                + choice.database() + " failed");
        alert.setContentText(problem.summary() + (problem.fix() == null || problem.fix().isBlank() ? "" : "\n\n" + problem.fix()));
        alert.show();
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    static <T> ObservableValue<T> constant(T value) {
        return new ReadOnlyObjectWrapper<>(value);
    }
}
