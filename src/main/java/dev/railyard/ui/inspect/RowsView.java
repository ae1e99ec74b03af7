package dev.railyard.ui.inspect;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.Control;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** A table or tree showing a {@link ResultTable}: what the tab's toolbar needs of it. */
public interface RowsView<R> {

    Control control();

    ResultTable<R> rows();

    /** The selected rows in display order; empty when none. */
    List<R> selectedRows();

    /** The row the user selected last (the one actions apply to); null when none. */
    ReadOnlyObjectProperty<R> selectedRowProperty();

    /**
     * Puts the selected rows (all visible rows when none is selected) on the clipboard as
     * tab-separated text with a header line, ready to paste into a spreadsheet.
     *
     * @return how many rows were copied
     */
    default int copyToClipboard() {
        List<R> chosen = selectedRows().isEmpty() ? rows().exportRows() : selectedRows();
        ClipboardContent content = new ClipboardContent();
        content.putString(rows().tsv(chosen));
        Clipboard.getSystemClipboard().setContent(content);
        return chosen.size();
    }
}
