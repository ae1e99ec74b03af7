package dev.railyard.ui.inspect;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.railyard.ui.Icons;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Stylesheets;
import java.io.File;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

/**
 * The frame every inspect tab shares: a toolbar (filter, refresh, auto-refresh, copy, CSV
 * export, the tab's own actions, a loading indicator and "last refreshed"), the problem of the
 * last read, the outcome of the last action, and the tab's body below. Ids start with the
 * feature's name: "tables-filter", "tables-refresh", ...
 */
public abstract class InspectTabView<T, R> extends VBox {

    protected final InspectModel<T, R> model;
    protected final String prefix;
    /** Wraps onto a second line on a narrow window: no action is ever cut or hidden. */
    private final javafx.scene.layout.FlowPane tools = new javafx.scene.layout.FlowPane(6, 6);
    private final VBox banners = new VBox(6);
    private final RowsView<R> rows;
    private Timeline timer;

    protected InspectTabView(InspectModel<T, R> model, RowsView<R> rows) {
        this.model = model;
        this.rows = rows;
        this.prefix = model.feature().name().toLowerCase(Locale.ROOT);
        getStylesheets().add(Stylesheets.of("inspect.css"));
        getStyleClass().addAll("inspect-tab", prefix + "-tab");
        setId(prefix + "-view");

        HBox toolbar = toolbar();
        Message problem = problemBanner();
        Label message = new Label();
        message.setId(prefix + "-message");
        message.getStyleClass().add("inspect-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        banners.getStyleClass().add("inspect-banners");
        banners.getChildren().addAll(problem, message);
        getChildren().addAll(toolbar, banners);

        model.autoRefreshProperty().addListener((obs, was, now) -> schedule(now));
        schedule(model.autoRefreshProperty().get());
    }

    public InspectModel<T, R> model() {
        return model;
    }

    /** Adds the tab's own buttons after the common ones. */
    protected void addTools(Node... nodes) {
        for (Node node : nodes) {
            if (node instanceof Region region) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        tools.getChildren().addAll(java.util.List.of(nodes));
    }

    /** Adds a banner under the toolbar (status of the source, notes). */
    protected void addBanner(Node banner) {
        banners.getChildren().add(banner);
    }

    /** The tab's body: fills the rest. */
    protected void setBody(Node body) {
        // Without a selected connection the tab says so, instead of showing empty tables.
        Label none = new Label();
        none.setId(prefix + "-no-connection");
        none.getStyleClass().addAll("inspect-placeholder", Styles.TEXT_MUTED);
        none.setWrapText(true);
        none.textProperty().bind(model.placeholderProperty());
        var noProfile = model.services.connection().profileProperty().isNull();
        none.visibleProperty().bind(noProfile);
        body.visibleProperty().bind(noProfile.not());
        javafx.scene.layout.StackPane stack = new javafx.scene.layout.StackPane(body, none);
        VBox.setVgrow(stack, Priority.ALWAYS);
        getChildren().add(stack);
    }

    /** A small label that hides itself while its text is empty. */
    protected static Label note(String id, javafx.beans.value.ObservableStringValue text, String... styles) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        // Its whole height: squeezed to one line, a notice lost its end ("... may still serve a month…").
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.textProperty().bind(text);
        label.getStyleClass().add("inspect-note");
        label.getStyleClass().addAll(styles);
        label.visibleProperty().bind(Bindings.createBooleanBinding(() -> text.get() != null && !text.get().isEmpty(), text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private HBox toolbar() {
        TextField filter = new TextField();
        filter.setId(prefix + "-filter");
        filter.setPromptText("Filter rows");
        filter.setPrefColumnCount(11);
        filter.textProperty().bindBidirectional(model.table().filterProperty());
        filter.setTooltip(new Tooltip("Shows rows containing every word typed, in any column"));

        Button refresh = new Button("Refresh", Icons.icon(Feather.REFRESH_CW));
        refresh.setId(prefix + "-refresh");
        refresh.setTooltip(new Tooltip("Read again (Ctrl+R)"));
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(model.loadingProperty()
                .or(model.services.connection().profileProperty().isNull()));

        ChoiceBox<AutoRefresh> auto = new ChoiceBox<>(FXCollections.observableArrayList(AutoRefresh.values()));
        auto.setId(prefix + "-auto-refresh");
        auto.valueProperty().bindBidirectional(model.autoRefreshProperty());
        auto.setTooltip(new Tooltip("Read again by itself while this tab shows; a slow read is never overlapped"));

        Button copy = new Button("Copy", Icons.icon(Feather.COPY));
        copy.setId(prefix + "-copy");
        copy.setTooltip(new Tooltip("Copy the selected rows (all rows when none is selected) as tab-separated text (Ctrl+C)"));
        copy.setOnAction(e -> copied(rows.copyToClipboard()));
        copy.disableProperty().bind(Bindings.isEmpty(model.table().visibleRows()));

        Button export = new Button("Export CSV…", Icons.icon(Feather.DOWNLOAD));
        export.setId(prefix + "-export");
        export.setTooltip(new Tooltip("Save the rows shown as a CSV file"));
        export.setOnAction(e -> exportCsv());
        export.disableProperty().bind(Bindings.isEmpty(model.table().visibleRows()));

        ProgressIndicator loading = new ProgressIndicator();
        loading.setId(prefix + "-loading");
        loading.getStyleClass().add("inspect-loading");
        loading.setPrefSize(18, 18);
        loading.setMaxSize(18, 18);
        loading.visibleProperty().bind(model.loadingProperty());

        Label last = new Label();
        last.setId(prefix + "-last-refreshed");
        last.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        last.textProperty().bind(model.lastRefreshedProperty());

        filter.setMinWidth(90);
        for (javafx.scene.control.Control c : java.util.List.of(refresh, auto, copy, export)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        last.setMinWidth(Region.USE_PREF_SIZE);
        Label age = dev.railyard.ui.DataAge.label(prefix + "-data-age", model.readAtProperty(), model.services.clock());
        age.getStyleClass().addAll(Styles.TEXT_SMALL);
        age.setMinWidth(Region.USE_PREF_SIZE);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.getChildren().addAll(filter, refresh, auto, new Separator(javafx.geometry.Orientation.VERTICAL), copy, export);
        VBox times = new VBox(0, age, last);
        times.setAlignment(Pos.CENTER_RIGHT);
        times.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(tools, Priority.ALWAYS);
        tools.setMinWidth(0);
        tools.setPrefWrapLength(300);
        HBox bar = new HBox(8, tools, loading, times);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMinHeight(Region.USE_PREF_SIZE);
        bar.getStyleClass().add("inspect-toolbar");
        return bar;
    }

    private Message problemBanner() {
        Message problem = new Message("", "", Icons.icon(Feather.ALERT_TRIANGLE));
        problem.setId(prefix + "-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.titleProperty().bind(Bindings.createStringBinding(() -> {
            ProblemText p = model.problemProperty().get();
            return p == null ? "" : "Could not read " + model.feature().title().toLowerCase(Locale.ROOT) + ": " + p.title();
        }, model.problemProperty()));
        problem.descriptionProperty().bind(Bindings.createStringBinding(() -> {
            ProblemText p = model.problemProperty().get();
            if (p == null) {
                return "";
            }
            return p.summary() + (p.fix().isEmpty() ? "" : "\n" + p.fix()) + "\nThe rows below are from the last good read.";
        }, model.problemProperty(), model.reportProperty()));
        // Only when rows are still on screen: otherwise the empty table says it in its place.
        problem.visibleProperty().bind(model.problemProperty().isNotNull().and(model.reportProperty().isNotNull()));
        problem.managedProperty().bind(problem.visibleProperty());
        return problem;
    }

    private void copied(int count) {
        model.setMessage("Copied " + count + (count == 1 ? " row" : " rows") + " to the clipboard.");
    }

    /** Ctrl+C in the tab's table reports like the button. */
    protected void reportCopies(ResultTableView<?> view) {
        view.setOnCopied(this::copied);
    }

    protected void reportCopies(ResultTreeView<?> view) {
        view.setOnCopied(this::copied);
    }

    private void exportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + model.feature().title() + " as CSV");
        chooser.setInitialFileName(model.suggestedFileName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            model.exportCsv(file.toPath());
        }
    }

    private void schedule(AutoRefresh interval) {
        if (timer != null) {
            timer.stop();
            timer = null;
        }
        if (interval == null || interval.interval() == null) {
            return;
        }
        timer = new Timeline(new KeyFrame(Duration.millis(interval.interval().toMillis()), e -> model.tick()));
        timer.setCycleCount(Animation.INDEFINITE);
        timer.play();
    }
}
