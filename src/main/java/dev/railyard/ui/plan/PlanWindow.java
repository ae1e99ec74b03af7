package dev.railyard.ui.plan;

import atlantafx.base.theme.Styles;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import dev.railyard.ui.Confirmation;
import dev.railyard.ui.ConfirmationDialogs;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * A window with one statement's plan: the statement, Explain / Explain analyze / Cancel, and the
 * {@link PlanView}. It asks for parameter values and, on production, for the database name before
 * EXPLAIN ANALYZE; the model runs everything as jobs.
 */
public final class PlanWindow extends VBox {

    private final ExplainModel model;
    private final PlanView plan = new PlanView();

    public PlanWindow(ExplainModel model) {
        this.model = model;
        setId("plan-window");
        getStyleClass().add("plan-window");
        getStylesheets().addAll(Stylesheets.of("inspect.css"), Stylesheets.of("plan.css"));

        TextArea statement = new TextArea(model.statement());
        statement.setId("plan-statement");
        statement.setEditable(false);
        statement.setWrapText(true);
        statement.getStyleClass().add("sql-text");
        statement.setPrefRowCount((int) Math.max(2, Math.min(4, model.statement().lines().count())));
        statement.setMinHeight(Region.USE_PREF_SIZE);

        Button explain = new Button("Explain", Icons.icon(Feather.GIT_BRANCH));
        explain.setId("plan-explain");
        explain.setTooltip(new Tooltip("The planner's plan; nothing runs. A statement with $n parameters gets "
                + "PostgreSQL 16+'s generic plan, elsewhere you give their values"));
        explain.setOnAction(e -> model.explain());
        Button analyze = new Button("Explain analyze…", Icons.icon(Feather.PLAY));
        analyze.setId("plan-analyze");
        analyze.getStyleClass().add(Styles.ACCENT);
        analyze.setTooltip(new Tooltip("Runs the statement inside a transaction that is rolled back, and shows what each "
                + "node really did"));
        analyze.setOnAction(e -> analyze());
        Button cancel = new Button("Cancel", Icons.icon(Feather.X_CIRCLE));
        cancel.setId("plan-cancel");
        cancel.setOnAction(e -> model.cancel());
        explain.disableProperty().bind(model.runningProperty());
        analyze.disableProperty().bind(model.runningProperty());
        cancel.disableProperty().bind(model.runningProperty().not());
        for (Button b : new Button[] {explain, analyze, cancel}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        Label status = new Label();
        status.setId("plan-status");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add("plan-status");
        model.problemProperty().addListener((obs, was, now) -> {
            status.getStyleClass().remove("plan-problem");
            if (now != null) {
                status.getStyleClass().add("plan-problem");
            }
        });

        HBox actions = new HBox(8, explain, analyze, cancel, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(plan, Priority.ALWAYS);
        getChildren().addAll(statement, actions, plan);

        model.planProperty().addListener((obs, was, now) -> plan.show(now));
        // Asked after the current pulse: a dialog cannot wait inside a layout or an animation.
        model.valuesNeededProperty().addListener((obs, was, now) -> {
            if (now != null) {
                Platform.runLater(() -> askValues(now));
            }
        });
    }

    public PlanView planView() {
        return plan;
    }

    public ExplainModel model() {
        return model;
    }

    /** Opens a plan window over {@code owner} and explains at once. */
    public static Stage open(Window owner, ExplainModel model) {
        PlanWindow view = new PlanWindow(model);
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle(model.title());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double width = owner == null ? 1100 : owner.getWidth() - 60;
        double height = owner == null ? 720 : owner.getHeight() - 60;
        stage.setScene(new Scene(view, Math.max(640, Math.min(width, Math.min(1240, screen.getWidth() - 40))),
                Math.max(420, Math.min(height, Math.min(820, screen.getHeight() - 60)))));
        stage.setMinWidth(600);
        stage.setMinHeight(400);
        if (owner != null) {
            // Over the window it came from, inside the screen (not centred on the owner, which can push it off a small one).
            stage.setX(Math.max(screen.getMinX(), Math.min(owner.getX() + 30, screen.getMaxX() - stage.getScene().getWidth())));
            stage.setY(Math.max(screen.getMinY(), Math.min(owner.getY() + 30, screen.getMaxY() - stage.getScene().getHeight())));
        }
        stage.setOnHidden(e -> model.cancel());
        stage.show();
        model.explain();
        return stage;
    }

    private void analyze() {
        Confirmation question = model.analyzeConfirmation();
        if (question == null) {
            model.analyze(null);
        } else {
            ConfirmationDialogs.ask(getScene().getWindow(), question).ifPresent(model::analyze);
        }
    }

    private void askValues(ParameterValues values) {
        if (model.valuesNeededProperty().get() != values) {
            return;
        }
        boolean analyzing = model.pendingAnalyze();
        ParameterDialog.ask(getScene().getWindow(), values, analyzing).ifPresentOrElse(model::giveValues,
                model::declineValues);
    }
}
