package dev.railyard.ui.task;

import atlantafx.base.theme.Styles;
import dev.railyard.task.JobRecord;
import dev.railyard.task.JobState;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import java.util.HashMap;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The task panel: a card per running or queued job (progress, rate, time left, current step,
 * cancel) above the history of finished jobs (outcome, duration, log).
 */
public final class TaskPanelView extends VBox {

    public static final String STYLE = "task-panel";
    public static final String SECTION = "task-section";
    public static final String CARD = "job-card";
    public static final String CARD_TITLE = "job-title";
    public static final String CARD_DETAIL = "job-detail";
    public static final String CARD_MESSAGE = "job-message";
    public static final String QUEUED = "job-queued";
    public static final String HISTORY_CELL = "history-cell";
    public static final String LOG_AREA = "job-log";

    private static final double MAX_CARDS_HEIGHT = 440;

    private final TaskPanelModel model;
    private final VBox cards = new VBox();
    private final Map<JobRow, Node> cardsByRow = new HashMap<>();
    /** Keeps "Running for 12 s" and the ETA moving while a job reports nothing. */
    private final Timeline ticker;

    public TaskPanelView(TaskPanelModel model, Runnable hide) {
        this.model = model;
        getStylesheets().add(Stylesheets.of("task-panel.css"));
        getStyleClass().add(STYLE);
        setId("task-panel");

        Label title = new Label("Tasks");
        title.getStyleClass().add(Styles.TITLE_4);
        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.setId("task-summary");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button close = new Button(null, Icons.icon(Feather.X));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip("Hide the task panel (Ctrl+J)"));
        close.setOnAction(e -> hide.run());
        HBox header = new HBox(8, title, summary, spacer, close);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("task-header");

