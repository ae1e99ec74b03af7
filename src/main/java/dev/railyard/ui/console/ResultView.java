package dev.railyard.ui.console;

import atlantafx.base.theme.Styles;
import dev.railyard.db.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableListBase;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One result set's tab content: a virtualised grid that reads rows from the {@link ResultModel}
 * by index (only the visible ones are ever built), a line saying how many rows there are and
 * whether more wait on the server, Fetch more, Export CSV, and copy as TSV / CSV / INSERT.
 * Scrolling to the end of a paused result fetches the next page.
 */
final class ResultView extends VBox {

    static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    static final String NULL_CELL = "sql-null";

    private final ResultModel result;
    private final TableView<Object[]> table = new TableView<>();
    private final Rows rows = new Rows();

    /**
     * @param export asks where to save and starts the export of this result
     */
    ResultView(ResultModel result, Dialect dialect, BiConsumer<ResultModel, javafx.stage.Window> export) {
        this.result = result;
        getStyleClass().add("sql-result");
        table.getStyleClass().addAll("sql-result-table", Styles.DENSE);
        table.setId("sql-result-table");
        table.setItems(rows);
        table.setFixedCellSize(24);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.setPlaceholder(new Label("No rows"));
        List<String> names = result.columns();
        for (int i = 0; i < names.size(); i++) {
            int column = i;
            TableColumn<Object[], Object> col = new TableColumn<>(names.get(i));
            col.setSortable(false); // rows come in the server's order; a grid of millions is not sorted here
            col.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()[column]));
            col.setCellFactory(c -> new ValueCell());
            table.getColumns().add(col);
        }
        VBox.setVgrow(table, Priority.ALWAYS);

        Label summary = new Label();
        summary.setId("sql-result-summary");
        summary.getStyleClass().add("sql-result-summary");
        summary.textProperty().bind(result.summaryProperty());
        result.stateProperty().addListener((obs, was, now) -> tone(summary, now));
        tone(summary, result.stateProperty().get());
        Button more = new Button("Fetch more");
        more.setId("sql-fetch-more");
        more.setOnAction(e -> result.more());
        more.visibleProperty().bind(result.stateProperty().isEqualTo(ResultModel.State.PAUSED));
        more.managedProperty().bind(more.visibleProperty());
        Button csv = new Button("Export CSV…");
        csv.setId("sql-export-csv");
        csv.setOnAction(e -> export.accept(result, getScene() == null ? null : getScene().getWindow()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        summary.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(result.summaryProperty());
        summary.setTooltip(whole);
        more.setMinWidth(Region.USE_PREF_SIZE);
        csv.setMinWidth(Region.USE_PREF_SIZE);
        HBox footer = new HBox(8, summary, grow, more, csv);
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.getStyleClass().add("sql-result-footer");
        getChildren().addAll(table, footer);

        ContextMenu menu = new ContextMenu();
        for (ResultCopy.Format format : ResultCopy.Format.values()) {
            MenuItem item = new MenuItem(switch (format) {
                case TSV -> "Copy (tab-separated)";
                case CSV -> "Copy as CSV";
                case INSERT -> "Copy as INSERT statements";
            });
            item.setOnAction(e -> copy(format, dialect));
            menu.getItems().add(item);
        }
        table.setContextMenu(menu);
        table.setOnKeyPressed(e -> {
            if (COPY.match(e)) {
                copy(ResultCopy.Format.TSV, dialect);
                e.consume();
            }
        });
        result.rowsProperty().addListener((obs, was, now) -> {
            if (was.longValue() == 0) {
                fitColumns();
            }
            rows.grow(now.longValue());
        });
        rows.grow(result.rowsProperty().get());
        table.skinProperty().addListener((obs, was, skin) -> followScrollBar());
    }

    /** Columns as wide as their header and the first rows' values (up to a limit), once the first rows are in. */
    private void fitColumns() {
        long sample = Math.min(100, result.rowsProperty().get());
        for (int c = 0; c < table.getColumns().size(); c++) {
            int chars = result.columns().get(c).length();
            for (int r = 0; r < sample; r++) {
                Object value = result.row(r)[c];
                chars = Math.max(chars, value == null ? 4 : Math.min(60, value.toString().length()));
            }
            table.getColumns().get(c).setPrefWidth(Math.max(60, Math.min(520, 30 + chars * 8.6)));
        }
    }

    TableView<Object[]> table() {
        return table;
    }

    private static void tone(Label summary, ResultModel.State state) {
        summary.getStyleClass().removeAll(Styles.WARNING, Styles.SUCCESS);
        if (state == ResultModel.State.PAUSED || state == ResultModel.State.STOPPED) {
            summary.getStyleClass().add(Styles.WARNING);
        }
    }

    /** Scrolled to the end of a paused result: the next page. */
    private void followScrollBar() {
        for (var node : table.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                bar.valueProperty().addListener((obs, was, now) -> {
                    if (bar.getMax() > 0 && now.doubleValue() >= bar.getMax() - 1e-9) {
                        result.more();
                    }
                });
            }
        }
    }

    /** The selected cells as a rectangle (their rows by their columns), in grid order. */
    void copy(ResultCopy.Format format, Dialect dialect) {
        TreeSet<Integer> rowIndexes = new TreeSet<>();
        TreeSet<Integer> columnIndexes = new TreeSet<>();
        for (TablePosition<?, ?> position : table.getSelectionModel().getSelectedCells()) {
            rowIndexes.add(position.getRow());
            columnIndexes.add(position.getColumn() < 0 ? -1 : position.getColumn());
        }
        if (rowIndexes.isEmpty()) {
            return;
        }
        List<Integer> columns = columnIndexes.contains(-1)
                ? java.util.stream.IntStream.range(0, result.columns().size()).boxed().toList()
                : List.copyOf(columnIndexes);
        List<String> names = columns.stream().map(c -> result.columns().get(c)).toList();
        List<Object[]> values = new ArrayList<>();
        for (int r : rowIndexes) {
            Object[] row = result.row(r);
            Object[] chosen = new Object[columns.size()];
            for (int i = 0; i < chosen.length; i++) {
                chosen[i] = row[columns.get(i)];
            }
            values.add(chosen);
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(ResultCopy.format(format, names, values, result.statement(), dialect));
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The grid's items: the model's rows by index, growing as batches arrive; nothing copied. */
    private final class Rows extends ObservableListBase<Object[]> {

        private int size;

        void grow(long now) {
            int to = (int) Math.min(Integer.MAX_VALUE - 8, now);
            if (to == size) {
                return;
            }
            beginChange();
            if (to > size) {
                nextAdd(size, to);
            } else {
                nextRemove(to, new ArrayList<>(java.util.Collections.nCopies(size - to, (Object[]) null)));
            }
            size = to;
            endChange();
        }

        @Override
        public Object[] get(int index) {
            return result.row(index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** A value as text; NULL stands out from an empty string. */
    private static final class ValueCell extends TableCell<Object[], Object> {
        @Override
        protected void updateItem(Object value, boolean empty) {
            super.updateItem(value, empty);
            getStyleClass().remove(NULL_CELL);
            if (empty) {
                setText(null);
            } else if (value == null) {
                setText("NULL");
                getStyleClass().add(NULL_CELL);
            } else {
                String text = value.toString();
                setText(text.length() > 500 ? text.substring(0, 500) + "…" : text);
                setAlignment(value instanceof Number ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
            }
        }
    }
}
