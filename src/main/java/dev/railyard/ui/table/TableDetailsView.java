package dev.railyard.ui.table;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.railyard.backup.TableDefinition;
import dev.railyard.inspect.table.FilterOperator;
import dev.railyard.inspect.table.ForeignKey;
import dev.railyard.inspect.table.TableDetails;
import dev.railyard.inspect.table.TableRef;
import dev.railyard.inspect.table.TableRows;
import dev.railyard.task.Sizes;
import dev.railyard.ui.Icons;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Stylesheets;
import dev.railyard.ui.inspect.ResultTable;
import dev.railyard.ui.inspect.ResultTableView;
import dev.railyard.ui.inspect.TableOpener;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableObjectValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * A look inside a table: a header (kind, rows, size, comment) over the tabs Rows, Columns, DDL,
 * Indexes, Foreign keys and Triggers. Ids start with "table-". Rows sort on the server when a
 * column's header is clicked; the filter sends its values as bind parameters.
 */
public final class TableDetailsView extends VBox {

    private final TableDetailsModel model;
    private final TableView<List<String>> grid = new TableView<>();
    private final VBox conditionLines = new VBox();
    private final TabPane tabs = new TabPane();
    /** Set while the grid's columns are rebuilt: their sort order changing then is no click. */
    private boolean rebuilding;

