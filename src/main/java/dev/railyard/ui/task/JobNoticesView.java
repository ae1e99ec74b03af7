package dev.railyard.ui.task;

import atlantafx.base.theme.Styles;
import dev.railyard.task.JobRecord;
import dev.railyard.task.JobState;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import java.util.HashMap;
import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Short notices of finished jobs, in a corner over the content: the outcome, a link to the
 * log, and a close button. A success goes by itself after a few seconds; a failure or a
 * cancellation stays until the user closes it or opens its log.
 */
public final class JobNoticesView extends VBox {

    public static final String NOTICE = "job-notice";
    /** How long a success stays on screen. */
    static final Duration SUCCESS_SHOWS = Duration.seconds(8);

    private final TaskPanelModel model;
    private final Map<JobRecord, Node> shown = new HashMap<>();

    public JobNoticesView(TaskPanelModel model) {
        this.model = model;
        getStylesheets().add(Stylesheets.of("task-panel.css"));
        getStyleClass().add("job-notices");
        setId("job-notices");
        setSpacing(6);
        setAlignment(Pos.BOTTOM_RIGHT);
        setPickOnBounds(false);
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        model.notices().addListener((ListChangeListener<JobRecord>) change -> sync());
        sync();
    }

    private void sync() {
        shown.keySet().retainAll(model.notices());
        // At most three at once, newest at the bottom, next to the status bar.
        var visible = model.notices().subList(Math.max(0, model.notices().size() - 3), model.notices().size());
        getChildren().setAll(visible.stream().map(record -> shown.computeIfAbsent(record, this::notice)).distinct().toList());
    }

    private Node notice(JobRecord record) {
        boolean ok = record.outcome() == JobState.SUCCEEDED;
        JobKind kind = JobKind.of(record.title(), true);
        FontIcon kindIcon = Icons.icon(kind.icon(), 16);
        kindIcon.getStyleClass().add(kind.style());
        Label title = new Label(record.title());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setMaxWidth(360);
        title.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        title.setTooltip(new Tooltip(record.title()));
        String error = TaskPanelModel.shortError(record);
        // describe() starts with the outcome: "Failed · 3 s · 14:02".
        Label line = new Label(model.describe(record) + (error.isEmpty() ? "" : "\n" + error));
        line.setWrapText(true);
        line.setMaxWidth(360);
        line.getStyleClass().addAll(Styles.TEXT_SMALL, ok ? Styles.TEXT_MUTED : Styles.DANGER);
        line.setId("job-notice-text-" + record.id());
        Hyperlink log = new Hyperlink("Log");
        log.setId("job-notice-log-" + record.id());
        log.setOnAction(e -> {
            model.dismiss(record);
            TaskPanelView.showLog(model, record, getScene() == null ? null : getScene().getWindow());
        });
        Button close = new Button(null, Icons.icon(Feather.X, 12));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setId("job-notice-close-" + record.id());
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(e -> model.dismiss(record));
        VBox text = new VBox(2, title, line, log);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox box = new HBox(8, TaskPanelView.outcomeIcon(record.outcome()), kindIcon, text, close);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().addAll(NOTICE, ok ? "job-notice-success" : "job-notice-failure");
        box.setId("job-notice-" + record.id());
        box.setMaxWidth(440);
        if (ok) {
            PauseTransition later = new PauseTransition(SUCCESS_SHOWS);
            later.setOnFinished(e -> model.dismiss(record));
            later.play();
        }
        return box;
    }
}
