package dev.railyard.ui;

/** How wide Railyard's table columns start, shared by every table and tree in the window. */
public final class ColumnWidths {

    private ColumnWidths() {
    }

    /**
     * The width a column needs to show its whole title, bold, with the header's padding and room
     * for the sort arrow: a title cut to "Plann…" leaves the reader guessing what the column holds.
     */
    public static double header(String title) {
        javafx.scene.text.Text text = new javafx.scene.text.Text(title);
        javafx.scene.text.Font font = javafx.scene.text.Font.getDefault();
        // The theme's font is 14 px where the toolkit's default is smaller (13 px on Linux).
        text.setFont(javafx.scene.text.Font.font(font.getFamily(), javafx.scene.text.FontWeight.BOLD, Math.max(14, font.getSize())));
        return Math.ceil(text.getLayoutBounds().getWidth()) + 34;
    }
}
