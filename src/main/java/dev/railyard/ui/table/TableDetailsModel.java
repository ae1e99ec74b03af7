package dev.railyard.ui.table;

import dev.railyard.backup.TableDefinition;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.InspectionScope;
import dev.railyard.inspect.table.ForeignKey;
import dev.railyard.inspect.table.RowFilter;
import dev.railyard.inspect.table.RowRequest;
import dev.railyard.inspect.table.TableColumn;
import dev.railyard.inspect.table.TableDdl;
import dev.railyard.inspect.table.TableDetails;
import dev.railyard.inspect.table.TableDetailsReader;
import dev.railyard.inspect.table.TableIndex;
import dev.railyard.inspect.table.TableRef;
import dev.railyard.inspect.table.TableRowReader;
import dev.railyard.inspect.table.TableRows;
import dev.railyard.inspect.table.TableTrigger;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.inspect.InspectServices;
import dev.railyard.ui.inspect.ResultTable;
import dev.railyard.ui.inspect.ResultTable.Column;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A look inside one table of one profile: its first rows (sorted and filtered on the server), its
 * columns, DDL, indexes, foreign keys and triggers. Every read is a job on the profile's pooled
 * connection made an inspection session ({@link InspectionScope}: read-only at the server, with a
 * statement timeout), its result applied on the UI thread; the DDL is read the first time it is
 * asked for. The window stays on its profile: while another is selected in the sidebar, it keeps
 * what it read and reads nothing.
 */
public final class TableDetailsModel {

    private final InspectServices services;
    private final ConnectionProfile profile;
    private final TableRef table;
    private final ReadOnlyObjectWrapper<TableDetails> details = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TableRows> rows = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TableDefinition> ddl = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loadingRows = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loadingDdl = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ProblemText> problem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ProblemText> rowsProblem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ProblemText> ddlProblem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper rowsSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sortColumn = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper descending = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper current = new ReadOnlyBooleanWrapper();
    private final ObservableList<FilterCondition> conditions = FXCollections.observableArrayList();
    private final ResultTable<TableColumn> columns = new ResultTable<>();
    private final ResultTable<TableIndex> indexes = new ResultTable<>();
    private final ResultTable<ForeignKey> references = new ResultTable<>();
    private final ResultTable<ForeignKey> referencedBy = new ResultTable<>();
    private final ResultTable<TableTrigger> triggers = new ResultTable<>();
    private final ChangeListener<ConnectionProfile> selection = (obs, was, now) -> selectionChanged();
    /** The filters of the rows shown (or being read): what Apply last sent. */
    private List<RowFilter> appliedFilters = List.of();
    /** Bumped by every rows read: an older read's result is not applied over a newer one's. */
    private long rowsRead;

    public TableDetailsModel(InspectServices services, ConnectionProfile profile, TableRef table) {
        this.services = Objects.requireNonNull(services, "services");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.table = Objects.requireNonNull(table, "table");
        columns.setColumns(columnColumns());
        indexes.setColumns(indexColumns());
        references.setColumns(keyColumns(true));
        referencedBy.setColumns(keyColumns(false));
        triggers.setColumns(triggerColumns());
        services.connection().profileProperty().addListener(selection);
        selectionChanged();
    }

    public TableRef table() {
        return table;
    }

    public ConnectionProfile profile() {
        return profile;
    }

    /** "public.orders — shop-prod": the window's title. */
    public String title() {
        return table.displayName() + " \u2014 " + profile.name();
    }

