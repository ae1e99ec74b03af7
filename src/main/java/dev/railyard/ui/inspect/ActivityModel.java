package dev.railyard.ui.inspect;

import dev.railyard.ui.Confirmation;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.Activity;
import dev.railyard.inspect.ActivityReport;
import dev.railyard.inspect.BlockingTree;
import dev.railyard.inspect.SessionRow;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.Protection;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.inspect.ResultTable.Column;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Activity tab: every session (the table), who blocks whom (a tree whose roots are the
 * sessions to look at first), and cancel / terminate of a session after a confirmation, on
 * production with the session's pid typed out.
 */
public final class ActivityModel extends InspectModel<ActivityReport, SessionRow> {

    /** What can be done to a session. */
    public enum Action {
        CANCEL("Cancel query", "cancel"),
        TERMINATE("Terminate session", "terminate");

        private final String label;
        private final String verb;

        Action(String label, String verb) {
            this.label = label;
            this.verb = verb;
        }

        public String label() {
            return label;
        }
    }

    private final ObservableList<BlockingTree.Node> blocking = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final Map<Dialect, List<Column<SessionRow>>> columns =
            Map.of(Dialect.POSTGRESQL, postgresColumns(), Dialect.MYSQL, mysqlColumns());

    public ActivityModel(InspectServices services) {
        super(Feature.ACTIVITY, services, new ResultTable<>(r -> List.of(), SessionRow::id));
        table().setColumns(columns.get(Dialect.POSTGRESQL));
    }

    /** Blocking chains: each root blocks the sessions below it. Empty when nobody waits on a lock. */
    public ObservableList<BlockingTree.Node> blocking() {
        return blocking;
    }

    public ReadOnlyStringProperty notesProperty() {
        return notes.getReadOnlyProperty();
    }

    /** "14 sessions · 3 active · 1 blocked" */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Whether the action may be offered for the session: not on Railyard's own, not without a profile. */
    public boolean canAct(SessionRow session) {
        return session != null && !session.self() && profile() != null;
    }

    /** Whether the session's statement can be explained: it has one, and it is not this view's own. */
    public boolean canExplain(SessionRow session) {
        return canAct(session) && session.query() != null && !session.query().isBlank();
    }

    /** The explain of the statement the session runs (or ran last), for a plan window. */
    public dev.railyard.ui.plan.ExplainModel explainer(SessionRow session) {
        return canExplain(session) ? new dev.railyard.ui.plan.ExplainModel(services.connection(), session.query(),
                label(profile().dialect()) + session.id()) : null;
    }

    public Confirmation confirmation(Action action, SessionRow session) {
        ConnectionProfile p = profile();
        if (!canAct(session)) {
            return null;
        }
        boolean postgres = p.dialect() == Dialect.POSTGRESQL;
        String id = Long.toString(session.id());
        String who = (postgres ? "session " : "connection ") + id
                + (session.user() == null ? "" : " (" + session.user()
                + (session.application() == null || session.application().isBlank() ? "" : ", " + session.application()) + ")");
        String statement = switch (action) {
            case CANCEL -> postgres ? "SELECT pg_cancel_backend(" + id + ");" : "KILL QUERY " + id + ";";
            case TERMINATE -> postgres ? "SELECT pg_terminate_backend(" + id + ");" : "KILL CONNECTION " + id + ";";
        };
        String body = switch (action) {
            case CANCEL -> "The statement it is running now stops with an error; the session stays connected"
                    + (postgres ? " and its transaction is aborted." : ".");
            case TERMINATE -> "The connection is closed and its open transaction rolled back. The application "
                    + "behind it sees a dropped connection.";
        };
        if (session.query() != null && !session.query().isBlank()) {
            body += "\n\nIt runs: " + Format.oneLine(session.query(), 200);
        }
        Protection protection = services.connection().guard().protectionOf(p);
        if (protection.production()) {
            body += "\n\nThis is a production database: type its name " + protection.confirmationWord() + " to confirm.";
        }
        return new Confirmation(action.label(), (action == Action.CANCEL ? "Cancel the query of " : "Terminate ") + who + " on " + p.name() + "?", body,
                statement, protection.production() ? protection.confirmationWord() : null, action.label(),
                action == Action.TERMINATE);
    }

    /** Cancels or terminates the session, then reads again, outside production (nothing to type). */
    public void act(Action action, SessionRow session) {
        act(action, session, null);
    }

