package dev.railyard.ui.inspect;

import dev.railyard.inspect.table.TableRef;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.IndexedCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/** Opens a look inside a table: what double-clicking (or Enter on) a row naming a table does in Tables and Indexes. */
@FunctionalInterface
public interface TableOpener {

    void open(TableRef table);

    /**
     * A double-click on a row of {@code rows}, or Enter, opens the table {@code tableOf} names
     * for the selected row (null: the row names none, nothing opens).
     */
    static <R> void onRows(RowsView<R> rows, TableOpener opener, Function<R, TableRef> tableOf) {
        rows.control().addEventHandler(MouseEvent.MOUSE_CLICKED, event -> {
            if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && onRow(event)) {
                open(rows, opener, tableOf);
            }
        });
        rows.control().addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER) {
                open(rows, opener, tableOf);
            }
        });
    }

    private static <R> void open(RowsView<R> rows, TableOpener opener, Function<R, TableRef> tableOf) {
        R row = rows.selectedRowProperty().get();
        TableRef table = row == null ? null : tableOf.apply(row);
        if (table != null) {
            opener.open(table);
        }
    }

    /** True when the click landed on a filled row, not on a header or the empty space below the rows. */
    private static boolean onRow(MouseEvent event) {
        for (Node node = event.getPickResult().getIntersectedNode(); node != null; node = node.getParent()) {
            if (node instanceof IndexedCell<?> cell) {
                return !cell.isEmpty();
            }
        }
        return false;
    }
}
