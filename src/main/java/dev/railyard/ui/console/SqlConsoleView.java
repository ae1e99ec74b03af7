package dev.railyard.ui.console;

import atlantafx.base.theme.Styles;
import dev.railyard.console.ConsoleHistory;
import dev.railyard.guard.ConfirmationRequiredException;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Confirmation;
import dev.railyard.ui.ConfirmationDialogs;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.kordamp.ikonli.feather.Feather;

/**
 * One profile's SQL console: the mode (read-only on production, or read-write with its
 * transaction bar), the editor with highlighting, bracket matching and the failing place marked,
 * the results (a tab per result set, and Output), the history beside them, and a status line.
 *
 * <p>Keys in the editor: Ctrl+Enter runs the statement under the caret (or the selection),
 * Ctrl+Shift+Enter the script, Esc cancels, Ctrl+Up / Ctrl+Down recall the history.
 */
public final class SqlConsoleView extends VBox {

    public static final String STYLE = "sql-console";
    static final String ERROR = "sql-error";
    static final String BRACKET_MATCH = "sql-bracket-match";
    /** Texts longer than this are not coloured: a pasted dump stays responsive. */
    private static final int HIGHLIGHT_LIMIT = 200_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final SqlConsoleModel model;
    private final CodeArea editor = new CodeArea();
    private final TabPane results = new TabPane();
    /** The editor above, the results below. */
    private final SplitPane work;
    private static final double EDITOR_SHARE = 0.42;
    /** A plan is a tall tree: the editor gives it room while it is shown (one statement needs few lines). */
    private static final double EDITOR_SHARE_WITH_PLAN = 0.22;
    private final Map<ResultModel, Tab> resultTabs = new HashMap<>();
    private final Timeline ticks = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
    private List<SqlHighlighting.Token> tokens = List.of();
    private final Map<Integer, Collection<String>> styleSets = new HashMap<>();

    public SqlConsoleView(SqlConsoleModel model) {
        this.model = model;
        getStyleClass().add(STYLE);
        setId("sql-console");

        editor.setId("sql-editor");
        editor.getStyleClass().add("sql-editor");
        editor.setParagraphGraphicFactory(LineNumberFactory.get(editor));
        editor.textProperty().addListener((obs, was, now) -> {
            tokens = now.length() > HIGHLIGHT_LIMIT ? List.of() : SqlHighlighting.tokens(now);
            if (model.errorProperty().get() != null) {
                model.errorProperty().set(null); // the text changed under the mark
            } else {
                restyle();
            }
        });
        editor.caretPositionProperty().addListener((obs, was, now) -> restyle());
        model.errorProperty().addListener((obs, was, now) -> showError(now));
        editor.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);

        VirtualizedScrollPane<CodeArea> editorScroll = new VirtualizedScrollPane<>(editor);
        VBox editorBox = new VBox(editorScroll, errorBox());
        VBox.setVgrow(editorScroll, Priority.ALWAYS);

        results.setId("sql-results");
        results.getStyleClass().add("sql-results");
        Tab output = new Tab("Output", outputList());
        output.setId("sql-output-tab");
        output.setClosable(false);
        results.getTabs().add(output);
        model.results().addListener((ListChangeListener<ResultModel>) change -> syncResults());

        work = new SplitPane(editorBox, results);
        work.setOrientation(Orientation.VERTICAL);
        work.setDividerPositions(EDITOR_SHARE);
        SplitPane withHistory = new SplitPane(work, historyPane());
        withHistory.setDividerPositions(0.78);
        VBox.setVgrow(withHistory, Priority.ALWAYS);
        SplitPane.setResizableWithParent(withHistory.getItems().get(1), false);

        Label status = new Label();
        status.setId("sql-status");
        status.getStyleClass().add("sql-status");
        status.textProperty().bind(model.statusProperty());
        status.setMaxWidth(Double.MAX_VALUE);