    /** @param opener what double-clicking a foreign key opens: the table at its other end */
    public TableDetailsView(TableDetailsModel model, TableOpener opener) {
        this.model = model;
        getStylesheets().addAll(Stylesheets.of("inspect.css"), Stylesheets.of("table-details.css"));
        getStyleClass().add("table-details");
        setId("table-details");

        Tab rows = tab("Rows", "table-tab-rows", rowsTab());
        Tab columns = tab("Columns", "table-tab-columns", table(model.columns(), "table-columns", "No columns."));
        Tab ddl = tab("DDL", "table-tab-ddl", ddlTab());
        Tab indexes = tab("Indexes", "table-tab-indexes", indexesTab());
        Tab keys = tab("Foreign keys", "table-tab-keys", keysTab(opener));
        Tab triggers = tab("Triggers", "table-tab-triggers", triggersTab());
        counted(columns, "Columns", model.columns());
        counted(indexes, "Indexes", model.indexes());
        counted(triggers, "Triggers", model.triggers());
        keys.textProperty().bind(Bindings.createStringBinding(() -> "Foreign keys ("
                + model.references().rows().size() + " out, " + model.referencedBy().rows().size() + " in)",
                model.references().rows(), model.referencedBy().rows()));
        tabs.getTabs().setAll(rows, columns, ddl, indexes, keys, triggers);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("table-tabs");
        // The DDL costs a catalog read: only when its tab is first shown.
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now == ddl) {
                model.loadDdl();
            }
        });
        VBox.setVgrow(tabs, Priority.ALWAYS);
        getChildren().addAll(header(), tabs);
    }

    public TableDetailsModel model() {
        return model;
    }

    /** Selects a tab by its id ("table-tab-ddl"). */
    public void select(String tabId) {
        tabs.getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private Node header() {
        Label title = new Label(model.table().displayName());
        title.setId("table-title");
        title.getStyleClass().add(Styles.TITLE_3);
        Label subtitle = new Label();
        subtitle.setId("table-subtitle");
        subtitle.getStyleClass().add("table-subtitle");
        subtitle.textProperty().bind(Bindings.createStringBinding(() -> subtitle(model.detailsProperty().get(),
                model.profile().name()), model.detailsProperty()));
        ProgressIndicator loading = spinner("table-loading");
        loading.visibleProperty().bind(model.loadingProperty());
        Button refresh = new Button("Refresh", Icons.icon(Feather.REFRESH_CW));
        refresh.setId("table-refresh");
        refresh.setTooltip(new Tooltip("Read the table's details and rows again"));
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(model.loadingProperty().or(model.currentProperty().not()));
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(10, title, subtitle, grow, loading, refresh);
        top.setAlignment(Pos.BASELINE_LEFT);
        subtitle.setMinWidth(0);

        Label notCurrent = new Label("This window shows " + model.profile().name()
                + ": select it in the sidebar to read again. What it shows was read before.");
        notCurrent.setId("table-not-current");
        notCurrent.getStyleClass().add("not-current");
        notCurrent.setWrapText(true);
        notCurrent.visibleProperty().bind(model.currentProperty().not());
        notCurrent.managedProperty().bind(notCurrent.visibleProperty());
        return new VBox(4, top, notCurrent, problem("table-problem", "Could not read the table", model.problemProperty()));
    }

    /** "table on shop-prod · about 150,000 rows · 21.7 MB with indexes · “comment”" */
    private static String subtitle(TableDetails d, String profile) {
        if (d == null) {
            return "on " + profile;
        }
        StringBuilder text = new StringBuilder(d.kind()).append(" on ").append(profile);
        if (d.estimatedRows() != null) {
            text.append(" · about ").append(String.format(Locale.ROOT, "%,d", d.estimatedRows())).append(" rows");
        }
        if (d.totalBytes() != null) {
            text.append(" · ").append(Sizes.human(d.totalBytes())).append(" with indexes");
        }
        if (d.comment() != null && !d.comment().isBlank()) {
            text.append(" · \u201c").append(d.comment().replaceAll("\\s+", " ")).append('\u201d');
        }
        return text.toString();
    }

    // ---- Rows

    private Node rowsTab() {
        conditionLines.getStyleClass().add("filter-conditions");
        conditionLines.setId("table-filter-conditions");
        model.conditions().addListener((ListChangeListener<FilterCondition>) change -> drawConditions());

        Button add = new Button("Add condition", Icons.icon(Feather.FILTER));
        add.setId("table-filter-add");
        add.setTooltip(new Tooltip("Filter the rows on a column: every condition must hold"));
        add.setOnAction(e -> model.addCondition());
        add.disableProperty().bind(model.detailsProperty().isNull());
        Button apply = new Button("Apply");
        apply.setId("table-filter-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setTooltip(new Tooltip("Read the rows that match (Enter in a value). Values are sent as bind parameters, never as SQL"));
        apply.setOnAction(e -> model.applyFilter());
        apply.disableProperty().bind(model.currentProperty().not());
        Button clear = new Button("Clear");
        clear.setId("table-filter-clear");
        clear.setOnAction(e -> model.clearFilter());
        clear.disableProperty().bind(Bindings.isEmpty(model.conditions()).and(model.rowsSummaryProperty().isEmpty()));
        Button copy = new Button("Copy", Icons.icon(Feather.COPY));
        copy.setId("table-rows-copy");
        copy.setTooltip(new Tooltip("Copy the selected rows (all when none is selected) as tab-separated text"));
        copy.setOnAction(e -> copyRows());
        copy.disableProperty().bind(model.rowsProperty().isNull());
        ProgressIndicator loading = spinner("table-rows-loading");
        loading.visibleProperty().bind(model.loadingRowsProperty());
        Label summary = new Label();
        summary.setId("table-rows-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(model.rowsSummaryProperty());
        FlowPane tools = new FlowPane(6, 6, add, apply, clear, copy, loading, summary);
        tools.setAlignment(Pos.CENTER_LEFT);
        for (Node n : List.of(add, apply, clear, copy, summary)) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }

        grid.setId("table-rows");
        grid.getStyleClass().addAll("inspect-table", Styles.DENSE);
        grid.setPlaceholder(placeholder(Bindings.createStringBinding(() -> model.rowsProperty().get() == null
                ? (model.loadingRowsProperty().get() ? "Reading the first rows…" : "") : "No rows.",
                model.rowsProperty(), model.loadingRowsProperty())));
        grid.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        grid.setSortPolicy(view -> {
            if (!rebuilding) {
                List<TableColumn<List<String>, ?>> order = view.getSortOrder();
                if (order.isEmpty()) {
                    model.sort(null, false);
                } else {
                    model.sort((String) order.get(0).getUserData(), order.get(0).getSortType() == TableColumn.SortType.DESCENDING);
                }
            }
            return true; // the server sorted them
        });
        model.rowsProperty().addListener((obs, was, now) -> showRows(was, now));
        VBox.setVgrow(grid, Priority.ALWAYS);

        Label sql = new Label();
        sql.setId("table-rows-sql");
        sql.getStyleClass().addAll("row-sql", Styles.TEXT_SMALL);
        sql.textProperty().bind(Bindings.createStringBinding(() -> {
            TableRows r = model.rowsProperty().get();
            return r == null ? "" : r.sql() + (r.sql().contains("?") ? "   -- values sent as bind parameters" : "");
        }, model.rowsProperty()));
        sql.setTooltip(new Tooltip("The statement sent, read-only, with the window's statement timeout"));

        VBox body = new VBox(6, conditionLines, tools,
                problem("table-rows-problem", "Could not read the rows", model.rowsProblemProperty()), grid, sql);
        body.getStyleClass().add("tab-body");
        return body;
    }

    private void drawConditions() {
        conditionLines.getChildren().clear();
        for (FilterCondition condition : model.conditions()) {
            ComboBox<String> column = new ComboBox<>(FXCollections.observableArrayList(model.columnNames()));
            column.valueProperty().bindBidirectional(condition.columnProperty());
            column.setPrefWidth(180);
            column.getStyleClass().add("table-filter-column");
            ChoiceBox<FilterOperator> operator = new ChoiceBox<>(FXCollections.observableArrayList(FilterOperator.values()));
            operator.valueProperty().bindBidirectional(condition.operatorProperty());
            operator.getStyleClass().add("table-filter-operator");
            TextField value = new TextField();
            value.textProperty().bindBidirectional(condition.valueProperty());
            value.setPromptText("value");
            value.getStyleClass().add("table-filter-value");
            value.disableProperty().bind(Bindings.createBooleanBinding(
                    () -> condition.operatorProperty().get() != null && !condition.operatorProperty().get().takesValue(),
                    condition.operatorProperty()));
            value.setOnAction(e -> model.applyFilter());
            HBox.setHgrow(value, Priority.ALWAYS);
            Button remove = new Button("", Icons.icon(Feather.X));
            remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "table-filter-remove");
            remove.setTooltip(new Tooltip("Remove this condition"));
            remove.setOnAction(e -> model.removeCondition(condition));
            HBox line = new HBox(6, column, operator, value, remove);
            line.setAlignment(Pos.CENTER_LEFT);
            conditionLines.getChildren().add(line);
            if (condition == model.conditions().get(model.conditions().size() - 1)) {
                value.requestFocus();
            }
        }
    }

    private void showRows(TableRows was, TableRows now) {
        if (now == null) {
            grid.getItems().clear();
            return;
        }
        if (was == null || !was.columns().equals(now.columns())) {
            rebuilding = true;
            try {
                grid.getSortOrder().clear();
                grid.getColumns().clear();
                for (int i = 0; i < now.columns().size(); i++) {
                    grid.getColumns().add(gridColumn(now, i));
                }
            } finally {
                rebuilding = false;
            }
        }
        // Values of a new sort or filter may be longer (ids in the hundred thousands): widen, never narrow under the user.
        for (int i = 0; i < grid.getColumns().size(); i++) {
            TableColumn<List<String>, ?> column = grid.getColumns().get(i);
            double needed = width(now, i);
            if (needed > column.getWidth()) {
                column.setPrefWidth(needed);
            }
        }
        grid.getItems().setAll(now.rows());
    }

    /** As wide as the first rows' values need, up to 40 characters: a longer value is cut on screen, Copy gives it whole. */
    private static double width(TableRows read, int index) {
        String longest = read.rows().stream().limit(50).map(r -> r.get(index)).map(v -> v == null ? "NULL" : v)
                .map(v -> v.length() > 40 ? v.substring(0, 40) : v)
                .max(java.util.Comparator.comparingInt(String::length)).orElse("NULL");
        javafx.scene.text.Text text = new javafx.scene.text.Text(longest);
        javafx.scene.text.Font font = javafx.scene.text.Font.getDefault();
        // The theme's font is 14 px where the toolkit's default is smaller, as ColumnWidths.header says.
        text.setFont(javafx.scene.text.Font.font(font.getFamily(), Math.max(14, font.getSize())));
        return Math.max(dev.railyard.ui.ColumnWidths.header(read.columns().get(index)), Math.ceil(text.getLayoutBounds().getWidth()) + 24);
    }

    private TableColumn<List<String>, String> gridColumn(TableRows read, int index) {
        String name = read.columns().get(index);
        TableColumn<List<String>, String> column = new TableColumn<>(name);
        column.setUserData(name);
        column.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyStringWrapper(row.getValue().get(index)));
        boolean numeric = read.numeric().get(index);
        if (numeric) {
            column.getStyleClass().add("align-right");
        }
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("null-value");
                if (empty) {
                    setText(null);
                } else if (item == null) {
                    setText("NULL");
                    getStyleClass().add("null-value");
                } else {
                    setText(item.length() > 200 ? item.substring(0, 200) + "…" : item.replace('\n', ' '));
                }
            }
        });
        column.setSortable(true); // the sort policy asks the server; the cells' order is never used
        // Never the default width: the skin would then fit the column to its first cells by itself.
        column.setPrefWidth(width(read, index) + 0.5);
        return column;
    }

    private void copyRows() {
        TableRows shown = model.rowsProperty().get();
        if (shown == null) {
            return;
        }
        List<List<String>> chosen = grid.getSelectionModel().getSelectedItems().isEmpty()
                ? shown.rows() : List.copyOf(grid.getSelectionModel().getSelectedItems());
        StringBuilder tsv = new StringBuilder(String.join("\t", shown.columns())).append('\n');
        for (List<String> row : chosen) {
            tsv.append(String.join("\t", row.stream().map(v -> v == null ? "" : v.replace('\t', ' ').replace('\n', ' '))
                    .toList())).append('\n');
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(tsv.toString());
        Clipboard.getSystemClipboard().setContent(content);
    }

    // ---- DDL, indexes, keys

    private Node ddlTab() {
        TextArea text = new TextArea();
        text.setId("table-ddl");
        text.setEditable(false);
        text.getStyleClass().add("ddl-text");
        text.textProperty().bind(Bindings.createStringBinding(() -> {
            TableDefinition d = model.ddlProperty().get();
            return d == null ? (model.loadingDdlProperty().get() ? "-- Reading the catalog…" : "") : d.text();
        }, model.ddlProperty(), model.loadingDdlProperty()));
        VBox.setVgrow(text, Priority.ALWAYS);
        Label about = new Label("The statements a backup of this table writes (schema only): the backup engine's own text.");
        about.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        about.setWrapText(true);
        Button copy = new Button("Copy", Icons.icon(Feather.COPY));
        copy.setId("table-ddl-copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.ddlProperty().get().text());
            Clipboard.getSystemClipboard().setContent(content);
        });
        copy.disableProperty().bind(model.ddlProperty().isNull());
        copy.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(about, Priority.ALWAYS);
        HBox top = new HBox(8, about, copy);
        top.setAlignment(Pos.CENTER_LEFT);
        Label warnings = new Label();
        warnings.setId("table-ddl-warnings");
        warnings.getStyleClass().add("stats-note");
        warnings.setWrapText(true);
        warnings.textProperty().bind(Bindings.createStringBinding(() -> {
            TableDefinition d = model.ddlProperty().get();
            return d == null || d.warnings().isEmpty() ? "" : "A backup would warn: " + String.join("; ", d.warnings());
        }, model.ddlProperty()));
        warnings.visibleProperty().bind(warnings.textProperty().isNotEmpty());
        warnings.managedProperty().bind(warnings.visibleProperty());
        VBox body = new VBox(6, top, problem("table-ddl-problem", "Could not read the DDL", model.ddlProblemProperty()),
                warnings, text);
        body.getStyleClass().add("tab-body");
        return body;
    }

    private Node indexesTab() {
        Label note = new Label();
        note.setId("table-indexes-note");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setWrapText(true);
        note.textProperty().bind(Bindings.createStringBinding(() -> {
            TableDetails d = model.detailsProperty().get();
            return d == null ? "" : d.usageNote();
        }, model.detailsProperty()));
        Node table = table(model.indexes(), "table-indexes", "No indexes.");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox body = new VBox(6, note, table);
        body.getStyleClass().add("tab-body");
        return body;
    }

    private Node triggersTab() {
        ResultTableView<dev.railyard.inspect.table.TableTrigger> view = new ResultTableView<>(model.triggers(), "table-triggers",
                Bindings.createStringBinding(() -> {
                    TableDetails d = model.detailsProperty().get();
                    return d == null || d.triggerNote().isEmpty() ? "No triggers." : "No triggers visible. " + d.triggerNote();
                }, model.detailsProperty()));
        VBox.setVgrow(view.control(), Priority.ALWAYS);
        VBox body = new VBox(view.control());
        body.getStyleClass().add("tab-body");
        return body;
    }

    private Node keysTab(TableOpener opener) {
        Label out = new Label("References: this table's foreign keys");
        out.getStyleClass().add("section-title");
        ResultTableView<ForeignKey> outgoing = new ResultTableView<>(model.references(), "table-references",
                fixed("No foreign keys: this table references no other."));
        Label in = new Label("Referenced by: other tables' foreign keys to this one");
        in.getStyleClass().add("section-title");
        ResultTableView<ForeignKey> incoming = new ResultTableView<>(model.referencedBy(), "table-referenced-by",
                fixed("No table references this one."));
        TableOpener.onRows(outgoing, opener, k -> new TableRef(k.toSchema(), k.toTable()));
        TableOpener.onRows(incoming, opener, k -> new TableRef(k.fromSchema(), k.fromTable()));
        Label hint = new Label("Double-click a key to open the table at its other end.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox.setVgrow(outgoing.control(), Priority.ALWAYS);
        VBox.setVgrow(incoming.control(), Priority.ALWAYS);
        VBox body = new VBox(6, out, outgoing.control(), in, incoming.control(), hint);
        body.getStyleClass().add("tab-body");
        return body;
    }

    // ---- pieces

    private static <R> Node table(ResultTable<R> rows, String id, String empty) {
        ResultTableView<R> view = new ResultTableView<>(rows, id, fixed(empty));
        VBox.setVgrow(view.control(), Priority.ALWAYS);
        VBox box = new VBox(view.control());
        box.getStyleClass().add("tab-body");
        return box;
    }

    private static ObservableStringValue fixed(String text) {
        return new javafx.beans.property.SimpleStringProperty(text);
    }

    private static Label placeholder(ObservableStringValue text) {
        Label label = new Label();
        label.textProperty().bind(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    private static Tab tab(String title, String id, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }

    private static void counted(Tab tab, String title, ResultTable<?> rows) {
        tab.textProperty().bind(Bindings.createStringBinding(() -> title + " (" + rows.rows().size() + ")", rows.rows()));
    }

    private static ProgressIndicator spinner(String id) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId(id);
        spinner.setPrefSize(16, 16);
        spinner.setMaxSize(16, 16);
        return spinner;
    }

    private static Message problem(String id, String what, ObservableObjectValue<ProblemText> problem) {
        Message message = new Message("", "", Icons.icon(Feather.ALERT_TRIANGLE));
        message.setId(id);
        message.getStyleClass().add(Styles.DANGER);
        message.titleProperty().bind(Bindings.createStringBinding(() -> problem.get() == null ? ""
                : what + ": " + problem.get().title(), problem));
        message.descriptionProperty().bind(Bindings.createStringBinding(() -> {
            ProblemText p = problem.get();
            return p == null ? "" : p.summary() + (p.fix().isEmpty() ? "" : "\n" + p.fix());
        }, problem));
        message.visibleProperty().bind(Bindings.isNotNull(problem));
        message.managedProperty().bind(message.visibleProperty());
        return message;
    }
}