    public ReadOnlyObjectProperty<TableDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TableRows> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** The DDL once read ({@link #loadDdl()}); null before. */
    public ReadOnlyObjectProperty<TableDefinition> ddlProperty() {
        return ddl.getReadOnlyProperty();
    }

    /** True while the details (and first rows) are read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingRowsProperty() {
        return loadingRows.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingDdlProperty() {
        return loadingDdl.getReadOnlyProperty();
    }

    /** Why the details could not be read; null after a good read. */
    public ReadOnlyObjectProperty<ProblemText> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Why the rows could not be read (a filter value the column's type refuses, say); null after a good read. */
    public ReadOnlyObjectProperty<ProblemText> rowsProblemProperty() {
        return rowsProblem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProblemText> ddlProblemProperty() {
        return ddlProblem.getReadOnlyProperty();
    }

    /** "First 200 rows (more in the table) · 12 ms", "4 rows match the filter · 9 ms". */
    public ReadOnlyStringProperty rowsSummaryProperty() {
        return rowsSummary.getReadOnlyProperty();
    }

    /** The column the rows are sorted by on the server; null for the server's own order. */
    public ReadOnlyStringProperty sortColumnProperty() {
        return sortColumn.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty descendingProperty() {
        return descending.getReadOnlyProperty();
    }

    /** True while this window's profile is the one selected: only then does it read. */
    public ReadOnlyBooleanProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The filter being edited: every condition must hold. */
    public ObservableList<FilterCondition> conditions() {
        return conditions;
    }

    public ResultTable<TableColumn> columns() {
        return columns;
    }

    public ResultTable<TableIndex> indexes() {
        return indexes;
    }

    /** Foreign keys of this table: what it references. */
    public ResultTable<ForeignKey> references() {
        return references;
    }

    /** Foreign keys of other tables that reference this one. */
    public ResultTable<ForeignKey> referencedBy() {
        return referencedBy;
    }

    public ResultTable<TableTrigger> triggers() {
        return triggers;
    }

    /** Names of the table's columns, for the filter's column choice; empty before the details are read. */
    public List<String> columnNames() {
        TableDetails d = details.get();
        return d == null ? List.of() : d.columns().stream().map(TableColumn::name).toList();
    }

    /** Reads the details and the rows (as sorted and filtered now) again; the DDL again too if it was read. */
    public void refresh() {
        if (!current.get() || loading.get()) {
            return;
        }
        Dialect dialect = profile.dialect();
        RowRequest request = request();
        long read = ++rowsRead;
        long started = System.nanoTime();
        loading.set(true);
        loadingRows.set(true);
        submit("Details of " + table.displayName(), dialect, c -> new Opened(
                new TableDetailsReader(dialect).read(c, table.schema(), table.name()),
                new TableRowReader(dialect).read(c, table.schema(), table.name(), request)), opened -> {
                    loading.set(false);
                    problem.set(null);
                    details.set(opened.details());
                    applyDetails(opened.details());
                    if (read == rowsRead) {
                        applyRows(opened.rows(), started);
                    }
                }, failure -> {
                    loading.set(false);
                    if (read == rowsRead) {
                        loadingRows.set(false);
                    }
                    problem.set(failure);
                });
        if (ddl.get() != null || ddlProblem.get() != null) {
            ddl.set(null);
            ddlProblem.set(null);
            loadDdl();
        }
    }

    /**
     * Sorts by a column on the server: a new column ascending, the same column again descending,
     * then ascending again.
     */
    public void sortBy(String column) {
        boolean same = Objects.equals(column, sortColumn.get());
        sort(column, same && !descending.get());
    }

    /** Sorts by {@code column} in that direction; null for the server's own order. Reads the rows unless that is already their order. */
    public void sort(String column, boolean descendingOrder) {
        if (!current.get()) {
            return;
        }
        if (Objects.equals(column, sortColumn.get()) && (column == null || descendingOrder == descending.get())) {
            return;
        }
        sortColumn.set(column);
        descending.set(column != null && descendingOrder);
        readRows();
    }

    /** Adds a condition on the first column (the user picks another). */
    public void addCondition() {
        List<String> names = columnNames();
        conditions.add(new FilterCondition(names.isEmpty() ? null : names.get(0)));
    }

    public void removeCondition(FilterCondition condition) {
        conditions.remove(condition);
    }

    /** Reads the rows matching every condition; the values go to the server as bind parameters. */
    public void applyFilter() {
        if (!current.get()) {
            return;
        }
        List<RowFilter> next = new ArrayList<>();
        for (FilterCondition condition : conditions) {
            RowFilter filter = condition.toFilter();
            if (filter != null) {
                next.add(filter);
            }
        }
        appliedFilters = List.copyOf(next);
        readRows();
    }

    /** Drops every condition and reads the unfiltered rows. */
    public void clearFilter() {
        conditions.clear();
        if (current.get() && !appliedFilters.isEmpty()) {
            appliedFilters = List.of();
            readRows();
        }
    }

    /** Reads the DDL, once: the catalog read behind it is the largest of the window's reads. */
    public void loadDdl() {
        if (!current.get() || loadingDdl.get() || ddl.get() != null) {
            return;
        }
        Dialect dialect = profile.dialect();
        loadingDdl.set(true);
        ddlProblem.set(null);
        submit("DDL of " + table.displayName(), dialect, c -> TableDdl.of(c, dialect, table.schema(), table.name()), text -> {
            loadingDdl.set(false);
            ddl.set(text);
        }, failure -> {
            loadingDdl.set(false);
            ddlProblem.set(failure);
        });
    }

    /** Stops following the sidebar's selection. */
    public void dispose() {
        services.connection().profileProperty().removeListener(selection);
    }

    private void applyDetails(TableDetails read) {
        columns.setRows(read.columns());
        indexes.setRows(read.indexes());
        references.setRows(read.references());
        referencedBy.setRows(read.referencedBy());
        triggers.setRows(read.triggers());
    }

    // ---- internals

    private record Opened(TableDetails details, TableRows rows) {
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(java.sql.Connection connection) throws SQLException;
    }

    private RowRequest request() {
        return new RowRequest(sortColumn.get(), descending.get(), appliedFilters, RowRequest.DEFAULT_LIMIT);
    }

    private void readRows() {
        if (!current.get()) {
            return;
        }
        Dialect dialect = profile.dialect();
        RowRequest request = request();
        long read = ++rowsRead;
        long started = System.nanoTime();
        loadingRows.set(true);
        submit("Rows of " + table.displayName(), dialect,
                c -> new TableRowReader(dialect).read(c, table.schema(), table.name(), request), value -> {
                    if (read == rowsRead) {
                        applyRows(value, started);
                    }
                }, failure -> {
                    if (read == rowsRead) {
                        loadingRows.set(false);
                        rowsProblem.set(request.filters().isEmpty() || !failure.fix().isEmpty() ? failure
                                : new ProblemText(failure.title(), failure.summary(), "Each filter value is read as its "
                                + "column's type: a number for a number column, 2024-05-01 for a date. LIKE takes % and _ as wildcards."));
                    }
                });
    }

    private void applyRows(TableRows read, long startedNanos) {
        loadingRows.set(false);
        rowsProblem.set(null);
        rows.set(read);
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        int count = read.rows().size();
        String what;
        if (count == 0) {
            what = appliedFilters.isEmpty() ? "The table has no rows" : "No rows match the filter";
        } else if (read.more()) {
            what = "First " + count + " rows" + (appliedFilters.isEmpty() ? " (the table has more)"
                    : " that match the filter (more match)");
        } else {
            what = count + (count == 1 ? " row" : " rows") + (appliedFilters.isEmpty() ? "" : " match the filter");
        }
        String order = sortColumn.get() == null ? "" : " · sorted by " + sortColumn.get() + (descending.get() ? " descending" : "");
        String hint = sortColumn.get() == null && count > 1 ? " · click a column's header to sort" : "";
        rowsSummary.set(what + order + " · " + millis + " ms" + hint);
    }

    private <T> void submit(String title, Dialect dialect, Read<T> read, Consumer<T> onResult, Consumer<ProblemText> onFailure) {
        services.connection().<T>submit(dev.railyard.task.JobSpec.Access.READ, title + " of " + profile.name(),
                (connection, context) -> InspectionScope.read(connection, dialect, read::apply), (value, failure) -> {
                    if (failure == null) {
                        onResult.accept(value);
                    } else {
                        onFailure.accept(describe(failure));
                    }
                });
    }

    /** A refusal by the server in its own words, with what to do about the usual ones; anything else as every view words it. */
    static ProblemText describe(Throwable failure) {
        Throwable t = ProblemText.unwrap(failure);
        if (!(t instanceof SQLException e) || dev.railyard.db.ConnectionProblem.find(failure) != null) {
            return ProblemText.of(failure);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String fix = switch (state) {
            case "42P01", "42S02" -> "The table may have been dropped or renamed: refresh the Tables tab.";
            case "57014" -> "The statement timeout stopped it: sort by an indexed column, or filter on one first.";
            case "42501" -> "This user may not read the table: GRANT SELECT on it, or use a user that can.";
            default -> "";
        };
        return new ProblemText("The server refused it", e.getMessage(), fix);
    }

    private void selectionChanged() {
        ConnectionProfile selected = services.connection().profile();
        boolean now = selected != null && selected.name().equals(profile.name());
        current.set(now);
        if (!now) {
            // ActiveConnection drops the results of reads for a profile no longer selected: none is under way.
            rowsRead++;
            loading.set(false);
            loadingRows.set(false);
            loadingDdl.set(false);
        } else if (details.get() == null && !loading.get()) {
            refresh();
        }
    }

    // ---- the tables' columns

    private static List<Column<TableColumn>> columnColumns() {
        return List.of(
                Column.<TableColumn>count("position", "#", c -> (long) c.position()).withWidth(44),
                Column.text("name", "Name", 170, TableColumn::name),
                Column.text("type", "Type", 190, TableColumn::type),
                Column.text("nullable", "Nullable", 90, c -> c.nullable() ? "yes" : "NOT NULL"),
                Column.text("default", "Default", 220, TableColumn::defaultValue),
                Column.text("generated", "Generated / identity", 290,
                        c -> c.generated() != null ? "AS " + c.generated() : c.identity()),
                Column.text("comment", "Comment", 200, TableColumn::comment));
    }

    private List<Column<TableIndex>> indexColumns() {
        return List.of(
                Column.text("name", "Name", 210, TableIndex::name),
                Column.text("kind", "Kind", 110, TableDetailsModel::indexKind),
                Column.bytes("size", "Size", TableIndex::bytes),
                Column.count("uses", profile.dialect() == Dialect.POSTGRESQL ? "Scans" : "Rows read", TableIndex::uses)
                        .withWidth(90),
                Column.text("definition", "Definition", 620, TableIndex::definition));
    }

    static String indexKind(TableIndex index) {
        String kind = index.primary() ? "primary key" : index.unique() ? "unique" : "index";
        return index.valid() ? kind : kind + " (INVALID)";
    }

    private static List<Column<ForeignKey>> keyColumns(boolean outgoing) {
        return List.of(
                Column.text("name", "Name", 210, ForeignKey::name),
                outgoing
                        ? Column.text("columns", "Columns", 140, k -> String.join(", ", k.fromColumns()))
                        : Column.text("table", "From table", 170, k -> k.fromSchema() + "." + k.fromTable()),
                outgoing
                        ? Column.text("table", "References", 170, k -> k.toSchema() + "." + k.toTable())
                        : Column.text("columns", "Its columns", 140, k -> String.join(", ", k.fromColumns())),
                Column.text("to-columns", outgoing ? "Their columns" : "This table's columns", 140,
                        k -> String.join(", ", k.toColumns())),
                Column.text("definition", "Definition", 560, ForeignKey::definition));
    }

    private static List<Column<TableTrigger>> triggerColumns() {
        return List.of(
                Column.text("name", "Name", 170, TableTrigger::name),
                Column.text("timing", "When", 210, TableTrigger::timing),
                Column.text("enabled", "Enabled", 70, t -> t.enabled() ? "yes" : "DISABLED"),
                Column.text("definition", "Definition", 640, t -> t.definition().replaceAll("\\s+", " ")));
    }
}