        getChildren().addAll(modeStrip(), toolBar(), withHistory, status);
        ticks.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((obs, was, scene) -> {
            if (scene == null) {
                ticks.stop();
            } else {
                ticks.play();
            }
        });
    }

    public SqlConsoleModel model() {
        return model;
    }

    CodeArea editor() {
        return editor;
    }

    // ---------------------------------------------------------------- top

    private HBox toolBar() {
        Button run = new Button("Run", Icons.icon(Feather.PLAY));
        run.setId("sql-run");
        run.setTooltip(new Tooltip("Run the statement under the caret, or the selection (Ctrl+Enter)"));
        run.setOnAction(e -> runAtCaret());
        Button script = new Button("Run script", Icons.icon(Feather.FAST_FORWARD));
        script.setId("sql-run-script");
        script.setTooltip(new Tooltip("Run every statement, stopping at the first error (Ctrl+Shift+Enter)"));
        script.setOnAction(e -> model.runAll(editor.getText()));
        run.disableProperty().bind(model.runningProperty());
        script.disableProperty().bind(model.runningProperty());
        Button cancel = new Button("Cancel", Icons.icon(Feather.SQUARE));
        cancel.setId("sql-cancel");
        cancel.setTooltip(new Tooltip("Stop the statement on the server, or stop reading a result (Esc)"));
        cancel.setOnAction(e -> model.cancel());
        MenuButton explain = new MenuButton("Explain", Icons.icon(Feather.GIT_BRANCH));
        explain.setId("sql-explain");
        explain.setTooltip(new Tooltip("The plan of the statement under the caret: a tree with the most expensive step marked"));
        MenuItem plan = new MenuItem("Explain");
        plan.setId("sql-explain-plan");
        plan.setOnAction(e -> explain(false));
        MenuItem analyze = new MenuItem("Explain analyze (runs the statement, then rolls it back)");
        analyze.setId("sql-explain-analyze");
        analyze.setOnAction(e -> explain(true));
        explain.getItems().addAll(plan, analyze);
        explain.disableProperty().bind(model.runningProperty());
        HBox bar = new HBox(8, run, script, cancel, explain);
        bar.getChildren().forEach(node -> ((Region) node).setMinWidth(Region.USE_PREF_SIZE));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("sql-toolbar");
        return bar;
    }

    /**
     * The console's mode in a strip the width of the tab: read-only on production (blue, with the
     * way to allow writes), read-write on production (red, with the open transaction's age, Commit
     * and Rollback; stronger once it is old), or plain elsewhere. The statement timeout is part of it.
     */
    private VBox modeStrip() {
        Label mode = new Label();
        mode.setId("sql-mode");
        mode.getStyleClass().add("sql-mode");
        mode.textProperty().bind(model.modeProperty());
        mode.setMinWidth(0);
        Tooltip modeText = new Tooltip();
        modeText.textProperty().bind(model.modeProperty());
        mode.setTooltip(modeText);
        Label transaction = new Label();
        transaction.setId("sql-transaction");
        transaction.getStyleClass().add("sql-transaction");
        transaction.textProperty().bind(model.transactionProperty());
        transaction.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(model.transactionProperty());
        transaction.setTooltip(whole);
        Button commit = new Button("Commit");
        commit.setId("sql-commit");
        commit.getStyleClass().add(Styles.SUCCESS);
        commit.setOnAction(e -> model.commit());
        Button rollback = new Button("Rollback");
        rollback.setId("sql-rollback");
        rollback.setOnAction(e -> model.rollback());
        for (Button button : List.of(commit, rollback)) {
            button.disableProperty().bind(model.runningProperty());
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, mode, grow);
        top.setAlignment(Pos.CENTER_LEFT);
        // The open transaction gets a line of its own, so its age and warning are never squeezed out.
        Region growMore = new Region();
        HBox.setHgrow(growMore, Priority.ALWAYS);
        HBox open = new HBox(10, transaction, growMore, commit, rollback);
        open.setAlignment(Pos.CENTER_LEFT);
        open.visibleProperty().bind(model.transactionSinceProperty().isNotNull());
        open.managedProperty().bind(open.visibleProperty());
        VBox strip = new VBox(4, top, open);
        strip.setId("sql-mode-strip");
        strip.getStyleClass().add("sql-mode-strip");
        if (model.production()) {
            Button writes = new Button();
            writes.setId("sql-read-write");
            writes.setMinWidth(Region.USE_PREF_SIZE);
            writes.textProperty().bind(javafx.beans.binding.Bindings.when(model.readWriteProperty())
                    .then("Back to read-only").otherwise("Read-write…"));
            writes.setTooltip(new Tooltip("Read-write asks for the database name and lasts until you switch back or"
                    + " close Railyard"));
            writes.setOnAction(e -> {
                if (model.readWriteProperty().get()) {
                    model.backToReadOnly();
                } else {
                    askForWrites();
                }
            });
            writes.disableProperty().bind(model.runningProperty());
            top.getChildren().add(writes);
        }
        Runnable tone = () -> {
            strip.getStyleClass().removeAll("sql-strip-read-only", "sql-strip-write", "sql-strip-old");
            mode.setGraphic(Icons.icon(model.production() && !model.readWriteProperty().get() ? Feather.LOCK : Feather.EDIT_3));
            if (model.production()) {
                strip.getStyleClass().add(model.readWriteProperty().get() ? "sql-strip-write" : "sql-strip-read-only");
            }
            if (model.transactionWarningProperty().get()) {
                strip.getStyleClass().add("sql-strip-old");
            }
        };
        model.readWriteProperty().addListener((obs, was, now) -> tone.run());
        model.transactionWarningProperty().addListener((obs, was, now) -> tone.run());
        tone.run();
        return strip;
    }

    private void explain(boolean analyze) {
        var selection = editor.getSelection();
        String typed = null;
        Confirmation question = analyze ? model.explainAnalyzeQuestion() : null;
        if (question != null) {
            Window owner = getScene() == null ? null : getScene().getWindow();
            typed = ConfirmationDialogs.ask(owner, question).orElse(null);
            if (typed == null) {
                return;
            }
        }
        try {
            model.explain(editor.getText(), editor.getCaretPosition(), selection.getStart(), selection.getEnd(), analyze, typed);
        } catch (ConfirmationRequiredException e) {
            // The dialog enables its button only for the right name; the guard has the last word.
        }
    }

    private void askForWrites() {
        Window owner = getScene() == null ? null : getScene().getWindow();
        ConfirmationDialogs.ask(owner, model.readWriteQuestion()).ifPresent(typed -> {
            try {
                model.allowWrites(typed);
            } catch (ConfirmationRequiredException e) {
                // The dialog enables its button only for the right name; the guard has the last word.
            }
        });
    }

    private VBox errorBox() {
        Label message = new Label();
        message.setId("sql-error-message");
        message.setWrapText(true);
        message.getStyleClass().add("sql-error-message");
        Label hint = new Label();
        hint.setId("sql-error-hint");
        hint.setWrapText(true);
        hint.getStyleClass().add("sql-error-hint");
        VBox box = new VBox(4, message, hint);
        box.getStyleClass().add("sql-error-box");
        box.setMinHeight(Region.USE_PREF_SIZE); // the editor gives way: message and hint are read whole
        model.errorProperty().addListener((obs, was, now) -> {
            message.setText(now == null ? "" : now.message());
            hint.setText(now == null || now.hint() == null ? "" : "Hint: " + now.hint());
            hint.setVisible(now != null && now.hint() != null);
            hint.setManaged(hint.isVisible());
        });
        box.visibleProperty().bind(model.errorProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private ListView<String> outputList() {
        ListView<String> list = new ListView<>(model.output());
        list.setId("sql-output");
        list.setPlaceholder(new Label("Statements without rows (INSERT, UPDATE, DDL…) report here."));
        model.output().addListener((ListChangeListener<String>) c -> list.scrollTo(model.output().size() - 1));
        return list;
    }

    private VBox historyPane() {
        Label title = new Label("History");
        title.getStyleClass().add(Styles.TITLE_4);
        TextField search = new TextField();
        search.setId("sql-history-search");
        search.setPromptText("Search the history");
        search.textProperty().bindBidirectional(model.historySearchProperty());
        ListView<ConsoleHistory.Entry> list = new ListView<>(model.history());
        list.setId("sql-history");
        Label empty = new Label("Statements you run show here.");
        empty.setWrapText(true);
        list.setPlaceholder(empty);
        list.setCellFactory(l -> new ListCell<>() {
            {
                // As wide as the list, the text cut with an ellipsis: no sideways scrolling.
                prefWidthProperty().bind(l.widthProperty().subtract(18));
                setMaxWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(ConsoleHistory.Entry entry, boolean empty) {
                super.updateItem(entry, empty);
                if (empty || entry == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                String first = entry.statement().lines().findFirst().orElse("");
                setText(first + "\n" + WHEN.format(entry.at()) + " · " + ResultModel.seconds(java.time.Duration.ofMillis(
                        entry.durationMillis())) + (entry.rows() >= 0 ? " · " + ResultModel.count(entry.rows()) : "")
                        + (entry.outcome() == ConsoleHistory.Outcome.OK ? "" : " · " + entry.outcome().name().toLowerCase()));
                setTooltip(new Tooltip(entry.statement()));
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                editor.replaceText(list.getSelectionModel().getSelectedItem().statement());
                editor.requestFocus();
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                editor.replaceText(list.getSelectionModel().getSelectedItem().statement());
                editor.requestFocus();
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox pane = new VBox(6, title, search, list);
        pane.getStyleClass().add("sql-history-pane");
        pane.setMinWidth(180);
        return pane;
    }

    // ---------------------------------------------------------------- keys and running

    private void keys(KeyEvent e) {
        boolean ctrl = e.isShortcutDown();
        if (e.getCode() == KeyCode.ENTER && ctrl && e.isShiftDown()) {
            model.runAll(editor.getText());
        } else if (e.getCode() == KeyCode.ENTER && ctrl) {
            runAtCaret();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            model.cancel();
        } else if (e.getCode() == KeyCode.UP && ctrl) {
            recalled(model.recallOlder(editor.getText()));
        } else if (e.getCode() == KeyCode.DOWN && ctrl) {
            recalled(model.recallNewer());
        } else {
            return;
        }
        e.consume();
    }

    private void runAtCaret() {
        var selection = editor.getSelection();
        model.runAtCaret(editor.getText(), editor.getCaretPosition(), selection.getStart(), selection.getEnd());
    }

    private void recalled(String text) {
        if (text != null) {
            editor.replaceText(text);
            editor.moveTo(text.length());
        }
    }

    // ---------------------------------------------------------------- results

    private void syncResults() {
        for (ResultModel gone : new ArrayList<>(resultTabs.keySet())) {
            if (!model.results().contains(gone)) {
                results.getTabs().remove(resultTabs.remove(gone));
            }
        }
        for (ResultModel result : model.results()) {
            if (!resultTabs.containsKey(result)) {
                javafx.scene.Node view;
                if (result.plan() != null) {
                    dev.railyard.ui.plan.PlanView plan = new dev.railyard.ui.plan.PlanView();
                    plan.show(result.plan());
                    view = plan;
                } else {
                    view = new ResultView(result, model.profile().dialect(), this::export);
                }
                Tab tab = new Tab(result.title(), view);
                if (result.plan() != null) {
                    work.setDividerPositions(EDITOR_SHARE_WITH_PLAN);
                }
                tab.setId("sql-result-" + result.title().replace(' ', '-').toLowerCase());
                tab.setOnClosed(e -> model.closeResult(result));
                resultTabs.put(result, tab);
                results.getTabs().add(results.getTabs().size() - 1, tab);
                if (resultTabs.size() == 1) {
                    results.getSelectionModel().select(tab);
                }
            }
        }
    }

    private void export(ResultModel result, Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + result.title() + " to CSV");
        chooser.setInitialFileName(model.profile().name() + "-" + result.title().replace(' ', '-').toLowerCase() + ".csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        java.io.File file = chooser.showSaveDialog(owner);
        if (file != null) {
            model.exportCsv(result, Path.of(file.getPath()));
        }
    }

    private void tick() {
        model.tick();
    }

    // ---------------------------------------------------------------- styling

    private void showError(SqlConsoleModel.ErrorMark mark) {
        restyle();
        if (mark != null && mark.start() >= 0 && mark.start() <= editor.getLength()) {
            editor.moveTo(mark.start());
            editor.requestFollowCaret();
        }
    }

    /** Colours, the matched brackets and the error mark, as one set of style spans. */
    private void restyle() {
        String text = editor.getText();
        int n = text.length();
        if (n == 0) {
            return;
        }
        int[] masks = new int[n];
        for (SqlHighlighting.Token token : tokens) {
            for (int i = token.start(); i < Math.min(n, token.end()); i++) {
                masks[i] |= 1 << token.kind().ordinal();
            }
        }
        int errorBit = 1 << SqlHighlighting.Kind.values().length;
        int bracketBit = errorBit << 1;
        SqlConsoleModel.ErrorMark mark = model.errorProperty().get();
        if (mark != null && mark.start() >= 0) {
            for (int i = Math.max(0, mark.start()); i < Math.min(n, Math.max(mark.end(), mark.start() + 1)); i++) {
                masks[i] |= errorBit;
            }
        }
        int[] brackets = tokens.isEmpty() && n > HIGHLIGHT_LIMIT ? null
                : SqlHighlighting.matchingBrackets(text, editor.getCaretPosition(), tokens);
        if (brackets != null) {
            masks[brackets[0]] |= bracketBit;
            masks[brackets[1]] |= bracketBit;
        }
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int runStart = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || masks[i] != masks[runStart]) {
                spans.add(styles(masks[runStart], errorBit, bracketBit), i - runStart);
                runStart = i;
            }
        }
        StyleSpans<Collection<String>> built = spans.create();
        editor.setStyleSpans(0, built);
    }

    private Collection<String> styles(int mask, int errorBit, int bracketBit) {
        return styleSets.computeIfAbsent(mask, m -> {
            List<String> classes = new ArrayList<>();
            for (SqlHighlighting.Kind kind : SqlHighlighting.Kind.values()) {
                if ((m & (1 << kind.ordinal())) != 0) {
                    classes.add(kind.styleClass());
                }
            }
            if ((m & errorBit) != 0) {
                classes.add(ERROR);
            }
            if ((m & bracketBit) != 0) {
                classes.add(BRACKET_MATCH);
            }
            return classes.isEmpty() ? Set.of() : List.copyOf(classes);
        });
    }
}