        Label activeTitle = section("Running and queued");
        Label nothing = new Label("Nothing running. Backups, migrations and restores show their progress here.");
        nothing.setWrapText(true);
        nothing.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL, "task-nothing");
        nothing.visibleProperty().bind(Bindings.isEmpty(model.activeJobs()));
        nothing.managedProperty().bind(nothing.visibleProperty());
        cards.getStyleClass().add("job-cards");
        cards.setId("job-cards");
        ScrollPane cardScroll = new ScrollPane(cards);
        cardScroll.setFitToWidth(true);
        cardScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // As tall as the cards, up to a cap that leaves room for the history below.
        cardScroll.prefViewportHeightProperty().bind(Bindings.min(MAX_CARDS_HEIGHT, cards.heightProperty()));
        cardScroll.visibleProperty().bind(nothing.visibleProperty().not());
        cardScroll.managedProperty().bind(cardScroll.visibleProperty());

        Label historyTitle = section("History");
        ListView<JobRecord> history = new ListView<>(model.history());
        history.setId("job-history");
        history.setPlaceholder(new Label("No finished jobs yet."));
        history.setCellFactory(list -> new HistoryCell());
        // Small by preference, growing into what the cards leave: running jobs come first.
        history.setPrefHeight(160);
        history.setMinHeight(100);
        VBox.setVgrow(history, Priority.ALWAYS);

        getChildren().addAll(header, activeTitle, nothing, cardScroll, historyTitle, history);

        model.activeJobs().addListener((ListChangeListener<JobRow>) change -> syncCards());
        syncCards();

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.refresh()));
        ticker.setCycleCount(Animation.INDEFINITE);
        // Tick only while something runs: an idle window stays idle.
        model.runningProperty().addListener((obs, was, now) -> updateTicker());
        updateTicker();
    }

    private void updateTicker() {
        if (model.runningProperty().get() > 0) {
            ticker.play();
        } else {
            ticker.stop();
        }
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(SECTION, Styles.TEXT_CAPTION);
        return label;
    }

    private void syncCards() {
        cardsByRow.keySet().retainAll(model.activeJobs());
        var nodes = model.activeJobs().stream().map(row -> cardsByRow.computeIfAbsent(row, this::card)).toList();
        cards.getChildren().setAll(nodes);
    }

    private Node card(JobRow row) {
        JobKind jobKind = JobKind.of(row.title(), row.writes());
        FontIcon kind = Icons.icon(jobKind.icon(), 14);
        kind.getStyleClass().add(jobKind.style());
        Label title = new Label(row.title(), kind);
        title.getStyleClass().add(CARD_TITLE);
        title.setWrapText(true);
        Tooltip.install(title, new Tooltip(row.writes() ? "Writes to " + row.profile() : "Reads only"));

        Label state = new Label();
        state.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        state.textProperty().bind(Bindings.createStringBinding(
                () -> (row.profile().isEmpty() ? "" : row.profile() + " · ") + row.stateProperty().get().displayName(),
                row.stateProperty()));

        Button cancel = new Button("Cancel", Icons.icon(Feather.X_CIRCLE, 14));
        cancel.getStyleClass().addAll(Styles.SMALL, Styles.DANGER, Styles.BUTTON_OUTLINED);
        cancel.setId("cancel-job-" + row.id());
        cancel.setOnAction(e -> model.cancel(row));
        cancel.disableProperty().bind(row.cancelRequestedProperty());
        cancel.textProperty().bind(Bindings.when(row.cancelRequestedProperty()).then("Cancelling…").otherwise("Cancel"));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, new VBox(2, title, state), spacer, cancel);
        top.setAlignment(Pos.TOP_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(row.progressProperty());
        bar.visibleProperty().bind(row.stateProperty().isEqualTo(JobState.RUNNING));
        bar.managedProperty().bind(bar.visibleProperty());

        Label detail = new Label();
        detail.getStyleClass().addAll(CARD_DETAIL, Styles.TEXT_SMALL);
        detail.textProperty().bind(row.detailProperty());
        detail.setWrapText(true);

        Label message = new Label();
        message.getStyleClass().addAll(CARD_MESSAGE, Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        message.textProperty().bind(row.messageProperty());
        message.visibleProperty().bind(row.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        VBox card = new VBox(6, top, bar, detail, message);
        card.getStyleClass().add(CARD);
        card.setId("job-card-" + row.id());
        row.stateProperty().addListener((obs, was, now) -> markQueued(card, now));
        markQueued(card, row.stateProperty().get());
        return card;
    }

    private static void markQueued(Node card, JobState state) {
        card.getStyleClass().remove(QUEUED);
        if (state == JobState.QUEUED) {
            card.getStyleClass().add(QUEUED);
        }
    }

    private void showLog(JobRecord record) {
        showLog(model, record, getScene() == null ? null : getScene().getWindow());
    }

    /** The log of a finished job in a dialog (from the panel's history or a finished job's notice). */
    public static void showLog(TaskPanelModel model, JobRecord record, javafx.stage.Window owner) {
        TextArea text = new TextArea(model.logText(record));
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add(LOG_AREA);
        text.setPrefSize(720, 420);
        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("Log of " + record.title());
        dialog.setHeaderText(record.title() + ": " + (record.outcome() == null ? "?" : record.outcome().displayName()));
        dialog.getDialogPane().setContent(text);
        dialog.getDialogPane().getStylesheets().add(Stylesheets.of("task-panel.css"));
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.setResizable(true);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.show();
    }

    /** A finished job: outcome icon, title, where and how long, the error, and a log button. */
    private final class HistoryCell extends ListCell<JobRecord> {
        @Override
        protected void updateItem(JobRecord record, boolean empty) {
            super.updateItem(record, empty);
            setText(null);
            if (empty || record == null) {
                setGraphic(null);
                return;
            }
            FontIcon outcome = outcomeIcon(record.outcome());
            JobKind jobKind = JobKind.of(record.title(), true);
            FontIcon kindIcon = Icons.icon(jobKind.icon(), 13);
            kindIcon.getStyleClass().add(jobKind.style());
            Label title = new Label(record.title(), kindIcon);
            title.getStyleClass().add(Styles.TEXT_BOLD);
            Label line = new Label(model.describe(record));
            line.setTooltip(new Tooltip(model.describe(record)));
            line.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            VBox text = new VBox(2, title, line);
            String failure = TaskPanelModel.shortError(record);
            if (!failure.isEmpty()) {
                // A Text, not a Label: its height follows the wrapping width, so the cell grows to fit.
                Text error = new Text(failure);
                error.getStyleClass().addAll(Styles.TEXT, Styles.DANGER, Styles.TEXT_SMALL);
                error.wrappingWidthProperty().bind(getListView().widthProperty().subtract(80));
                text.getChildren().add(error);
            }
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            Button log = new Button(null, Icons.icon(Feather.FILE_TEXT, 14));
            log.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            log.setTooltip(new Tooltip("Show the log"));
            log.setOnAction(e -> showLog(record));
            HBox row = new HBox(8, outcome, text, log);
            row.setAlignment(Pos.TOP_LEFT);
            row.getStyleClass().add(HISTORY_CELL);
            // As wide as the list, so long titles and errors wrap instead of widening it.
            row.prefWidthProperty().bind(getListView().widthProperty().subtract(32));
            row.setMaxWidth(Region.USE_PREF_SIZE);
            setGraphic(row);
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2) {
                    showLog(record);
                }
            });
        }
    }

    static FontIcon outcomeIcon(JobState outcome) {
        FontIcon icon;
        if (outcome == JobState.SUCCEEDED) {
            icon = Icons.icon(Feather.CHECK_CIRCLE, 16);
            icon.getStyleClass().add(Styles.SUCCESS);
        } else if (outcome == JobState.FAILED) {
            icon = Icons.icon(Feather.ALERT_OCTAGON, 16);
            icon.getStyleClass().add(Styles.DANGER);
        } else {
            icon = Icons.icon(Feather.SLASH, 16);
            icon.getStyleClass().add(Styles.TEXT_MUTED);
        }
        return icon;
    }
}
