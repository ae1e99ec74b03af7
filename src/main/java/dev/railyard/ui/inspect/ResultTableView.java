package dev.railyard.ui.inspect;

import dev.railyard.ui.inspect.ResultTable.Column;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * A TableView over a {@link ResultTable}: one column per model column, sorting by the model's
 * comparators (bytes, not "1.2 MB"), several rows selectable, Ctrl+C copies them, and the
 * selection survives a refresh. The placeholder says why the table is empty.
 */
public final class ResultTableView<R> implements RowsView<R> {

    static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    /** Cells longer than this get a tooltip with the whole text. */
    private static final int TOOLTIP_FROM = 60;

    private final ResultTable<R> model;
    private final TableView<R> table = new TableView<>();
    private final String idPrefix;
    private final ReadOnlyObjectWrapper<R> selected = new ReadOnlyObjectWrapper<>();
    private Function<R, Collection<String>> rowStyles = row -> List.of();
    private IntConsumer copied = count -> { };
    private Set<Object> keptSelection = Set.of();
    private boolean selectFirst;

    /**
     * @param idPrefix    ids of the table ("tables-table") and columns ("tables-col-total")
     * @param placeholder what the empty table says
     */
    public ResultTableView(ResultTable<R> model, String idPrefix, ObservableStringValue placeholder) {
        this.model = model;
        this.idPrefix = idPrefix;
        table.setId(idPrefix + "-table");
        table.getStyleClass().addAll("inspect-table", atlantafx.base.theme.Styles.DENSE);
        table.setItems(model.visibleRows());
        model.comparatorProperty().bind(table.comparatorProperty());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);

        Label empty = new Label();
        empty.textProperty().bind(placeholder);
        empty.setWrapText(true);
        empty.setMaxWidth(640);
        empty.getStyleClass().add("inspect-placeholder");
        empty.setId(idPrefix + "-placeholder");
        table.setPlaceholder(empty);

        table.setRowFactory(view -> new TableRow<>() {
            private final List<String> added = new ArrayList<>();

            @Override
            protected void updateItem(R item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                getStyleClass().removeAll(added);
                added.clear();
                if (!isEmpty && item != null) {
                    added.addAll(rowStyles.apply(item));
                    getStyleClass().addAll(added);
                }
            }
        });

        table.setOnKeyPressed(event -> {
            if (COPY.match(event)) {
                copied.accept(copyToClipboard());
                event.consume();
            }
        });

        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!model.replacingProperty().get()) {
                selected.set(now);
            }
        });
        model.replacingProperty().addListener((obs, was, replacing) -> {
            if (replacing) {
                keptSelection = keys(table.getSelectionModel().getSelectedItems());
            } else {
                restoreSelection();
            }
        });

        buildColumns();
        model.columns().addListener((ListChangeListener<Column<R>>) change -> buildColumns());
    }

    public TableView<R> table() {
        return table;
    }

    /** Style classes for a row ("severity-critical", "session-blocked"). */
    public void setRowStyles(Function<R, Collection<String>> styles) {
        this.rowStyles = styles;
        table.refresh();
    }

    /** Selects the first row whenever rows arrive and nothing is selected (a detail pane then shows it at once). */
    public void setSelectFirst(boolean selectFirst) {
        this.selectFirst = selectFirst;
    }

    /** Told how many rows Ctrl+C copied. */
    public void setOnCopied(IntConsumer copied) {
        this.copied = copied;
    }

    @Override
    public Control control() {
        return table;
    }

    @Override
    public ResultTable<R> rows() {
        return model;
    }

    @Override
    public List<R> selectedRows() {
        return List.copyOf(table.getSelectionModel().getSelectedItems().filtered(java.util.Objects::nonNull));
    }

    @Override
    public ReadOnlyObjectProperty<R> selectedRowProperty() {
        return selected.getReadOnlyProperty();
    }

    private Set<Object> keys(List<R> rows) {
        Set<Object> keys = new HashSet<>();
        for (R row : rows) {
            if (row != null) {
                keys.add(model.keyOf(row));
            }
        }
        return keys;
    }

    private void restoreSelection() {
        table.getSelectionModel().clearSelection();
        R last = null;
        for (int i = 0; i < table.getItems().size(); i++) {
            R row = table.getItems().get(i);
            if (keptSelection.contains(model.keyOf(row))) {
                table.getSelectionModel().select(i);
                last = row;
            }
        }
        if (last == null && selectFirst && !table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
            last = table.getItems().get(0);
        }
        selected.set(last);
    }

    private void buildColumns() {
        List<String> sortedBy = table.getSortOrder().stream().map(TableColumn::getId).toList();
        List<TableColumn<R, ?>> sortTypes = new ArrayList<>(table.getSortOrder());
        List<TableColumn<R, R>> columns = new ArrayList<>();
        for (Column<R> column : model.columns()) {
            columns.add(column(column));
        }
        table.getSortOrder().clear();
        table.getColumns().setAll(columns);
        for (String id : sortedBy) {
            columns.stream().filter(c -> c.getId().equals(id)).findFirst().ifPresent(c -> {
                sortTypes.stream().filter(old -> old.getId().equals(id)).findFirst()
                        .ifPresent(old -> c.setSortType(old.getSortType()));
                table.getSortOrder().add(c);
            });
        }
    }

    private TableColumn<R, R> column(Column<R> column) {
        TableColumn<R, R> col = new TableColumn<>(column.title());
        col.setId(idPrefix + "-col-" + column.id());
        col.setPrefWidth(Math.max(column.width(), dev.railyard.ui.ColumnWidths.header(column.title())));
        col.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        col.setComparator(column.order());
        if (column.align() == ResultTable.Align.RIGHT) {
            col.getStyleClass().add("align-right");
        }
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(R item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                String text = column.textOf(item);
                setText(text);
                String full = column.exportOf(item);
                setTooltip(full.length() > TOOLTIP_FROM ? new Tooltip(full.length() > 2000 ? full.substring(0, 2000) + "…" : full) : null);
            }
        });
        return col;
    }
}
