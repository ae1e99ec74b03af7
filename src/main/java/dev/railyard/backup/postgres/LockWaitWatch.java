package dev.railyard.backup.postgres;

import dev.railyard.backup.RestoreLockWatch;
import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL side of {@link RestoreLockWatch}: the restore's sessions (application name
 * railyard-restore) that wait for a lock, and who holds it — process id, user, application, state,
 * how long its transaction has been open, what it runs — from {@code pg_blocking_pids}.
 */
final class LockWaitWatch extends RestoreLockWatch {

    private final PgEndpoint endpoint;
    private final String sql = SqlResources.load(Dialect.POSTGRESQL, "restore-lock-waits");

    private LockWaitWatch(PgEndpoint endpoint, JobContext context) {
        super(context);
        this.endpoint = endpoint;
    }

    /** Starts watching the restore's sessions in {@code endpoint}'s database. */
    static LockWaitWatch start(PgEndpoint endpoint, JobContext context) {
        return new LockWaitWatch(endpoint, context);
    }

    @Override
    protected Connection connect() throws SQLException {
        Connection c = endpoint.connect("railyard-admin-lock-watch");
        c.setAutoCommit(true);
        return c;
    }

    @Override
    protected Wait look(Connection connection) throws SQLException {
        List<String> holders = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        String first = null;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, endpoint.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long waited = rs.getLong("waited_ms") / 1000;
                    long holder = rs.getLong("holder_pid");
                    if (waited < NOTICE.toSeconds() || pids.contains(holder)) {
                        continue;
                    }
                    if (first == null) {
                        String relation = rs.getString("relation");
                        String mode = rs.getString("wanted_mode");
                        first = "Waiting " + seconds(waited) + " for " + (mode == null ? "a lock" : "an " + mode)
                                + (relation == null ? "" : " on " + relation);
                    }
                    pids.add(holder);
                    holders.add(holder(rs, holder));
                }
            }
        }
        if (first == null) {
            return null;
        }
        return new Wait(first + ", held by " + String.join("; ", holders) + ". End " + (pids.size() == 1 ? "that session" : "those sessions")
                + " (Activity tab, or SELECT pg_terminate_backend(" + pids.get(0) + ")) or cancel this restore.", pids);
    }

    private static String holder(ResultSet rs, long pid) throws SQLException {
        String application = rs.getString("holder_application");
        String state = rs.getString("holder_state");
        String query = rs.getString("holder_query");
        return "session " + pid + " (user " + rs.getString("holder_user")
                + (application == null || application.isBlank() ? "" : ", application " + application)
                + ", " + (state == null ? "state unknown" : state)
                + ", transaction open for " + seconds(rs.getLong("holder_ms") / 1000) + ")"
                + (query == null || query.isBlank() ? "" : ": " + query.strip().replaceAll("\\s+", " "));
    }
}
