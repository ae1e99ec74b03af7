package dev.railyard.ui.migrate;

import atlantafx.base.theme.Styles;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.MigrationStatus;
import dev.railyard.migrate.Tone;
import dev.railyard.migrate.history.EntryStatus;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.ui.Icons;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Stylesheets;
import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.shell.MainWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Migrations tab: Flyway's summary and the folders it reads, the actions, the status table
 * with the selected migration's SQL or change beside it, the outcome of the last action (a failed
 * migration in words), and every tool's history in one timeline.
 */
public final class MigrationsView extends VBox {

    public static final String STYLE = "migrations-view";
    /** Row style classes by tone, so failed and changed rows stand out. */
    public static final String ROW_DANGER = "row-danger";
    public static final String ROW_WARNING = "row-warning";
    public static final String ROW_PENDING = "row-pending";
    public static final String STATE_CELL = "state-cell";
    public static final String MONOSPACE = "monospace";
    /** Items listed in the result pane before the rest go to its text area. */
    static final int MAX_LISTED = 6;

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final MigrationsModel model;
    private final TableView<MigrationRow> table = new TableView<>();
    private boolean syncingSelection;
    /** A preview's check is under way: a second click waits for it. */
    private boolean previewing;

    /** Builds the tab's view and model and puts them in the window's Migrations tab. */
    public static MigrationsModel install(MainWindow window, ProfileStore profiles, java.util.concurrent.Executor io) {
        MigrationsModel model = new MigrationsModel(window.connection(), profiles, io);
        model.showingProperty().bind(window.install(Feature.MIGRATIONS, new MigrationsView(model), model::refresh));
        window.dataTime(Feature.MIGRATIONS, model.readAtProperty());
        return model;
    }

    public MigrationsView(MigrationsModel model) {
        this.model = model;
        getStylesheets().add(Stylesheets.of("migrations.css"));
        getStyleClass().add(STYLE);
        setId("migrations-view");

        Region result = resultPane();
        Node sections = mainArea();
        VBox work = new VBox(header(), emptyState(), warnings(), loadProblem(), result, sections);
        work.getStyleClass().add("migrations-work");
        VBox.setVgrow(sections, Priority.ALWAYS);
        result.maxHeightProperty().bind(work.heightProperty().multiply(0.5));
        work.visibleProperty().bind(model.profileProperty().isNotNull());

        Label none = new Label("Select a connection on the left to see its migrations.");
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.visibleProperty().bind(model.profileProperty().isNull());
        StackPane stack = new StackPane(work, none);
        VBox.setVgrow(stack, Priority.ALWAYS);
        getChildren().add(stack);
        model.previewRequestsProperty().addListener((obs, was, now) -> preview());
    }

    public MigrationsModel model() {
        return model;
    }

    // ---------------------------------------------------------------- header and actions

