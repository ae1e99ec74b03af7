package dev.railyard.ui.inspect;

import dev.railyard.ui.Confirmation;
import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.inspect.QuerySource;
import dev.railyard.inspect.QueryStatsReport;
import dev.railyard.inspect.QueryStatsRow;
import dev.railyard.inspect.QueryStatsStatus;
import dev.railyard.inspect.SlowQueries;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.Protection;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobSpec;
import dev.railyard.ui.inspect.ResultTable.Column;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The Queries tab: the statements that took the most time. When the server has no source of
 * statistics yet, the tab says why and what would give it one; where Railyard may do it (create
 * pg_stat_statements, turn on MySQL's slow log) it offers to, showing the exact statement and
 * running it only after the user confirmed, as a writing job. Statistics are reset only on the
 * user's request, confirmed, typed out on production.
 */
public final class QueriesModel extends InspectModel<QueryStatsReport, QueryStatsRow> {

    private static final List<String> RUNNABLE = List.of("CREATE EXTENSION ", "ALTER EXTENSION ", "SET GLOBAL ");

    private final ReadOnlyObjectWrapper<QueryStatsStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper();
    private final Map<Dialect, List<Column<QueryStatsRow>>> columns =
            Map.of(Dialect.POSTGRESQL, postgresColumns(), Dialect.MYSQL, mysqlColumns());

    public QueriesModel(InspectServices services) {
        super(Feature.QUERIES, services, new ResultTable<>(r -> List.of(), r -> r.queryId() == null ? r.query() : r.queryId() + "/" + r.user()));
        table().setColumns(columns.get(Dialect.POSTGRESQL));
    }

    /** Where the rows come from, or why there are none; null before the first read. */
    public ReadOnlyObjectProperty<QueryStatsStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a create / enable / reset job runs. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** True when the status calls for a banner: no source, or a source that needs a setting. */
    public BooleanBinding bannerNeeded() {
        return Bindings.createBooleanBinding(() -> status.get() != null && (!status.get().available()
                || status.get().fix() != null), status);
    }

    /** The status's fix when Railyard may run it after asking (CREATE EXTENSION, SET GLOBAL); null otherwise. */
    public String runnableFix() {
        QueryStatsStatus s = status.get();
        return s == null ? null : runnable(s.fix());
    }

    static String runnable(String fix) {
        if (fix == null || fix.isBlank()) {
            return null;
        }
        List<String> lines = fix.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        boolean all = lines.stream().allMatch(l -> RUNNABLE.stream().anyMatch(p -> l.toUpperCase(Locale.ROOT).startsWith(p)));
        return all ? String.join("\n", lines) : null;
    }

    /** "Create extension…", "Turn on the slow log…"; null when there is nothing to run. */
    public String enableLabel() {
        String fix = runnableFix();
        if (fix == null) {
            return null;
        }
        String upper = fix.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CREATE EXTENSION")) {
            return "Create extension…";
        }
        if (upper.startsWith("ALTER EXTENSION")) {
            return "Update extension…";
        }
        return "Turn on the slow log…";
    }

    public Confirmation enableConfirmation() {
        String fix = runnableFix();
        ConnectionProfile p = profile();
        if (fix == null || p == null) {
            return null;
        }
        QueryStatsStatus s = status.get();
        boolean extension = !fix.toUpperCase(Locale.ROOT).startsWith("SET GLOBAL");
        String header = extension
                ? "Create pg_stat_statements in " + database(p) + " on " + p.name() + "?"
                : "Turn on the slow query log of " + p.name() + "?";
        String body = extension
                ? "Railyard will run the statement below on " + p.address() + ". It needs the CREATE privilege on the "
                + "database. From then on the server keeps statistics of every statement; the overhead is small."
                : "Railyard will run the statements below on " + p.address() + ". They need the SUPER or "
                + "SYSTEM_VARIABLES_ADMIN privilege. " + (s.note() == null ? "" : s.note());
        return new Confirmation(extension ? "Create extension" : "Turn on the slow log", header, body, fix, null,
                extension ? "Create extension" : "Run SET GLOBAL", false);
    }

    /** Runs {@link #runnableFix()} as a writing job (task panel, history), then reads again. Call after confirming. */
    public void enable() {
        String fix = runnableFix();
        ConnectionProfile p = profile();
        if (fix == null || p == null || working.get()) {
            return;
        }
        List<String> statements = Arrays.stream(fix.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        working.set(true);
        setMessage("Running " + statements.size() + (statements.size() == 1 ? " statement" : " statements") + " on " + p.name() + "…");
        services.connection().submit(JobSpec.Access.WRITE, enableConfirmation().title() + " on " + p.name(),
                (connection, context) -> {
                    try (Statement statement = connection.createStatement()) {
                        for (String sql : statements) {
                            context.log(sql);
                            statement.execute(sql);
                        }
                    }
                    return null;
                }, ok -> {
                    working.set(false);
                    setMessage("Done: " + String.join("; ", statements) + ".");
                    refresh();
                }, problem -> {
                    working.set(false);
                    setMessage("Could not run it: " + problem.oneLine()
                            + (problem.fix().isEmpty() ? "" : " " + problem.fix()));
                });
    }

    /** Whether a row's statement can be explained: there is one, and a connection is selected. */
    public boolean canExplain(QueryStatsRow row) {
        return row != null && row.query() != null && !row.query().isBlank() && profile() != null;
    }

    /**
     * The explain of a row's statement, for a plan window: PostgreSQL 16+ plans the normalised text
     * generically, other servers ask for its parameters' values first.
     */
    public dev.railyard.ui.plan.ExplainModel explainer(QueryStatsRow row) {
        return canExplain(row) ? new dev.railyard.ui.plan.ExplainModel(services.connection(), row.query(), "Queries") : null;
    }

    /** True when there are statistics that a reset would discard. */
    public boolean canReset() {
        QueryStatsStatus s = status.get();
        return s != null && s.available() && s.source() != QuerySource.NONE;
    }

    public Confirmation resetConfirmation() {
        ConnectionProfile p = profile();
        if (!canReset() || p == null) {
            return null;
        }
        QueryStatsStatus s = status.get();
        Protection protection = services.connection().guard().protectionOf(p);
        String database = protection.confirmationWord();
        return new Confirmation("Reset query statistics", "Reset " + s.source().displayName() + " on " + p.name() + "?",
                "This discards the statistics of every statement collected so far, for every user of this server, "
                        + "not only for Railyard. It cannot be undone."
                        + (protection.production() ? " This is a production connection: type the database name ("
                        + database + ") to confirm." : ""),
                resetStatement(p.dialect(), s.source()) + ";",
                protection.production() ? database : null, "Reset statistics", true);
    }

    /** Resets the statistics outside production (nothing to type). */
    public void resetStatistics() {
        resetStatistics(null);
    }

    /**
     * Resets the statistics as a writing job, then reads again. Call after confirming.
     *
     * @param typed the database name typed back (production); the core's guard refuses without it
     */
    public void resetStatistics(String typed) {
        ConnectionProfile p = profile();
        if (!canReset() || p == null || working.get()) {
            return;
        }
        Clearance clearance = services.connection().guard().clear(p, GuardedAction.RESET_STATISTICS, typed);
        QuerySource source = status.get().source();
        Dialect dialect = p.dialect();
        working.set(true);
        setMessage("Resetting " + source.displayName() + " on " + p.name() + "…");
        services.connection().submit(JobSpec.Access.WRITE, "Reset query statistics of " + p.name(),
                (connection, context) -> {
                    if (dialect == Dialect.MYSQL) {
                        // The service lifts read-only for its TRUNCATE and sets it back; flagging the
                        // connection read-only first makes the pool restore read-write on return.
                        connection.setReadOnly(true);
                    }
                    new SlowQueries(dialect).resetStatistics(p, connection, source, clearance);
                    return null;
                }, ok -> {
                    working.set(false);
                    setMessage("Statistics reset: counting starts again from now.");
                    refresh();
                }, problem -> {
                    working.set(false);
                    setMessage("Could not reset the statistics: " + problem.oneLine()
                            + (problem.fix().isEmpty() ? "" : " " + problem.fix()));
                });
    }

    @Override
    protected QueryStatsReport read(Connection connection, Dialect dialect) throws SQLException {
        // Everything, Railyard's own statements too: the toggle shows or hides them without a read.
        return new SlowQueries(dialect).read(connection, SlowQueries.DEFAULT_LIMIT, true);
    }

    @Override
    protected List<QueryStatsRow> rows(QueryStatsReport report) {
        table().setColumns(columns.get(report.dialect()));
        return showOwn.get() ? report.rows() : dev.railyard.inspect.OwnStatements.withoutOwn(report.dialect(), report.rows());
    }

    private final javafx.beans.property.BooleanProperty showOwn = new javafx.beans.property.SimpleBooleanProperty();
    {
        showOwn.addListener((obs, was, now) -> reapplyRows());
    }

    /** Whether Railyard's own statements (catalog queries, session set-up, health checks) are listed; off by default. */
    public javafx.beans.property.BooleanProperty showOwnProperty() {
        return showOwn;
    }

    @Override
    protected String emptyText() {
        QueryStatsStatus s = status.get();
        if (s != null && !s.available()) {
            return "Statement statistics appear here once the server has a source for them: see above.";
        }
        return "No statements recorded yet. Run some queries against this database, then refresh.";
    }

    @Override
    protected void cleared() {
        status.set(null);
    }

    @Override
    protected void applyRead(QueryStatsReport value, long millis) {
        // Before the rows, so the empty-table text already knows the status.
        status.set(value.status());
        super.applyRead(value, millis);
    }

    private static String resetStatement(Dialect dialect, QuerySource source) {
        return switch (source) {
            case PG_STAT_STATEMENTS -> SqlResources.shown(dialect, "queries_reset");
            case PERFORMANCE_SCHEMA -> SqlResources.shown(dialect, "queries_reset_digest");
            case SLOW_LOG -> SqlResources.shown(dialect, "queries_reset_slow_log");
            case NONE -> "";
        };
    }

    private static String database(ConnectionProfile p) {
        return p.database().isBlank() ? p.name() : p.database();
    }

    /** The statement on one line in the cell; whole, as the server normalized it, in exports. */
    private static Column<QueryStatsRow> queryColumn() {
        return new Column<>("query", "Query", r -> Format.oneLine(r.query(), 300), null, "Query", QueryStatsRow::query,
                ResultTable.Align.LEFT, 420);
    }

    private static List<Column<QueryStatsRow>> postgresColumns() {
        return List.of(
                queryColumn(),
                Column.text("user", "User", 90, QueryStatsRow::user),
                Column.count("calls", "Calls", QueryStatsRow::calls),
                Column.millis("total", "Total", QueryStatsRow::totalMillis),
                Column.millis("mean", "Mean", QueryStatsRow::meanMillis),
                Column.millis("max", "Max", QueryStatsRow::maxMillis),
                Column.count("rows", "Rows", QueryStatsRow::rows),
                Column.percent("share", "Share", QueryStatsRow::shareOfTotal),
                Column.percent("hit", "Cache hit", QueryStatsRow::cacheHitRatio).withWidth(98),
                Column.count("read", "Blocks read", QueryStatsRow::sharedBlocksRead).withWidth(110),
                Column.millis("plan", "Planning", QueryStatsRow::planMillis));
    }

    private List<Column<QueryStatsRow>> mysqlColumns() {
        return List.of(
                queryColumn(),
                Column.text("schema", "Schema", 90, QueryStatsRow::schema),
                Column.count("calls", "Calls", QueryStatsRow::calls),
                Column.millis("total", "Total", QueryStatsRow::totalMillis),
                Column.millis("mean", "Mean", QueryStatsRow::meanMillis),
                Column.millis("max", "Max", QueryStatsRow::maxMillis),
                Column.count("rows", "Rows sent", QueryStatsRow::rows),
                Column.count("examined", "Rows examined", QueryStatsRow::rowsExamined).withWidth(120),
                Column.percent("share", "Share", QueryStatsRow::shareOfTotal),
                new Column<>("last", "Last seen", r -> r.lastSeen() == null ? null : Format.ago(r.lastSeen(), services.clock().instant()),
                        java.util.Comparator.comparing(QueryStatsRow::lastSeen,
                                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())),
                        "Last seen (UTC)", r -> r.lastSeen() == null ? "" : r.lastSeen().toString(), ResultTable.Align.LEFT, 100));
    }
}
