package dev.railyard.ui.inspect;

import dev.railyard.ui.inspect.ResultTable.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

/**
 * A TreeTableView over a {@link ResultTable} whose rows have children (partitioned tables):
 * top-level rows filtered and sorted by the model, children sorted the same way below their
 * parent. Expanded rows and the selection survive a refresh; Ctrl+C copies the selection.
 */
public final class ResultTreeView<R> implements RowsView<R> {

    private final ResultTable<R> model;
    private final TreeTableView<R> tree = new TreeTableView<>();
    private final TreeItem<R> root = new TreeItem<>();
    private final String idPrefix;
    private final ReadOnlyObjectWrapper<R> selected = new ReadOnlyObjectWrapper<>();
    private IntConsumer copied = count -> { };
    private boolean rebuilding;

    public ResultTreeView(ResultTable<R> model, String idPrefix, ObservableStringValue placeholder) {
        this.model = model;
        this.idPrefix = idPrefix;
        tree.setId(idPrefix + "-table");
        tree.getStyleClass().addAll("inspect-table", atlantafx.base.theme.Styles.DENSE);
        tree.setRoot(root);
        tree.setShowRoot(false);
        root.setExpanded(true);
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);

        Label empty = new Label();
        empty.textProperty().bind(placeholder);
        empty.setWrapText(true);
        empty.setMaxWidth(640);
        empty.getStyleClass().add("inspect-placeholder");
        empty.setId(idPrefix + "-placeholder");
        tree.setPlaceholder(empty);

        // The model sorts (so exports follow the headers too); the tree only rebuilds.
        tree.setSortPolicy(t -> {
            model.comparatorProperty().set(comparator());
            rebuild();
            return true;
        });
        tree.setOnKeyPressed(event -> {
            if (ResultTableView.COPY.match(event)) {
                copied.accept(copyToClipboard());
                event.consume();
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!rebuilding) {
                selected.set(now == null ? null : now.getValue());
            }
        });

        buildColumns();
        model.columns().addListener((ListChangeListener<Column<R>>) change -> buildColumns());
        model.visibleRows().addListener((ListChangeListener<R>) change -> rebuild());
        rebuild();
    }

    public TreeTableView<R> tree() {
        return tree;
    }

    public void setOnCopied(IntConsumer copied) {
        this.copied = copied;
    }

    @Override
    public Control control() {
        return tree;
    }

    @Override
    public ResultTable<R> rows() {
        return model;
    }

    @Override
    public List<R> selectedRows() {
        List<R> rows = new ArrayList<>();
        for (TreeItem<R> item : tree.getSelectionModel().getSelectedItems()) {
            if (item != null && item.getValue() != null) {
                rows.add(item.getValue());
            }
        }
        return rows;
    }

    @Override
    public ReadOnlyObjectProperty<R> selectedRowProperty() {
        return selected.getReadOnlyProperty();
    }

    private Comparator<R> comparator() {
        Comparator<R> result = null;
        for (TreeTableColumn<R, ?> col : tree.getSortOrder()) {
            Column<R> column = model.columns().stream().filter(c -> col.getId().equals(idPrefix + "-col-" + c.id()))
                    .findFirst().orElse(null);
            if (column == null) {
                continue;
            }
            Comparator<R> one = col.getSortType() == TreeTableColumn.SortType.DESCENDING ? column.order().reversed() : column.order();
            result = result == null ? one : result.thenComparing(one);
        }
        return result;
    }

    private void rebuild() {
        Set<Object> expanded = new HashSet<>();
        collectExpanded(root, expanded);
        Set<Object> chosen = new HashSet<>();
        selectedRows().forEach(r -> chosen.add(model.keyOf(r)));
        rebuilding = true;
        try {
            List<TreeItem<R>> items = new ArrayList<>();
            for (R row : model.visibleRows()) {
                items.add(item(row, expanded));
            }
            root.getChildren().setAll(items);
            tree.getSelectionModel().clearSelection();
            R last = null;
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                TreeItem<R> item = tree.getTreeItem(i);
                if (item != null && item.getValue() != null && chosen.contains(model.keyOf(item.getValue()))) {
                    tree.getSelectionModel().select(i);
                    last = item.getValue();
                }
            }
            selected.set(last);
        } finally {
            rebuilding = false;
        }
    }

    private TreeItem<R> item(R row, Set<Object> expanded) {
        TreeItem<R> item = new TreeItem<>(row);
        for (R child : model.sortedChildren(row)) {
            item.getChildren().add(item(child, expanded));
        }
        item.setExpanded(expanded.contains(model.keyOf(row)));
        return item;
    }

    private void collectExpanded(TreeItem<R> item, Set<Object> into) {
        for (TreeItem<R> child : item.getChildren()) {
            if (child.isExpanded() && child.getValue() != null) {
                into.add(model.keyOf(child.getValue()));
            }
            collectExpanded(child, into);
        }
    }

    private void buildColumns() {
        List<TreeTableColumn<R, R>> columns = new ArrayList<>();
        for (Column<R> column : model.columns()) {
            TreeTableColumn<R, R> col = new TreeTableColumn<>(column.title());
            col.setId(idPrefix + "-col-" + column.id());
            col.setPrefWidth(Math.max(column.width(), dev.railyard.ui.ColumnWidths.header(column.title())));
            col.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().getValue()));
            col.setComparator(column.order());
            if (column.align() == ResultTable.Align.RIGHT) {
                col.getStyleClass().add("align-right");
            }
            col.setCellFactory(c -> new TreeTableCell<>() {
                @Override
                protected void updateItem(R item, boolean empty) {
                    super.updateItem(item, empty);
                    String text = empty || item == null ? null : column.textOf(item);
                    setText(text);
                    setTooltip(text != null && text.length() > 60 ? new Tooltip(text) : null);
                }
            });
            columns.add(col);
        }
        tree.getSortOrder().clear();
        tree.getColumns().setAll(columns);
        // The table column shows the tree's arrows.
        columns.stream().filter(c -> c.getId().endsWith("-col-table")).findFirst().ifPresent(tree::setTreeColumn);
    }
}
