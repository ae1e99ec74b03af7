package dev.railyard.ui.inspect;

import dev.railyard.task.Sizes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The rows of an inspect tab as the user sees them: columns that know how to show, sort and
 * export a value, a text filter, the sort order the table's headers chose, and the copy (TSV)
 * and export (CSV) texts of what is visible. Holds no control; the view binds to it.
 *
 * <p>Rows may have children (a partitioned table's partitions): a row passes the filter when it
 * or any child matches, and exports list the children right after their parent.
 *
 * @param <R> one row, a record from the inspect services
 */
public final class ResultTable<R> {

    public enum Align { LEFT, RIGHT }

    /**
     * One column.
     *
     * @param id          stable name for styles and tests ("total")
     * @param text        what the cell shows; null shows as empty
     * @param order       how the column sorts (by bytes, not by "1.2 MB"); nulls last
     * @param exportTitle the CSV header (names its unit when the value is raw: "Total (bytes)")
     * @param export      the CSV value: the raw number where the cell shows a human size
     * @param width       preferred width in pixels
     */
    public record Column<R>(String id, String title, Function<R, String> text, Comparator<R> order, String exportTitle,
                            Function<R, String> export, Align align, double width) {

        public Column {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
            order = order == null ? Comparator.comparing(r -> lower(text.apply(r)), Comparator.nullsLast(Comparator.naturalOrder())) : order;
            exportTitle = exportTitle == null ? title : exportTitle;
            export = export == null ? text : export;
            align = align == null ? Align.LEFT : align;
        }

        /** The same column, another preferred width (for titles longer than their values). */
        public Column<R> withWidth(double pixels) {
            return new Column<>(id, title, text, order, exportTitle, export, align, pixels);
        }

        public String textOf(R row) {
            String value = text.apply(row);
            return value == null ? "" : value;
        }

        public String exportOf(R row) {
            String value = export.apply(row);
            return value == null ? "" : value;
        }

        /** A text column sorted alphabetically, case-insensitive. */
        public static <R> Column<R> text(String id, String title, double width, Function<R, String> text) {
            return new Column<>(id, title, text, null, null, null, Align.LEFT, width);
        }

        /** Bytes shown as "1.2 MB", sorted and exported as the number of bytes. */
        public static <R> Column<R> bytes(String id, String title, Function<R, Long> bytes) {
            return new Column<>(id, title, r -> {
                Long value = bytes.apply(r);
                return value == null ? "—" : Sizes.human(value);
            }, Comparator.comparing(bytes, Comparator.nullsLast(Comparator.naturalOrder())), title + " (bytes)",
                    r -> string(bytes.apply(r)), Align.RIGHT, 78);
        }

        /** A count shown with thousands separators ("30,000"), sorted and exported as the number. */
        public static <R> Column<R> count(String id, String title, Function<R, Long> count) {
            return new Column<>(id, title, r -> {
                Long value = count.apply(r);
                return value == null ? "—" : Format.count(value);
            }, Comparator.comparing(count, Comparator.nullsLast(Comparator.naturalOrder())), title,
                    r -> string(count.apply(r)), Align.RIGHT, 82);
        }

        /** An identifier (pid, connection id): right-aligned, no thousands separator, sorted as a number. */
        public static <R> Column<R> id(String id, String title, Function<R, Long> value) {
            return new Column<>(id, title, r -> string(value.apply(r)),
                    Comparator.comparing(value, Comparator.nullsLast(Comparator.naturalOrder())), title,
                    r -> string(value.apply(r)), Align.RIGHT, 70);
        }

        /** Milliseconds shown as "850 ms" / "1.4 s" / "3 min 05 s", sorted and exported as milliseconds. */
        public static <R> Column<R> millis(String id, String title, Function<R, ? extends Number> millis) {
            return new Column<>(id, title, r -> {
                Number value = millis.apply(r);
                return value == null ? null : Format.millis(value.doubleValue());
            }, Comparator.comparing(r -> asDouble(millis.apply(r)), Comparator.nullsLast(Comparator.naturalOrder())),
                    title + " (ms)", r -> {
                        Number value = millis.apply(r);
                        return value == null ? "" : Format.plain(value.doubleValue());
                    }, Align.RIGHT, 80);
        }

        /** A share 0..1 shown as "12.5 %", sorted and exported as the fraction. */
        public static <R> Column<R> percent(String id, String title, Function<R, Double> share) {
            return new Column<>(id, title, r -> {
                Double value = share.apply(r);
                return value == null ? null : Format.percent(value);
            }, Comparator.comparing(share, Comparator.nullsLast(Comparator.naturalOrder())), title + " (0-1)",
                    r -> {
                        Double value = share.apply(r);
                        return value == null ? "" : Format.plain(value);
                    }, Align.RIGHT, 66);
        }

        private static Double asDouble(Number n) {
            return n == null ? null : n.doubleValue();
        }

        private static String string(Object value) {
            return value == null ? "" : value.toString();
        }

        private static String lower(String s) {
            return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
        }
    }

    private final ObservableList<Column<R>> columns = FXCollections.observableArrayList();
    private final ObservableList<R> rows = FXCollections.observableArrayList();
    private final FilteredList<R> filtered = new FilteredList<>(rows);
    private final SortedList<R> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<Comparator<? super R>> comparator = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper replacing = new ReadOnlyBooleanWrapper();
    private final Function<R, List<R>> children;
    private final Function<R, Object> key;

    /** Rows without children, known by equality. */
    public ResultTable() {
        this(row -> List.of(), row -> row);
    }

    /**
     * @param children a row's sub-rows (partitions); never null
     * @param key      what identifies a row across reads (a pid, a table's name), so a refresh
     *                 keeps the user's selection and expanded rows
     */
    public ResultTable(Function<R, List<R>> children, Function<R, Object> key) {
        this.children = children;
        this.key = key;
        filter.addListener((obs, was, now) -> filtered.setPredicate(predicate(now)));
        sorted.comparatorProperty().bind(comparator);
    }

    public ObservableList<Column<R>> columns() {
        return columns;
    }

    /** Replaces the columns unless they are the same ones (the view rebuilds its headers on change). */
    public void setColumns(List<Column<R>> next) {
        if (!columns.equals(next)) {
            columns.setAll(next);
        }
    }

    /** Every row, unfiltered. */
    public ObservableList<R> rows() {
        return rows;
    }

    /** Replaces the rows; {@link #replacingProperty()} is true meanwhile. */
    public void setRows(List<R> next) {
        replacing.set(true);
        try {
            rows.setAll(next);
        } finally {
            replacing.set(false);
        }
    }

    /** True while {@link #setRows} replaces the rows: selection changes then are not the user's. */
    public ReadOnlyBooleanProperty replacingProperty() {
        return replacing.getReadOnlyProperty();
    }

    /** What identifies the row across reads. */
    public Object keyOf(R row) {
        return key.apply(row);
    }

    /** The rows shown: filtered, in the chosen order. Bind a table's items to this. */
    public SortedList<R> visibleRows() {
        return sorted;
    }

    /** Words the rows must all contain (in any column, any case); "" shows every row. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** The sort order, from the table's headers (bind it to TableView.comparatorProperty); null keeps the report's order. */
    public ObjectProperty<Comparator<? super R>> comparatorProperty() {
        return comparator;
    }

    public List<R> childrenOf(R row) {
        return children.apply(row);
    }

    /** A row's children in the current sort order. */
    public List<R> sortedChildren(R row) {
        List<R> kids = new ArrayList<>(children.apply(row));
        if (comparator.get() != null) {
            kids.sort(comparator.get());
        }
        return kids;
    }

    /** Rows as tab-separated text with a header line: what Ctrl+C puts on the clipboard. */
    public String tsv(Collection<R> selected) {
        StringBuilder out = new StringBuilder();
        out.append(String.join("\t", columns.stream().map(Column::title).toList())).append('\n');
        for (R row : selected) {
            out.append(String.join("\t", columns.stream().map(c -> c.textOf(row).replaceAll("[\\t\\r\\n]+", " ")).toList()))
                    .append('\n');
        }
        return out.toString();
    }

    /** The visible rows (with their children) as CSV (RFC 4180): raw numbers, a header naming units. */
    public String csv() {
        StringBuilder out = new StringBuilder();
        line(out, columns.stream().map(Column::exportTitle).toList());
        for (R row : exportRows()) {
            line(out, columns.stream().map(c -> c.exportOf(row)).toList());
        }
        return out.toString();
    }

    /** What {@link #csv()} lists: the visible rows, each followed by its children. */
    public List<R> exportRows() {
        List<R> all = new ArrayList<>();
        for (R row : sorted) {
            addWithChildren(row, all);
        }
        return all;
    }

    private void addWithChildren(R row, List<R> into) {
        into.add(row);
        for (R child : sortedChildren(row)) {
            addWithChildren(child, into);
        }
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        out.append("\r\n");
    }

    private Predicate<R> predicate(String text) {
        List<String> words = text == null ? List.of()
                : Arrays.stream(text.toLowerCase(Locale.ROOT).trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return null;
        }
        return row -> matches(row, words);
    }

    /** True when every word is in one of the row's cells, or the row has a child that matches. */
    private boolean matches(R row, List<String> words) {
        String cells = columns.stream().map(c -> c.textOf(row)).reduce("", (a, b) -> a + "\u0000" + b).toLowerCase(Locale.ROOT);
        if (words.stream().allMatch(cells::contains)) {
            return true;
        }
        return children.apply(row).stream().anyMatch(child -> matches(child, words));
    }

    /** Applies the filter again, e.g. after the columns changed what the cells say. */
    public void refilter() {
        filtered.setPredicate(predicate(filter.get()));
    }
}