    private Node header() {
        Label title = new Label("Flyway");
        title.getStyleClass().addAll(Styles.TITLE_4);
        Label summary = new Label();
        summary.setId("migration-summary");
        summary.getStyleClass().add("migration-summary");
        summary.textProperty().bind(model.summaryProperty());
        Label version = new Label();
        version.setId("migration-version");
        version.getStyleClass().add(Styles.TEXT_MUTED);
        version.textProperty().bind(Bindings.createStringBinding(() -> model.currentVersionProperty().get().isEmpty() ? ""
                : "· " + model.currentVersionProperty().get(), model.currentVersionProperty()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.setMaxSize(16, 16);
        spinner.visibleProperty().bind(model.loadingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Region push = new Region();
        HBox.setHgrow(push, Priority.ALWAYS);
        Button refresh = new Button(null, Icons.icon(Feather.REFRESH_CW));
        refresh.setId("migrations-refresh");
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read the status again"));
        refresh.disableProperty().bind(model.profileProperty().isNull().or(model.loadingProperty()).or(model.busyProperty()));
        refresh.setOnAction(e -> model.refresh());
        Label age = dev.railyard.ui.DataAge.label("migrations-data-age", model.readAtProperty(), java.time.Clock.systemUTC());
        age.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox titleRow = new HBox(10, title, summary, version, spinner, push, age, refresh);
        titleRow.setAlignment(Pos.CENTER_LEFT);

        Label where = new Label("Scripts from");
        where.getStyleClass().add(Styles.TEXT_MUTED);
        Label locations = new Label();
        locations.setId("migration-locations");
        locations.getStyleClass().add("migration-locations");
        locations.textProperty().bind(Bindings.createStringBinding(() -> model.locations().isEmpty()
                ? "no folder set" : String.join("  ·  ", model.locations()), model.locations()));
        locations.setMinWidth(0);
        Button edit = new Button("Edit locations…", Icons.icon(Feather.FOLDER));
        edit.setId("edit-locations");
        edit.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        edit.disableProperty().bind(model.profileProperty().isNull());
        edit.setOnAction(e -> editLocations());
        Label timeouts = new Label();
        timeouts.setId("migration-timeouts");
        timeouts.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        timeouts.setMinWidth(Region.USE_PREF_SIZE);
        timeouts.textProperty().bind(Bindings.createStringBinding(model::timeoutsInEffect, model.profileProperty()));
        timeouts.setTooltip(new Tooltip("The migration session's timeouts (the defaults: a profile does not store its own yet)."
                + " The confirmation before migrating lets you change them for that run."));
        HBox locationRow = new HBox(8, where, locations, edit);
        locationRow.setAlignment(Pos.CENTER_LEFT);

        BooleanBinding noProfile = model.profileProperty().isNull();
        BooleanBinding cannotRun = noProfile.or(model.busyProperty()).or(model.hasLocationsProperty().not());

        Label upTo = new Label("up to version");
        upTo.getStyleClass().add(Styles.TEXT_MUTED);
        TextField target = new TextField();
        target.setId("migrate-target");
        target.setPromptText("latest");
        target.setPrefColumnCount(5);
        target.textProperty().bindBidirectional(model.targetProperty());
        target.setTooltip(new Tooltip("Leave empty to apply every pending migration"));
        target.disableProperty().bind(cannotRun);

        // Both open the preview (what will run, checked against the live database) before anything runs.
        Button migrate = new Button("Migrate…", Icons.icon(Feather.PLAY));
        migrate.setId("migrate-button");
        migrate.setTooltip(new Tooltip("Shows the pending migrations and the check's findings first; nothing runs until you confirm"));
        migrate.disableProperty().bind(cannotRun);
        migrate.setOnAction(e -> preview());
        Button backUpFirst = new Button("Back up, then migrate…", Icons.icon(Feather.ARCHIVE));
        backUpFirst.setId("backup-then-migrate-button");
        backUpFirst.setTooltip(new Tooltip("Back up (noted with the pending versions), verify the backup, then migrate;"
                + " if the migration fails, the Backups tab offers that backup for a restore"));
        backUpFirst.disableProperty().bind(cannotRun);
        backUpFirst.visibleProperty().bind(model.backUpFirstProperty().isNotNull());
        backUpFirst.managedProperty().bind(backUpFirst.visibleProperty());
        backUpFirst.setMinWidth(Region.USE_PREF_SIZE);
        backUpFirst.setOnAction(e -> preview());
        // The safer path is the primary (blue) button whenever a backup is possible.
        Runnable primary = () -> {
            boolean canBackUp = model.backUpFirstProperty().get() != null;
            backUpFirst.getStyleClass().remove(Styles.ACCENT);
            migrate.getStyleClass().remove(Styles.ACCENT);
            (canBackUp ? backUpFirst : migrate).getStyleClass().add(Styles.ACCENT);
        };
        model.backUpFirstProperty().addListener((obs, was, now) -> primary.run());
        primary.run();
        HBox migrateGroup = new HBox(6, backUpFirst, migrate, upTo, target);
        migrateGroup.setAlignment(Pos.CENTER_LEFT);

        Button validate = new Button("Validate", Icons.icon(Feather.CHECK_SQUARE));
        validate.setId("validate-button");
        validate.setTooltip(new Tooltip("Check applied migrations against their files"));
        validate.disableProperty().bind(cannotRun);
        validate.setOnAction(e -> act(model::validate));

        Button repair = new Button("Repair…", Icons.icon(Feather.TOOL));
        repair.setId("repair-button");
        repair.setTooltip(new Tooltip("Remove failed rows from Flyway's history and realign checksums"));
        repair.disableProperty().bind(cannotRun);
        repair.setOnAction(e -> repair());

        Button baseline = new Button("Baseline…", Icons.icon(Feather.FLAG));
        baseline.setId("baseline-button");
        baseline.setTooltip(new Tooltip("Start Flyway's history on a database that already has tables"));
        baseline.disableProperty().bind(noProfile.or(model.busyProperty()));
        baseline.setOnAction(e -> baseline());

        for (javafx.scene.control.Control control : List.of(migrate, validate, repair, baseline, upTo)) {
            control.setMinWidth(Region.USE_PREF_SIZE);
        }
        // Wraps rather than cutting the buttons' words when the task panel narrows the tab.
        FlowPane actions = new FlowPane(8, 6, migrateGroup, validate, repair, baseline, timeouts);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox header = new VBox(6, titleRow, locationRow, actions);
        header.getStyleClass().add("migrations-header");
        header.setMinHeight(Region.USE_PREF_SIZE);
        return header;
    }

    private Node emptyState() {
        FontIcon icon = Icons.icon(Feather.FOLDER_PLUS, 28);
        Label title = new Label();
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(Bindings.createStringBinding(() -> model.profileProperty().get() == null ? ""
                : "No migration folder for " + model.profileProperty().get().name(), model.profileProperty()));
        Label text = new Label(MigrationsModel.NO_LOCATIONS_HINT);
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        Button choose = new Button("Choose the migrations folder…", Icons.icon(Feather.FOLDER));
        choose.setId("choose-folder");
        choose.getStyleClass().add(Styles.ACCENT);
        choose.setOnAction(e -> editLocations());
        VBox words = new VBox(6, title, text, choose);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox box = new HBox(14, icon, words);
        box.setId("no-locations");
        box.getStyleClass().add("migrations-empty");
        box.setMinHeight(Region.USE_PREF_SIZE);
        box.visibleProperty().bind(model.profileProperty().isNotNull().and(model.hasLocationsProperty().not()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node warnings() {
        VBox box = new VBox(2);
        box.setId("migration-warnings");
        box.getStyleClass().add("migration-warnings");
        Runnable fill = () -> box.getChildren().setAll(model.warnings().stream().map(w -> {
            Label label = new Label(w, Icons.icon(Feather.ALERT_TRIANGLE));
            label.setWrapText(true);
            return (Node) label;
        }).toList());
        model.warnings().addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        // Without a folder the empty state says it better than Flyway's warning.
        box.visibleProperty().bind(Bindings.isNotEmpty(model.warnings()).and(model.hasLocationsProperty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node loadProblem() {
        Label label = new Label();
        label.setId("migration-load-problem");
        label.setWrapText(true);
        label.getStyleClass().addAll("migration-load-problem", Styles.DANGER);
        label.setGraphic(Icons.icon(Feather.ALERT_OCTAGON));
        label.textProperty().bind(Bindings.createStringBinding(() -> {
            ProblemText p = model.loadProblemProperty().get();
            return p == null ? "" : p.oneLine() + (p.fix().isEmpty() ? "" : "\n" + p.fix());
        }, model.loadProblemProperty()));
        label.visibleProperty().bind(model.loadProblemProperty().isNotNull());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    // ---------------------------------------------------------------- the outcome of an action

    private Region resultPane() {
        FontIcon icon = new FontIcon();
        Label title = new Label();
        title.setId("result-title");
        title.getStyleClass().add("result-title");
        title.setGraphic(icon);
        title.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button close = new Button(null, Icons.icon(Feather.X));
        close.setId("dismiss-result");
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(e -> model.dismissResult());
        HBox top = new HBox(8, title, spacer, close);
        top.setAlignment(Pos.CENTER_LEFT);

        Label summary = new Label();
        summary.setId("result-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        VBox items = new VBox(2);
        items.setId("result-items");
        TextArea details = new TextArea();
        details.setId("migration-failure-text");
        details.setEditable(false);
        details.setWrapText(true);
        details.getStyleClass().add(MONOSPACE);
        // The text area is what gives way when room is short: it scrolls, the lines above stay whole.
        details.setMinHeight(60);
        VBox.setVgrow(details, Priority.ALWAYS);

        // As tall as its words, up to half the tab, so the failed row stays in sight below.
        VBox pane = new VBox(6, top, summary, items, details) {
            @Override
            protected double computeMinHeight(double width) {
                double pref = computePrefHeight(width);
                return getParent() instanceof Region parent && parent.getHeight() > 0
                        ? Math.max(super.computeMinHeight(width), Math.min(pref, parent.getHeight() * 0.5)) : pref;
            }
        };
        pane.visibleProperty().bind(model.resultProperty().isNotNull());
        pane.managedProperty().bind(pane.visibleProperty());
        pane.setId("migration-result");
        pane.getStyleClass().add("action-result");
        model.resultProperty().addListener((obs, was, now) -> {
            pane.getStyleClass().removeAll("tone-success", "tone-danger", "tone-warning");
            if (now == null) {
                return;
            }
            pane.getStyleClass().add("tone-" + (now.tone() == Tone.NEUTRAL ? "success" : now.tone().styleClass()));
            icon.setIconCode(now.tone() == Tone.OK ? Feather.CHECK_CIRCLE : now.tone() == Tone.WARN ? Feather.ALERT_TRIANGLE
                    : Feather.X_CIRCLE);
            title.setText(now.title());
            summary.setText(now.summary());
            summary.setVisible(!now.summary().isEmpty());
            summary.setManaged(summary.isVisible());
            // A long list (many validation problems) goes to the text area, which scrolls.
            boolean many = now.items().size() > MAX_LISTED;
            List<String> listed = many ? now.items().subList(0, MAX_LISTED - 1) : now.items();
            items.getChildren().setAll(listed.stream().map(item -> {
                Label line = new Label("•  " + item);
                line.setWrapText(true);
                line.setMinHeight(Region.USE_PREF_SIZE);
                return (Node) line;
            }).toList());
            if (many) {
                Label more = new Label("…and " + (now.items().size() - listed.size()) + " more, all listed below");
                more.getStyleClass().add(Styles.TEXT_MUTED);
                items.getChildren().add(more);
            }
            items.setVisible(!now.items().isEmpty());
            items.setManaged(items.isVisible());
            String text = many ? String.join("\n", now.items()) + (now.details().isEmpty() ? "" : "\n\n" + now.details())
                    : now.details();
            details.setText(text);
            details.setPrefRowCount(rows(text));
            details.setVisible(!text.isEmpty());
            details.setManaged(details.isVisible());
        });
        return pane;
    }

    // ---------------------------------------------------------------- status table, detail, timeline

    private Node mainArea() {
        // The detail takes what its words need (a few lines, or the SQL); the table the rest.
        Node table = statusTable();
        VBox status = new VBox(table, detailPane());
        VBox.setVgrow(table, Priority.ALWAYS);
        Tab statusTab = new Tab("Flyway status", status);
        statusTab.setId("status-tab");
        Tab historyTab = new Tab("History across tools", timelinePane());
        historyTab.setId("history-tab");
        historyTab.textProperty().bind(Bindings.createStringBinding(() -> {
            long failed = model.timeline().stream().filter(e -> e.status() == EntryStatus.FAILED).count();
            return "History across tools" + (failed == 0 ? "" : "  ·  " + failed + " failed");
        }, model.timeline()));
        TabPane sections = new TabPane(statusTab, historyTab);
        sections.setId("migration-sections");
        sections.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        sections.getStyleClass().addAll(Styles.TABS_FLOATING, "migration-sections");
        return sections;
    }

    /** Rows for the failure text: its lines, plus one for each long line that wraps. */
    static int rows(String text) {
        int rows = 0;
        for (String line : text.split("\n", -1)) {
            rows += 1 + line.length() / 95;
        }
        return Math.max(2, Math.min(16, rows));
    }

    private Node statusTable() {
        table.setId("migration-table");
        table.setMinHeight(110);
        table.setPrefHeight(170); // grows into what the detail below leaves
        table.setItems(model.rows());
        table.getColumns().setAll(List.of(
                column("Version", 80, r -> r.version() == null ? "R" : r.version()),
                column("Description", 220, MigrationRow::description),
                stateColumn(),
                checkColumn(),
                column("Installed on", 150, r -> when(r.installedOn())),
                column("By", 80, MigrationRow::installedBy),
                column("Time", 70, r -> r.executionMillis() == null ? "" : r.executionMillis() + " ms"),
                column("Type", 70, MigrationRow::type),
                column("Script", 220, MigrationRow::script),
                column("Checksum", 100, r -> r.checksum() == null ? "" : r.checksum().toString())));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(MigrationRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll(ROW_DANGER, ROW_WARNING, ROW_PENDING);
                if (!empty && row != null) {
                    Tone tone = row.status().tone();
                    if (tone == Tone.DANGER) {
                        getStyleClass().add(ROW_DANGER);
                    } else if (tone == Tone.WARN) {
                        getStyleClass().add(ROW_WARNING);
                    } else if (row.status() == MigrationStatus.PENDING) {
                        getStyleClass().add(ROW_PENDING);
                    }
                }
            }
        });
        Label placeholder = new Label();
        placeholder.setWrapText(true);
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        placeholder.setPadding(new javafx.geometry.Insets(12));
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> {
            if (model.loadingProperty().get()) {
                return "Reading Flyway's status…";
            }
            if (!model.loadedProperty().get()) {
                return "";
            }
            return model.hasLocationsProperty().get() ? model.summaryProperty().get()
                    : "Flyway's history table (" + model.historyTableProperty().get() + ") is empty or not there yet."
                    + " Choose the migrations folder to see the scripts waiting to run.";
        }, model.loadingProperty(), model.loadedProperty(), model.summaryProperty(), model.hasLocationsProperty(),
                model.historyTableProperty()));
        table.setPlaceholder(placeholder);

        // The model keeps the selection across refreshes; the table follows it, and tells it of clicks.
        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!syncingSelection && !model.rows().isEmpty()) {
                model.selectedRowProperty().set(now);
            }
        });
        model.selectedRowProperty().addListener((obs, was, now) -> selectInTable(now));
        model.rows().addListener((ListChangeListener<MigrationRow>) c -> selectInTable(model.selectedRowProperty().get()));
        return table;
    }

    private void selectInTable(MigrationRow row) {
        if (Objects.equals(table.getSelectionModel().getSelectedItem(), row)) {
            return;
        }
        syncingSelection = true;
        try {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
        } finally {
            syncingSelection = false;
        }
    }

    private TableColumn<MigrationRow, MigrationStatus> stateColumn() {
        TableColumn<MigrationRow, MigrationStatus> state = new TableColumn<>("State");
        state.setPrefWidth(215);
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(MigrationStatus status, boolean empty) {
                super.updateItem(status, empty);
                getStyleClass().removeAll(STATE_CELL, "tone-success", "tone-warning", "tone-danger");
                if (empty || status == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(status.displayName());
                setGraphic(new FontIcon(status.icon()));
                getStyleClass().add(STATE_CELL);
                if (status.tone() != Tone.NEUTRAL) {
                    getStyleClass().add("tone-" + status.tone().styleClass());
                }
            }
        });
        return state;
    }

    /** The check's verdict and short reason on pending rows: "dangerous: Index built without CONCURRENTLY". */
    private TableColumn<MigrationRow, MigrationRow> checkColumn() {
        TableColumn<MigrationRow, MigrationRow> check = new TableColumn<>("Check");
        check.setId("check-column");
        check.setPrefWidth(290);
        check.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        check.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(MigrationRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeIf(style -> style.startsWith(MigrationPreviewDialog.VERDICT));
                getStyleClass().remove("check-cell");
                var found = empty || row == null ? java.util.Optional.<dev.railyard.migrate.check.ScriptCheck>empty() : model.checkOf(row);
                if (found.isEmpty()) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(MigrationPreview.shortReason(found.get()));
                setTooltip(new Tooltip(MigrationsModel.checkInWords(found.get())));
                getStyleClass().addAll("check-cell", MigrationPreviewDialog.VERDICT + "-"
                        + found.get().verdict().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return check;
    }

    private Node detailPane() {
        Label title = new Label();
        title.setId("detail-title");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        title.textProperty().bind(model.detailTitleProperty());
        Label text = new Label();
        text.setId("detail-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.textProperty().bind(Bindings.createStringBinding(() -> model.selectedRowProperty().get() == null
                ? "Select a migration to see what it does. Pending and changed ones show their SQL here."
                : model.detailTextProperty().get(), model.selectedRowProperty(), model.detailTextProperty()));
        TextArea script = new TextArea();
        script.setId("migration-script");
        script.setEditable(false);
        script.getStyleClass().add(MONOSPACE);
        script.textProperty().bind(model.scriptTextProperty());
        script.setMinHeight(Region.USE_PREF_SIZE);
        script.prefRowCountProperty().bind(Bindings.createIntegerBinding(
                () -> (int) Math.max(3, Math.min(10, model.scriptTextProperty().get().lines().count() + 1)),
                model.scriptTextProperty()));
        script.visibleProperty().bind(model.scriptTextProperty().isNotEmpty());
        script.managedProperty().bind(script.visibleProperty());
        Label check = new Label();
        check.setId("detail-check");
        check.setWrapText(true);
        check.setMinHeight(Region.USE_PREF_SIZE);
        check.textProperty().bind(model.checkTextProperty());
        check.getStyleClass().add("detail-check");
        model.checkVerdictProperty().addListener((obs, was, now) -> {
            check.getStyleClass().removeIf(style -> style.startsWith(MigrationPreviewDialog.VERDICT));
            if (now != null) {
                check.getStyleClass().add(MigrationPreviewDialog.VERDICT + "-text-" + now.name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        check.visibleProperty().bind(model.checkTextProperty().isNotEmpty());
        check.managedProperty().bind(check.visibleProperty());
        VBox pane = new VBox(8, title, check, text, script);
        pane.setId("migration-detail");
        pane.getStyleClass().add("migration-detail");
        ScrollPane scroll = new ScrollPane(pane);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().addAll("detail-scroll", Styles.FLAT);
        scroll.setMinHeight(0);
        scroll.visibleProperty().bind(Bindings.isNotEmpty(model.rows()));
        scroll.managedProperty().bind(scroll.visibleProperty());
        return scroll;
    }

    private Node timelinePane() {
        Label heading = new Label("Migrations applied by Flyway and by the other tools found in this database, newest first."
                + " Failed ones are red.");
        heading.getStyleClass().addAll(Styles.TEXT_MUTED);
        heading.setWrapText(true);
        heading.setMinHeight(Region.USE_PREF_SIZE);

        Label notes = new Label();
        notes.setId("other-tools-notes");
        notes.setWrapText(true);
        notes.getStyleClass().add(Styles.TEXT_SMALL);
        notes.setMinHeight(Region.USE_PREF_SIZE);
        notes.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", model.otherToolNotes()),
                model.otherToolNotes()));
        notes.visibleProperty().bind(Bindings.isNotEmpty(model.otherToolNotes()));
        notes.managedProperty().bind(notes.visibleProperty());

        TableView<HistoryEntry> timeline = new TableView<>(model.timeline());
        timeline.setId("migration-timeline");
        TableColumn<HistoryEntry, EntryStatus> status = new TableColumn<>("Status");
        status.setPrefWidth(115);
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(EntryStatus s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeAll(STATE_CELL, "tone-success", "tone-warning", "tone-danger");
                if (empty || s == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(s.displayName());
                setGraphic(new FontIcon(s.icon()));
                getStyleClass().add(STATE_CELL);
                if (s.tone() != Tone.NEUTRAL) {
                    getStyleClass().add("tone-" + s.tone().styleClass());
                }
            }
        });
        timeline.getColumns().setAll(List.of(
                timelineColumn("When", 150, e -> e.when() == null ? "—" : when(e.when())),
                timelineColumn("Tool", 95, e -> e.tool().displayName()),
                timelineColumn("Migration", 230, MigrationsView::what),
                status,
                timelineColumn("Detail", 320, HistoryEntry::detail)));
        timeline.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(HistoryEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                getStyleClass().removeAll(ROW_DANGER, ROW_WARNING);
                if (!empty && entry != null) {
                    if (entry.status() == EntryStatus.FAILED) {
                        getStyleClass().add(ROW_DANGER);
                    } else if (entry.status() == EntryStatus.ROLLED_BACK) {
                        getStyleClass().add(ROW_WARNING);
                    }
                }
            }
        });
        Label empty = new Label();
        empty.textProperty().bind(Bindings.createStringBinding(() -> model.loadedProperty().get()
                ? "Nothing applied yet, by Flyway or any other tool Railyard recognises" : "", model.loadedProperty()));
        timeline.setPlaceholder(empty);
        VBox.setVgrow(timeline, Priority.ALWAYS);

        VBox pane = new VBox(6, heading, notes, timeline);
        pane.getStyleClass().add("migration-timeline-pane");
        return pane;
    }

    /** "V2 create orders", "20240101_init": the version only where the name does not already say it. */
    static String what(HistoryEntry entry) {
        String version = entry.version();
        if (version == null || version.isBlank() || entry.name().contains(version)) {
            return entry.name();
        }
        return (entry.tool() == dev.railyard.migrate.history.HistoryTool.FLYWAY ? "V" : "") + version + "  " + entry.name();
    }

    private static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    private static TableColumn<MigrationRow, String> column(String title, double width, Function<MigrationRow, String> value) {
        TableColumn<MigrationRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> constant(value.apply(c.getValue())));
        return column;
    }

    private static TableColumn<HistoryEntry, String> timelineColumn(String title, double width, Function<HistoryEntry, String> value) {
        TableColumn<HistoryEntry, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> constant(value.apply(c.getValue())));
        return column;
    }

    private static ObservableValue<String> constant(String value) {
        return new ReadOnlyObjectWrapper<>(value == null ? "" : value);
    }

    // ---------------------------------------------------------------- actions with their questions

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /**
     * "Migrate" and "Back up, then migrate": the check runs as a reading job, then the preview asks;
     * Cancel runs nothing. The dialog's buttons decide which path runs.
     */
    private void preview() {
        ConnectionProfile profile = model.profileProperty().get();
        if (profile == null || previewing) {
            return;
        }
        previewing = true;
        try {
            model.preview((preview, failure) -> {
                previewing = false;
                if (failure != null) {
                    ProblemText words = ProblemText.of(failure);
                    javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                            words.summary() + (words.fix().isEmpty() ? "" : "\n" + words.fix()));
                    alert.setHeaderText("Could not read the pending migrations: nothing was migrated");
                    alert.initOwner(window());
                    alert.showAndWait();
                    return;
                }
                showPreview(profile, preview);
            });
        } catch (IllegalStateException refused) {
            previewing = false;
            org.slf4j.LoggerFactory.getLogger(MigrationsView.class).warn("Migration preview refused: {}", refused.getMessage());
        }
    }

