package dev.railyard.ui.inspect;

import dev.railyard.ui.ConfirmationDialogs;
import dev.railyard.ui.Confirmation;
import atlantafx.base.theme.Styles;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.ActivityReport;
import dev.railyard.inspect.BlockingTree;
import dev.railyard.inspect.SessionRow;
import dev.railyard.ui.Icons;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Activity tab: every session, the blocking chains as a tree (the root is the session to
 * look at first), the selected session's statement, and cancel / terminate after a confirmation.
 */
public final class ActivityView extends InspectTabView<ActivityReport, SessionRow> {

    private final ActivityModel activity;
    private final TreeView<SessionRow> chains = new TreeView<>(new TreeItem<>());
    /** The session the buttons act on: the one last selected in the table or the tree. */
    private final ObjectProperty<SessionRow> target = new SimpleObjectProperty<>();

    /** @param opener what double-clicking a session that waits for a table's lock opens: a look inside that table */
    public ActivityView(ActivityModel model, TableOpener opener) {
        this(model, new ResultTableView<>(model.table(), "activity", model.placeholderProperty()), opener);
    }

    private ActivityView(ActivityModel model, ResultTableView<SessionRow> sessions, TableOpener opener) {
        super(model, sessions);
        this.activity = model;
        TableOpener.onRows(sessions, opener, SessionRow::waitsOn);
        reportCopies(sessions);
        sessions.setRowStyles(s -> {
            List<String> styles = new ArrayList<>();
            if (s.blocked()) {
                styles.add("session-blocked");
            }
            if (s.self()) {
                styles.add("session-self");
            }
            return styles;
        });

        Button cancel = action("activity-cancel", ActivityModel.Action.CANCEL, Feather.X_CIRCLE,
                "Stop the statement the selected session runs; it stays connected");
        Button terminate = action("activity-terminate", ActivityModel.Action.TERMINATE, Feather.SLASH,
                "Close the selected session's connection, rolling back its transaction");
        terminate.getStyleClass().add(Styles.DANGER);
        Button explain = new Button("Explain…", Icons.icon(Feather.GIT_BRANCH));
        explain.setId("activity-explain");
        explain.setTooltip(new Tooltip("The plan of the selected session's statement"));
        explain.disableProperty().bind(Bindings.createBooleanBinding(() -> !activity.canExplain(target.get()), target));
        explain.setOnAction(e -> {
            dev.railyard.ui.plan.ExplainModel explainer = activity.explainer(target.get());
            if (explainer != null) {
                dev.railyard.ui.plan.PlanWindow.open(getScene().getWindow(), explainer);
            }
        });
        explain.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        javafx.scene.control.CheckBox background = new javafx.scene.control.CheckBox("Background workers");
        background.setId("activity-show-background");
        background.setTooltip(new Tooltip("Also list the server's own workers (autovacuum, checkpointer, WAL writer, event scheduler…)"));
        background.selectedProperty().bindBidirectional(model.showBackgroundProperty());
        addTools(background);

        addBanner(note("activity-notes", model.notesProperty(), Styles.TEXT_MUTED));

        sessions.selectedRowProperty().addListener((obs, was, now) -> target.set(now));

        chains.setId("activity-blocking");
        chains.setShowRoot(false);
        chains.getRoot().setExpanded(true);
        chains.setCellFactory(view -> new TreeCell<>() {
            @Override
            protected void updateItem(SessionRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("session-blocked");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(describe(item));
                if (item.blocked()) {
                    getStyleClass().add("session-blocked");
                }
            }
        });
        chains.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null && now.getValue() != null) {
                target.set(now.getValue());
            }
        });
        Label noChains = new Label("No session waits for another's lock.");
        noChains.getStyleClass().add(Styles.TEXT_MUTED);
        noChains.setId("activity-no-blocking");
        noChains.visibleProperty().bind(Bindings.isEmpty(model.blocking()).and(model.reportProperty().isNotNull()));
        noChains.managedProperty().bind(noChains.visibleProperty());
        model.blocking().addListener((ListChangeListener<BlockingTree.Node>) change -> showChains());

        Label chainsTitle = new Label("Blocking chains");
        chainsTitle.getStyleClass().add(Styles.TITLE_4);
        Label chainsHelp = new Label("Each top line holds locks the sessions below it wait for: start there.");
        chainsHelp.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        chainsHelp.setWrapText(true);
        chainsHelp.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox chainsBox = new VBox(4, chainsTitle, chainsHelp, noChains, chains);
        VBox.setVgrow(chains, Priority.ALWAYS);

        TextArea statement = new TextArea();
        statement.setId("activity-statement");
        statement.setEditable(false);
        statement.setWrapText(true);
        statement.getStyleClass().add("sql-text");
        statement.setPromptText("Select a session to see its statement.");
        Label statementTitle = new Label("Statement");
        statementTitle.getStyleClass().add(Styles.TITLE_4);
        statementTitle.textProperty().bind(Bindings.createStringBinding(() -> target.get() == null ? "Statement"
                : "Statement of " + idLabel() + " " + target.get().id(), target));
        target.addListener((obs, was, now) -> statement.setText(now == null || now.query() == null ? "" : now.query()));
        statementTitle.setMinWidth(0);
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(gap, Priority.ALWAYS);
        cancel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        terminate.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // The title above the actions, so neither is cut when the pane is narrow (1024 px wide windows).
        javafx.scene.layout.HBox statementActions = new javafx.scene.layout.HBox(8, explain, cancel, terminate, gap);
        statementActions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        statementTitle.setWrapText(true);
        VBox statementBox = new VBox(4, statementTitle, statementActions, statement);
        VBox.setVgrow(statement, Priority.ALWAYS);

        SplitPane lower = new SplitPane(chainsBox, statementBox);
        lower.setDividerPositions(0.45);
        SplitPane body = new SplitPane(sessions.control(), lower);
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.62);
        body.getStyleClass().add("inspect-body");
        setBody(body);
        // A refresh replaces the rows: keep acting on the same session, as it is now.
        model.table().rows().addListener((ListChangeListener<SessionRow>) change -> {
            SessionRow current = target.get();
            if (current != null) {
                target.set(model.table().rows().stream().filter(s -> s.id() == current.id()).findFirst().orElse(null));
            }
        });
    }

    private Button action(String id, ActivityModel.Action action, Feather icon, String tooltip) {
        Button button = new Button(action.label() + "…", Icons.icon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        button.disableProperty().bind(Bindings.createBooleanBinding(() -> !activity.canAct(target.get()), target));
        button.setOnAction(e -> {
            SessionRow session = target.get();
            Confirmation question = activity.confirmation(action, session);
            if (question != null) {
                ConfirmationDialogs.ask(getScene().getWindow(), question).ifPresent(typed -> activity.act(action, session, typed));
            }
        });
        return button;
    }

    private String idLabel() {
        return activity.profile() != null && activity.profile().dialect() == Dialect.MYSQL ? "connection" : "session";
    }

    private void showChains() {
        List<TreeItem<SessionRow>> roots = new ArrayList<>();
        for (BlockingTree.Node node : activity.blocking()) {
            roots.add(item(node));
        }
        chains.getRoot().getChildren().setAll(roots);
    }

    private static TreeItem<SessionRow> item(BlockingTree.Node node) {
        TreeItem<SessionRow> item = new TreeItem<>(node.session());
        item.setExpanded(true);
        for (BlockingTree.Node child : node.blocked()) {
            item.getChildren().add(item(child));
        }
        return item;
    }

    /** "4711 · app_user · idle in transaction · 2 min 05 s · UPDATE orders SET …" */
    static String describe(SessionRow s) {
        StringBuilder text = new StringBuilder().append(s.id());
        if (s.user() != null) {
            text.append(" · ").append(s.user());
        }
        if (s.state() != null) {
            text.append(" · ").append(s.state());
        }
        Long millis = s.transactionMillis() != null ? s.transactionMillis() : s.queryMillis();
        if (millis != null) {
            text.append(" · ").append(Format.millis(millis));
        }
        if (s.query() != null && !s.query().isBlank()) {
            text.append(" · ").append(Format.oneLine(s.query(), 70));
        }
        return text.toString();
    }
}