    /**
     * Cancels or terminates the session, then reads again. Call after confirming.
     *
     * @param typed the database name typed back (production); the core's guard refuses without it
     */
    public void act(Action action, SessionRow session, String typed) {
        ConnectionProfile p = profile();
        if (!canAct(session)) {
            return;
        }
        Clearance clearance = services.connection().guard().clear(p,
                action == Action.CANCEL ? GuardedAction.CANCEL_SESSION : GuardedAction.TERMINATE_SESSION, typed);
        long id = session.id();
        Dialect dialect = p.dialect();
        setMessage((action == Action.CANCEL ? "Cancelling the query of " : "Terminating ") + label(dialect) + id + "…");
        // A read-side job: it must not queue behind a backup or migration writing on this profile,
        // which may be the very thing the user is unblocking.
        services.connection().submitRead(action.label() + " " + id + " on " + p.name(), connection -> {
            Activity activity = new Activity(dialect);
            return action == Action.CANCEL ? activity.cancel(p, connection, id, clearance)
                    : activity.terminate(p, connection, id, clearance);
        }, done -> {
            if (done) {
                setMessage(action == Action.CANCEL
                        ? "Sent cancel to " + label(dialect) + id + ": its running statement stops."
                        : "Terminated " + label(dialect) + id + ": its transaction was rolled back.");
            } else {
                setMessage(capitalized(label(dialect)) + id + " had already ended.");
            }
            refresh();
            // The Overview counts connections and transactions: it reads again too.
            services.connection().changed(p, java.util.EnumSet.of(Feature.OVERVIEW));
        }, problem -> setMessage("Could not " + action.verb + " " + label(dialect) + id + ": " + problem.oneLine()
                + (problem.fix().isEmpty() ? "" : " " + problem.fix())));
    }

    @Override
    protected ActivityReport read(Connection connection, Dialect dialect) throws SQLException {
        return new Activity(dialect).read(connection);
    }

    @Override
    protected List<SessionRow> rows(ActivityReport report) {
        table().setColumns(columns.get(report.dialect()));
        return report.sessions(showBackground.get());
    }

    private final javafx.beans.property.BooleanProperty showBackground = new javafx.beans.property.SimpleBooleanProperty();
    {
        showBackground.addListener((obs, was, now) -> reapplyRows());
    }

    /** Whether the server's own background workers are listed; off by default. */
    public javafx.beans.property.BooleanProperty showBackgroundProperty() {
        return showBackground;
    }

    @Override
    protected String emptyText() {
        return "No sessions are visible to this user.";
    }

    @Override
    protected void cleared() {
        blocking.clear();
        notes.set("");
        summary.set("");
    }

    @Override
    protected void applied(ActivityReport report) {
        blocking.setAll(report.blockingTree());
        notes.set(String.join("\n", report.notes()));
        long active = report.sessions().stream().filter(s -> s.state() != null
                && (s.state().equals("active") || s.state().equals("Query"))).count();
        int blocked = report.blockedSessions().size();
        int n = report.sessions().size();
        summary.set(n + (n == 1 ? " session" : " sessions") + " · " + active + " active · " + blocked + " blocked");
    }

    private static String label(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "session " : "connection ";
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "Lock: transactionid", "IO: DataFileRead"; "" when not waiting. */
    static String waiting(SessionRow s) {
        String type = s.waitEventType() == null ? "" : s.waitEventType();
        String event = s.waitEvent() == null ? "" : s.waitEvent();
        String on = s.waitsOn() == null ? "" : " on " + s.waitsOn().displayName();
        if (type.isEmpty()) {
            return event + on;
        }
        return (event.isEmpty() ? type : type + ": " + event) + on;
    }

    /** The application name; for server processes (autovacuum, checkpointer) what they are. */
    static String application(SessionRow s) {
        if (s.self()) {
            return "railyard (this view)";
        }
        if ((s.application() == null || s.application().isBlank()) && s.backendType() != null
                && !s.backendType().equals("client backend")) {
            return "(" + s.backendType() + ")";
        }
        return s.application();
    }

    private static String blockedBy(SessionRow s) {
        return String.join(", ", s.blockedBy().stream().map(String::valueOf).toList());
    }

    private static List<Column<SessionRow>> postgresColumns() {
        return List.of(
                Column.id("pid", "PID", SessionRow::id),
                Column.text("user", "User", 90, SessionRow::user),
                Column.text("application", "Application", 140, ActivityModel::application),
                Column.text("client", "Client", 110, SessionRow::clientAddress),
                Column.text("state", "State", 150, SessionRow::state),
                Column.text("wait", "Waiting for", 150, ActivityModel::waiting),
                Column.text("blocked", "Blocked by", 112, ActivityModel::blockedBy),
                Column.millis("xact", "Transaction", SessionRow::transactionMillis).withWidth(116),
                Column.millis("query-time", "Query time", SessionRow::queryMillis).withWidth(112),
                new Column<>("query", "Query", r -> Format.oneLine(r.query(), 300), null, "Query", SessionRow::query,
                        ResultTable.Align.LEFT, 380),
                Column.text("database", "Database", 90, SessionRow::database),
                Column.text("backend", "Backend", 110, SessionRow::backendType));
    }

    private static List<Column<SessionRow>> mysqlColumns() {
        return List.of(
                Column.id("pid", "Id", SessionRow::id),
                Column.text("user", "User", 90, r -> r.self() ? r.user() + " (this view)" : r.user()),
                Column.text("client", "Client", 130, SessionRow::clientAddress),
                Column.text("state", "Command", 90, SessionRow::state),
                Column.text("wait", "State", 150, ActivityModel::waiting),
                Column.text("blocked", "Blocked by", 112, ActivityModel::blockedBy),
                Column.millis("xact", "Transaction", SessionRow::transactionMillis).withWidth(116),
                Column.millis("query-time", "Query time", SessionRow::queryMillis).withWidth(112),
                new Column<>("query", "Query", r -> Format.oneLine(r.query(), 300), null, "Query", SessionRow::query,
                        ResultTable.Align.LEFT, 380),
                Column.text("database", "Database", 90, SessionRow::database));
    }
}