    private void showPreview(ConnectionProfile profile, MigrationPreview preview) {
        ConnectionProfile now = model.profileProperty().get();
        if (now == null || !now.name().equals(profile.name())) {
            return; // the selection moved on while the check ran
        }
        var hook = model.backUpFirstProperty().get();
        MigrationPreviewDialog.create(window(), profile, preview, model.targetVersion(), model.needsTypedName(),
                        model.confirmationWord(), hook != null, model.defaultLockTimeout())
                .showAndWait().ifPresent(choice -> {
                    if (choice.backUpFirst() && hook != null) {
                        hook.start(model.targetVersion(), choice.typed(), choice.lockTimeout(), choice.statementTimeout());
                    } else {
                        act(() -> model.migrate(choice.typed(), choice.lockTimeout(), choice.statementTimeout()));
                    }
                });
    }

    private void repair() {
        MigrationDialogs.confirmRepair(window(), model.profileProperty().get(), model.confirmationWord(), model.needsTypedName(),
                historyTable()).showAndWait().ifPresent(typed -> act(() -> model.repair(typed)));
    }

    private void baseline() {
        MigrationDialogs.baseline(window(), model.profileProperty().get(), model.confirmationWord(), model.needsTypedName(),
                historyTable()).showAndWait()
                .ifPresent(request -> act(() -> model.baseline(request.version(), request.description(), request.typed())));
    }

    private String historyTable() {
        String table = model.historyTableProperty().get();
        return table.isEmpty() ? "flyway_schema_history" : table;
    }

    /** Runs an action; a refusal (no folder, not confirmed) cannot normally happen since the buttons guard it. */
    private void act(Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException | IllegalArgumentException e) {
            org.slf4j.LoggerFactory.getLogger(MigrationsView.class).warn("Migration action refused: {}", e.getMessage());
        }
    }

    private void editLocations() {
        ConnectionProfile profile = model.profileProperty().get();
        if (profile == null) {
            return;
        }
        Optional<List<String>> chosen = MigrationDialogs.editLocations(window(), profile, model.locations()).showAndWait();
        chosen.ifPresent(folders -> model.saveLocations(folders, problem -> {
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, problem);
            alert.setHeaderText("The locations were not saved");
            alert.initOwner(window());
            alert.showAndWait();
        }));
    }
}
