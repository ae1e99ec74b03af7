package dev.railyard.ui.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.inspect.Finding;
import dev.railyard.inspect.IndexHealth;
import dev.railyard.inspect.IndexReport;
import dev.railyard.inspect.IndexRow;
import dev.railyard.ui.inspect.ResultTable.Column;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Indexes tab: every index with its size and scans (the table), and the findings (unused,
 * duplicate, redundant, invalid, tables read by sequential scans), each with the DDL that would
 * fix it. The DDL is shown and copied, never run from here. The filter applies to both lists.
 */
public final class IndexesModel extends InspectModel<IndexReport, IndexRow> {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ResultTable<Finding> findings = new ResultTable<>(r -> List.of(), OverviewModel::findingKey);
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    public IndexesModel(InspectServices services) {
        super(Feature.INDEXES, services, new ResultTable<>(r -> List.of(), r -> r.schema() + "." + r.table() + "." + r.name()));
        table().setColumns(columns());
        findings.setColumns(OverviewModel.FindingColumns.columns());
        findings.filterProperty().bind(table().filterProperty());
    }

    /** The findings, most severe first; filtered with the indexes. */
    public ResultTable<Finding> findings() {
        return findings;
    }

    /** The report's limits and how far back the scan counts go, in plain words; "" when none. */
    public ReadOnlyStringProperty notesProperty() {
        return notes.getReadOnlyProperty();
    }

    /** "23 indexes · 4 findings" */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    @Override
    protected IndexReport read(Connection connection, Dialect dialect) throws SQLException {
        return new IndexHealth(dialect).read(connection);
    }

    @Override
    protected List<IndexRow> rows(IndexReport report) {
        return report.indexes();
    }

    @Override
    protected String emptyText() {
        return "This database has no indexes.";
    }

    @Override
    protected void cleared() {
        findings.setRows(List.of());
        notes.set("");
        summary.set("");
    }

    @Override
    protected void applied(IndexReport report) {
        findings.setRows(report.findings());
        List<String> lines = new ArrayList<>();
        if (report.statsSince() != null) {
            lines.add("Scan counts since " + DAY.format(report.statsSince()) + " UTC ("
                    + Format.ago(report.statsSince(), services.clock().instant()).replace(" ago", "")
                    + "): an index unused since then may still serve a monthly job.");
        }
        lines.addAll(report.notes());
        notes.set(String.join("\n", lines));
        int n = report.indexes().size();
        int f = report.findings().size();
        summary.set(n + (n == 1 ? " index · " : " indexes · ") + f + (f == 1 ? " finding" : " findings"));
    }

    private static List<Column<IndexRow>> columns() {
        return List.of(
                Column.text("schema", "Schema", 90, IndexRow::schema),
                Column.text("table", "Table", 150, IndexRow::table),
                Column.text("index", "Index", 210, IndexRow::name),
                Column.text("method", "Method", 78, IndexRow::method),
                Column.text("columns", "Columns", 180, r -> String.join(", ", r.columns())),
                Column.text("flags", "Kind", 130, IndexesModel::flags),
                Column.bytes("size", "Size", IndexRow::bytes),
                Column.count("scans", "Scans", IndexRow::scans),
                Column.text("definition", "Definition", 420, IndexRow::definition));
    }

    /** "primary", "unique, partial", "INVALID" ... */
    static String flags(IndexRow r) {
        List<String> flags = new ArrayList<>();
        if (!r.valid()) {
            flags.add("INVALID");
        }
        if (r.primary()) {
            flags.add("primary key");
        } else if (r.unique()) {
            flags.add("unique");
        }
        if (r.partial()) {
            flags.add("partial");
        }
        if (r.expression()) {
            flags.add("expression");
        }
        if (r.partitioned()) {
            flags.add("partitioned");
        }
        return String.join(", ", flags);
    }
}
