package dev.railyard.ui.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.inspect.TableSizeReport;
import dev.railyard.inspect.TableSizeRow;
import dev.railyard.inspect.TableSizes;
import dev.railyard.task.Sizes;
import dev.railyard.ui.inspect.ResultTable.Column;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tables tab: every table largest first, partitioned tables with their partitions below,
 * sizes shown human but sorted by bytes, and the ten largest as bars. Vacuum and analyze times
 * (PostgreSQL) or engine and free space (MySQL) depending on the server.
 */
public final class TablesModel extends InspectModel<TableSizeReport, TableSizeRow> {

    /** Bars drawn for the largest tables. */
    public static final int CHART_BARS = 10;

    /**
     * One bar of the chart.
     *
     * @param fraction this table's size relative to the largest, 0..1 (the bar's length)
     * @param text     "1.2 GB · 34 %"
     */
    public record Bar(String label, long bytes, double fraction, String text) {
    }

    private final ObservableList<Bar> bars = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper statsNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final Map<Dialect, List<Column<TableSizeRow>>> columns;

    public TablesModel(InspectServices services) {
        super(Feature.TABLES, services, new ResultTable<>(TableSizeRow::partitions, r -> r.kind() + " " + r.qualifiedName()));
        columns = Map.of(Dialect.POSTGRESQL, postgresColumns(), Dialect.MYSQL, mysqlColumns());
        table().setColumns(columns.get(Dialect.POSTGRESQL));
    }

    /** The ten largest top-level tables, largest first. */
    public ObservableList<Bar> bars() {
        return bars;
    }

    /** MySQL: how old the cached figures may be; "" where they are read live. */
    public ReadOnlyStringProperty statsNoteProperty() {
        return statsNote.getReadOnlyProperty();
    }

    /** "42 tables · 1.3 GB" */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    @Override
    protected TableSizeReport read(Connection connection, Dialect dialect) throws SQLException {
        return new TableSizes(dialect).read(connection);
    }

    @Override
    protected List<TableSizeRow> rows(TableSizeReport report) {
        table().setColumns(columnsFor(report));
        return report.tables();
    }

    /** The dialect's columns; "Kind" only when something is not a plain table (partitions, materialized views). */
    private List<Column<TableSizeRow>> columnsFor(TableSizeReport report) {
        boolean plain = report.flattened().stream().allMatch(t -> TableSizeRow.TABLE.equals(t.kind()));
        return columns.get(report.dialect()).stream().filter(c -> !plain || !c.id().equals("kind")).toList();
    }

    @Override
    protected String emptyText() {
        return "This database has no tables yet.";
    }

    @Override
    protected void cleared() {
        bars.clear();
        statsNote.set("");
        summary.set("");
    }

    @Override
    protected void applied(TableSizeReport report) {
        bars.setAll(bars(report));
        statsNote.set(report.statsNote() == null ? "" : report.statsNote());
        int count = report.tables().size();
        summary.set(count + (count == 1 ? " table · " : " tables · ") + Sizes.human(report.databaseBytes()));
    }

    static List<Bar> bars(TableSizeReport report) {
        List<Bar> out = new ArrayList<>();
        List<TableSizeRow> largest = report.tables().stream().limit(CHART_BARS).toList();
        long top = largest.isEmpty() ? 0 : Math.max(1, largest.get(0).totalBytes());
        for (TableSizeRow t : largest) {
            out.add(new Bar(t.qualifiedName(), t.totalBytes(), t.totalBytes() / (double) top,
                    Sizes.human(t.totalBytes()) + " · " + Format.percent(t.shareOfDatabase())));
        }
        return out;
    }

    private Instant serverTime() {
        TableSizeReport r = report();
        return r == null ? null : r.serverTime();
    }

    private List<Column<TableSizeRow>> postgresColumns() {
        return List.of(
                Column.text("schema", "Schema", 88, TableSizeRow::schema),
                Column.text("table", "Table", 190, TableSizeRow::name),
                Column.text("kind", "Kind", 95, TableSizeRow::kind),
                Column.count("rows", "Est. rows", TablesModel::estimatedRows).withWidth(92),
                Column.bytes("table-bytes", "Heap", TableSizeRow::tableBytes),
                Column.bytes("index-bytes", "Indexes", TableSizeRow::indexBytes),
                Column.bytes("toast-bytes", "TOAST", TableSizeRow::toastBytes),
                Column.bytes("total-bytes", "Total", TableSizeRow::totalBytes),
                Column.percent("share", "Share", TableSizeRow::shareOfDatabase),
                new Column<>("dead", "Dead rows", TablesModel::deadRows,
                        java.util.Comparator.comparing(TableSizeRow::deadRows, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())),
                        "Dead rows", r -> r.deadRows() == null ? "" : r.deadRows().toString(), ResultTable.Align.RIGHT, 125),
                time("vacuum", "Last vacuum", TableSizeRow::lastVacuumAny, r -> r.lastAutovacuum() != null
                        && r.lastAutovacuum().equals(r.lastVacuumAny())),
                time("analyze", "Last analyze", TableSizeRow::lastAnalyzeAny, r -> r.lastAutoanalyze() != null
                        && r.lastAutoanalyze().equals(r.lastAnalyzeAny())));
    }

    private List<Column<TableSizeRow>> mysqlColumns() {
        return List.of(
                Column.text("schema", "Schema", 88, TableSizeRow::schema),
                Column.text("table", "Table", 190, TableSizeRow::name),
                Column.text("kind", "Kind", 95, TableSizeRow::kind),
                Column.text("engine", "Engine", 80, TableSizeRow::engine),
                Column.count("rows", "Est. rows", TablesModel::estimatedRows),
                Column.bytes("table-bytes", "Data", TableSizeRow::tableBytes),
                Column.bytes("index-bytes", "Indexes", TableSizeRow::indexBytes),
                Column.bytes("total-bytes", "Total", TableSizeRow::totalBytes),
                Column.percent("share", "Share", TableSizeRow::shareOfDatabase),
                Column.bytes("free-bytes", "Free", TableSizeRow::freeBytes),
                time("updated", "Last write", TableSizeRow::updatedAt, r -> false));
    }

    /** "1,234 (12 %)": dead rows and their share of the table. */
    /**
     * The planner's estimate, or, for a table never analyzed (reltuples unknown), the live rows the
     * statistics count: never "—" beside a dead-rows figure that was measured.
     */
    static Long estimatedRows(TableSizeRow row) {
        return row.estimatedRows() != null ? row.estimatedRows() : row.liveRows();
    }

    static String deadRows(TableSizeRow row) {
        if (row.deadRows() == null) {
            return null;
        }
        Double share = row.deadRowShare();
        return Format.count(row.deadRows()) + (share == null ? "" : " (" + Format.percent(share) + ")");
    }

    private Column<TableSizeRow> time(String id, String title, java.util.function.Function<TableSizeRow, Instant> when,
                                      java.util.function.Predicate<TableSizeRow> automatic) {
        return new Column<>(id, title, r -> {
            Instant t = when.apply(r);
            if (t == null) {
                return TableSizeRow.PARTITIONED.equals(r.kind()) ? "" : "never";
            }
            return Format.ago(t, serverTime()) + (automatic.test(r) ? " (auto)" : "");
        }, java.util.Comparator.comparing(when, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())),
                title + " (UTC)", r -> {
                    Instant t = when.apply(r);
                    return t == null ? "" : t.toString();
                }, ResultTable.Align.LEFT, 115);
    }
}
