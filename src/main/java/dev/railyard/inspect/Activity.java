package dev.railyard.inspect;

import static dev.railyard.inspect.ResultRows.epochSeconds;
import static dev.railyard.inspect.ResultRows.instant;
import static dev.railyard.inspect.ResultRows.longOrNull;

import dev.railyard.db.Dialect;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.db.SqlResources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Activity view: live sessions with their waits and blockers, in one round trip, and the two
 * actions on a session. Cancel and terminate run only when the user asks (the UI confirms first,
 * more strongly on production profiles).
 */
public final class Activity {

    // MySQL's "Unknown thread id": the connection ended before the KILL arrived.
    private static final int MYSQL_NO_SUCH_THREAD = 1094;

    private final Dialect dialect;

    public Activity(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public ActivityReport read(Connection connection) throws SQLException {
        boolean mariaDb = dialect == Dialect.MYSQL && InspectSession.isMariaDb(connection);
        String name = mariaDb ? "activity_mariadb" : "activity";
        try {
            return read(connection, name, mariaDb, false);
        } catch (SQLException e) {
            if (dialect != Dialect.MYSQL || !MysqlGrants.denied(e)) {
                throw e;
            }
            // An application user without PROCESS or performance_schema: its own sessions, and the grants for the rest.
            return read(connection, "activity_limited", mariaDb, true);
        }
    }

    private ActivityReport read(Connection connection, String name, boolean mariaDb, boolean limited) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, name));
             ResultSet rs = statement.executeQuery()) {
            return dialect == Dialect.POSTGRESQL ? readPostgres(rs) : readMysql(rs, mariaDb, limited);
        }
    }

    /**
     * Cancels the session's running statement; false when the session no longer exists.
     *
     * @param target    the profile whose server {@code connection} reaches
     * @param clearance the production guard's consent to cancel sessions on {@code target}'s database
     */
    public boolean cancel(dev.railyard.profile.ConnectionProfile target, Connection connection, long sessionId,
                          Clearance clearance) throws SQLException {
        java.util.Objects.requireNonNull(clearance, "clearance").check(GuardedAction.CANCEL_SESSION,
                java.util.Objects.requireNonNull(target, "target"));
        return dialect == Dialect.POSTGRESQL
                ? pgSignal(connection, "cancel", sessionId)
                : mysqlKill(connection, "kill_query", sessionId);
    }

    /**
     * Ends the session, rolling back its transaction; false when the session no longer exists.
     *
     * @param target    the profile whose server {@code connection} reaches
     * @param clearance the production guard's consent to end sessions on {@code target}'s database
     */
    public boolean terminate(dev.railyard.profile.ConnectionProfile target, Connection connection, long sessionId,
                             Clearance clearance) throws SQLException {
        java.util.Objects.requireNonNull(clearance, "clearance").check(GuardedAction.TERMINATE_SESSION,
                java.util.Objects.requireNonNull(target, "target"));
        return dialect == Dialect.POSTGRESQL
                ? pgSignal(connection, "terminate", sessionId)
                : mysqlKill(connection, "kill_connection", sessionId);
    }

    private boolean pgSignal(Connection connection, String name, long pid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, name))) {
            statement.setInt(1, Math.toIntExact(pid));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean mysqlKill(Connection connection, String name, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, name))) {
            statement.setLong(1, id);
            statement.execute();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == MYSQL_NO_SUCH_THREAD) {
                return false;
            }
            throw e;
        }
    }

    private ActivityReport readPostgres(ResultSet rs) throws SQLException {
        List<SessionRow> sessions = new ArrayList<>();
        Instant serverTime = null;
        while (rs.next()) {
            serverTime = instant(rs, "server_time");
            sessions.add(new SessionRow(rs.getLong("id"), rs.getString("database_name"), rs.getString("user_name"),
                    rs.getString("application_name"), rs.getString("client_address"), rs.getString("backend_type"),
                    rs.getString("state"), rs.getString("wait_event_type"), rs.getString("wait_event"),
                    instant(rs, "backend_start"), instant(rs, "xact_start"), instant(rs, "query_start"),
                    longOrNull(rs, "xact_ms"), longOrNull(rs, "query_ms"), rs.getString("query"),
                    ids(rs.getString("blocked_by")), rs.getBoolean("is_self"), rs.getString("lock_table") == null ? null
                    : new dev.railyard.inspect.table.TableRef(rs.getString("lock_schema"), rs.getString("lock_table"))));
        }
        return new ActivityReport(dialect, serverTime, sessions, List.of());
    }

    private ActivityReport readMysql(ResultSet rs, boolean mariaDb, boolean limited) throws SQLException {
        List<SessionRow> sessions = new ArrayList<>();
        Instant serverTime = null;
        boolean performanceSchema = true;
        String grantee = null;
        while (rs.next()) {
            serverTime = epochSeconds(rs, "server_time");
            if (limited) {
                grantee = rs.getString("grantee");
            } else if (!mariaDb) {
                performanceSchema = rs.getBoolean("performance_schema_on");
            }
            String command = rs.getString("command");
            sessions.add(new SessionRow(rs.getLong("id"), rs.getString("database_name"), rs.getString("user_name"),
                    null, rs.getString("client_address"), command, command, rs.getString("trx_state"),
                    rs.getString("state"), null, epochSeconds(rs, "xact_start"), null, longOrNull(rs, "xact_ms"),
                    longOrNull(rs, "query_ms"), rs.getString("query"), ids(rs.getString("blocked_by")),
                    rs.getBoolean("is_self")));
        }
        if (limited) {
            // MariaDB shows lock waits in information_schema, which PROCESS opens; MySQL needs performance_schema too.
            List<String> grants = mariaDb ? List.of(MysqlGrants.PROCESS) : List.of(MysqlGrants.PROCESS, MysqlGrants.PERFORMANCE_SCHEMA);
            return new ActivityReport(dialect, serverTime, sessions, List.of("Activity " + MysqlGrants.needs(grants)
                    + ": only the sessions this user may see are listed (its own, without PROCESS), without their "
                    + "transactions or lock waits.\n" + MysqlGrants.statements(grants, grantee)));
        }
        List<String> notes = mariaDb || performanceSchema ? List.of() : List.of(
                "performance_schema is off, so MySQL does not say who blocks whom: blocked sessions show "
                        + "LOCK WAIT without the session holding the lock.");
        return new ActivityReport(dialect, serverTime, sessions, notes);
    }

    private static List<Long> ids(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }
}
