package dev.railyard.ui.shell;

import atlantafx.base.theme.Styles;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.Icons;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Stylesheets;
import dev.railyard.ui.task.TaskPanelModel;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/** The bottom line: which database is active and how it answers, and what jobs are doing. */
public final class StatusBarView extends HBox {

    public static final String STYLE = "status-bar";
    public static final String ENV_PILL = "env-pill";
    public static final String FIELD = "status-field";
    public static final String PROBLEM = "status-problem";

    public StatusBarView(ShellModel model, TaskPanelModel tasks) {
        getStylesheets().add(Stylesheets.of("shell.css"));
        getStyleClass().add(STYLE);
        setAlignment(Pos.CENTER_LEFT);

        Label env = new Label();
        env.getStyleClass().add(ENV_PILL);
        env.setId("status-environment");
        model.activeProfileProperty().addListener((obs, was, now) -> showEnvironment(env, now));
        showEnvironment(env, model.activeProfile());

        Label profile = field("status-profile", Feather.DATABASE);
        profile.textProperty().bind(model.activeProfileTextProperty());
        Label server = field("status-server", Feather.SERVER);
        server.textProperty().bind(Bindings.concat("Server ", model.serverVersionProperty()));
        server.setTooltip(new Tooltip("Server version of the active connection"));
        Label latency = field("status-latency", Feather.CLOCK);
        latency.textProperty().bind(Bindings.concat("Latency ", model.latencyProperty()));
        latency.setTooltip(new Tooltip("Round trip to the active server"));

        Button problem = new Button(null, Icons.icon(Feather.ALERT_CIRCLE, 14));
        problem.setId("status-problem");
        problem.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, FIELD, PROBLEM);
        problem.setMinWidth(0);
        problem.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        HBox.setHgrow(problem, Priority.SOMETIMES);
        problem.visibleProperty().bind(model.connectionProblemProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            ProblemText p = model.connectionProblemProperty().get();
            return p == null ? "" : p.oneLine();
        }, model.connectionProblemProperty()));
        problem.tooltipProperty().bind(Bindings.createObjectBinding(() -> {
            ProblemText p = model.connectionProblemProperty().get();
            return p == null ? null : new Tooltip(p.summary() + (p.fix().isEmpty() ? "" : "\n\nWhat to do: " + p.fix()));
        }, model.connectionProblemProperty()));
        problem.setOnAction(e -> {
            ProblemText p = model.connectionProblemProperty().get();
            if (p != null && ShellDialogs.connectionProblem(getScene() == null ? null : getScene().getWindow(),
                    model.activeProfileTextProperty().get(), p)) {
                model.reconnect();
            }
        });

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        // The jobs indicator: how many run, the kind and progress of the current one; it opens the panel.
        javafx.scene.control.ProgressBar progress = new javafx.scene.control.ProgressBar();
        progress.setId("status-job-progress");
        progress.getStyleClass().add(Styles.SMALL);
        progress.setPrefWidth(72);
        progress.setMinWidth(72);
        javafx.scene.layout.StackPane kind = new javafx.scene.layout.StackPane(Icons.icon(Feather.LIST, 14));
        HBox indicator = new HBox(6, kind, progress);
        indicator.setAlignment(Pos.CENTER_LEFT);
        Button jobs = new Button(null, indicator);
        jobs.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, FIELD);
        jobs.setId("status-jobs");
        jobs.setMinWidth(Region.USE_PREF_SIZE);
        jobs.textProperty().bind(tasks.summaryProperty());
        jobs.setOnAction(e -> model.toggleTaskPanel());
        jobs.setTooltip(new Tooltip("Show or hide the task panel (Ctrl+J)"));

        showJob(tasks.currentProperty().get(), kind, progress, jobs);
        tasks.currentProperty().addListener((obs, was, now) -> showJob(now, kind, progress, jobs));

        // The status fields keep their width; only the problem text gives way (with an ellipsis).
        for (Label fixed : java.util.List.of(env, profile, server, latency)) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        profile.setMinWidth(140);
        profile.setMaxWidth(220);
        profile.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        profile.tooltipProperty().bind(Bindings.createObjectBinding(() -> new Tooltip(model.activeProfileTextProperty().get()),
                model.activeProfileTextProperty()));
        getChildren().addAll(env, profile, separator(), server, separator(), latency, problem, spacer, jobs);
    }

    /** The current job's kind and progress in the indicator; nothing but the list icon while none runs. */
    private static void showJob(dev.railyard.ui.task.JobRow row, javafx.scene.layout.StackPane kind,
                                javafx.scene.control.ProgressBar progress, Button jobs) {
        progress.progressProperty().unbind();
        if (row == null) {
            kind.getChildren().setAll(Icons.icon(Feather.LIST, 14));
            progress.setVisible(false);
            progress.setManaged(false);
            jobs.setTooltip(new Tooltip("Show or hide the task panel (Ctrl+J)"));
            return;
        }
        dev.railyard.ui.task.JobKind jobKind = dev.railyard.ui.task.JobKind.of(row.title(), row.writes());
        var icon = Icons.icon(jobKind.icon(), 14);
        icon.getStyleClass().add(jobKind.style());
        kind.getChildren().setAll(icon);
        progress.progressProperty().bind(row.progressProperty());
        progress.setVisible(true);
        progress.setManaged(true);
        jobs.setTooltip(new Tooltip(row.title() + "\nShow or hide the task panel (Ctrl+J)"));
    }

    private static void showEnvironment(Label env, ConnectionProfile profile) {
        env.getStyleClass().removeIf(style -> style.startsWith("env-") && !style.equals(ENV_PILL));
        if (profile == null) {
            env.setVisible(false);
            env.setManaged(false);
            return;
        }
        env.setText(profile.environment().displayName().toUpperCase(Locale.ROOT));
        env.getStyleClass().add(SidebarView.environmentStyle(profile.environment()));
        env.setVisible(true);
        env.setManaged(true);
    }

    private static Label field(String id, Feather icon) {
        Label label = new Label(null, Icons.icon(icon, 14));
        label.setId(id);
        label.getStyleClass().add(FIELD);
        return label;
    }

    private static Separator separator() {
        return new Separator(Orientation.VERTICAL);
    }
}
