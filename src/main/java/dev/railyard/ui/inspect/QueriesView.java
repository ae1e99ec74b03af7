package dev.railyard.ui.inspect;

import dev.railyard.ui.ConfirmationDialogs;
import dev.railyard.ui.Confirmation;
import atlantafx.base.theme.Styles;
import dev.railyard.inspect.QueryStatsReport;
import dev.railyard.inspect.QueryStatsRow;
import dev.railyard.inspect.QueryStatsStatus;
import dev.railyard.ui.Icons;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Queries tab: the statements that took the most time, the selected one in full below.
 * Without a source of statistics, a banner says why and what to change, and offers to do it
 * where Railyard may (after showing the statement and asking).
 */
public final class QueriesView extends InspectTabView<QueryStatsReport, QueryStatsRow> {

    private final QueriesModel queries;
    private final Label bannerTitle = new Label();
    private final TextArea bannerFix = new TextArea();
    private final Label bannerNote = new Label();
    private final Button enable = new Button();

    public QueriesView(QueriesModel model) {
        this(model, new ResultTableView<>(model.table(), "queries", model.placeholderProperty()));
    }

    private QueriesView(QueriesModel model, ResultTableView<QueryStatsRow> table) {
        super(model, table);
        this.queries = model;
        reportCopies(table);

        Button reset = new Button("Reset statistics…", Icons.icon(Feather.ROTATE_CCW));
        reset.setId("queries-reset");
        reset.getStyleClass().add(Styles.DANGER);
        reset.setTooltip(new Tooltip("Discard the collected statistics of every statement, for every user of the server"));
        reset.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.canReset() || model.workingProperty().get(),
                model.statusProperty(), model.workingProperty()));
        reset.setOnAction(e -> {
            Confirmation question = model.resetConfirmation();
            if (question != null) {
                ConfirmationDialogs.ask(getScene().getWindow(), question).ifPresent(model::resetStatistics);
            }
        });
        reset.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        javafx.scene.control.CheckBox own = new javafx.scene.control.CheckBox("Railyard's own");
        own.setId("queries-show-own");
        own.setTooltip(new Tooltip("Also list the statements Railyard itself sends: its catalog queries, session set-up and health checks"));
        own.selectedProperty().bindBidirectional(model.showOwnProperty());
        Button explain = new Button("Explain…", Icons.icon(Feather.GIT_BRANCH));
        explain.setId("queries-explain");
        explain.setTooltip(new Tooltip("The plan of the selected statement: PostgreSQL 16+ plans it generically, other "
                + "servers ask for its parameters' values"));
        explain.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.canExplain(table.selectedRowProperty().get()),
                table.selectedRowProperty()));
        explain.setOnAction(e -> explain(table.selectedRowProperty().get()));
        explain.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.control.MenuItem explainItem = new javafx.scene.control.MenuItem("Explain…", Icons.icon(Feather.GIT_BRANCH));
        explainItem.setId("queries-explain-menu");
        explainItem.disableProperty().bind(explain.disableProperty());
        explainItem.setOnAction(e -> explain(table.selectedRowProperty().get()));
        table.table().setContextMenu(new javafx.scene.control.ContextMenu(explainItem));
        addTools(explain, own);

        addBanner(banner());
        Label source = note("queries-source", Bindings.createStringBinding(() -> {
            QueryStatsStatus s = model.statusProperty().get();
            if (s == null || !s.available()) {
                return "";
            }
            return s.message() + (s.note() == null || s.fix() != null ? "" : " " + s.note());
        }, model.statusProperty()), Styles.TEXT_MUTED);
        source.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(source, Priority.ALWAYS);
        HBox sourceLine = new HBox(10, source, reset);
        sourceLine.setAlignment(Pos.CENTER_LEFT);
        reset.visibleProperty().bind(source.visibleProperty());
        reset.managedProperty().bind(reset.visibleProperty());
        addBanner(sourceLine);

        TextArea statement = new TextArea();
        statement.setId("queries-statement");
        statement.setEditable(false);
        statement.setWrapText(true);
        statement.getStyleClass().add("sql-text");
        statement.setPromptText("Select a statement to see it whole.");
        table.selectedRowProperty().addListener((obs, was, now) -> statement.setText(now == null ? "" : now.query()));

        SplitPane body = new SplitPane(table.control(), statement);
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.78);
        setBody(body);

        model.statusProperty().addListener((obs, was, now) -> showStatus());
        showStatus();
    }

    private void explain(QueryStatsRow row) {
        dev.railyard.ui.plan.ExplainModel explainer = queries.explainer(row);
        if (explainer != null) {
            dev.railyard.ui.plan.PlanWindow.open(getScene().getWindow(), explainer);
        }
    }

    private VBox banner() {
        bannerTitle.setId("queries-banner-title");
        bannerTitle.setWrapText(true);
        bannerTitle.getStyleClass().add("banner-title");
        bannerFix.setId("queries-banner-fix");
        bannerFix.setEditable(false);
        bannerFix.getStyleClass().add("sql-text");
        bannerFix.setPrefRowCount(3);
        bannerFix.managedProperty().bind(bannerFix.visibleProperty());
        bannerNote.setWrapText(true);
        bannerNote.getStyleClass().add(Styles.TEXT_SMALL);
        bannerNote.managedProperty().bind(bannerNote.visibleProperty());

        enable.setId("queries-enable");
        enable.getStyleClass().add(Styles.ACCENT);
        enable.managedProperty().bind(enable.visibleProperty());
        enable.disableProperty().bind(queries.workingProperty());
        enable.setOnAction(e -> {
            Confirmation question = queries.enableConfirmation();
            if (question != null && ConfirmationDialogs.confirm(getScene().getWindow(), question)) {
                queries.enable();
            }
        });
        Label shown = new Label("Nothing runs until you confirm.");
        shown.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        shown.visibleProperty().bind(enable.visibleProperty());
        HBox actions = new HBox(10, enable, shown);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.managedProperty().bind(actions.visibleProperty());
        actions.visibleProperty().bind(enable.visibleProperty());

        VBox box = new VBox(6, bannerTitle, bannerFix, bannerNote, actions);
        box.setId("queries-banner");
        box.getStyleClass().addAll("status-banner", "banner-warning");
        box.visibleProperty().bind(queries.bannerNeeded());
        box.managedProperty().bind(box.visibleProperty());
        VBox.setVgrow(bannerFix, Priority.NEVER);
        return box;
    }

    private void showStatus() {
        QueryStatsStatus s = queries.statusProperty().get();
        if (s == null) {
            return;
        }
        bannerTitle.setText(s.message());
        bannerFix.setText(s.fix() == null ? "" : s.fix());
        bannerFix.setVisible(s.fix() != null);
        bannerFix.setPrefRowCount((int) Math.min(5, s.fix() == null ? 1 : s.fix().lines().count()));
        bannerNote.setText(s.note() == null ? "" : s.note());
        bannerNote.setVisible(s.note() != null);
        String label = queries.enableLabel();
        enable.setText(label == null ? "" : label);
        enable.setVisible(label != null);
    }
}
