package dev.railyard.backup.mysql;

import dev.railyard.backup.RestoreLockWatch;
import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The MySQL side of {@link RestoreLockWatch}. A DROP or CREATE of the restore waits for the
 * table's metadata lock behind any session with an open transaction on it, and every new query on
 * the table then queues behind the restore. The restore's own sessions are known by their
 * connection ids ({@link #track}); when one waits, the other sessions with an open transaction are
 * named — the holder is among them (performance_schema, which would say exactly, is off on Railway).
 */
final class MysqlLockWaitWatch extends RestoreLockWatch {

    private final MysqlEndpoint endpoint;
    private final Set<Long> ours = ConcurrentHashMap.newKeySet();
    private final String waitersSql = SqlResources.load(Dialect.MYSQL, "restore-lock-waiters");
    private final String holdersSql = SqlResources.load(Dialect.MYSQL, "restore-open-transactions");

    MysqlLockWaitWatch(MysqlEndpoint endpoint, JobContext context) {
        super(context);
        this.endpoint = endpoint;
    }

    /** Registers one of the restore's connections; returns it. */
    Connection track(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            ours.add(rs.getLong(1));
        }
        return c;
    }

    @Override
    protected Connection connect() throws SQLException {
        return endpoint.connect("", MysqlEndpoint.Purpose.ADMIN);
    }

    @Override
    protected Wait look(Connection connection) throws SQLException {
        if (ours.isEmpty()) {
            return null;
        }
        // Connection ids are numbers the server gave: safe to put in the text.
        String ids = ours.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String waitingFor;
        long waited;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(String.format(waitersSql, ids))) {
            if (!rs.next() || rs.getLong("TIME") < NOTICE.toSeconds()) {
                return null;
            }
            waited = rs.getLong("TIME");
            String info = rs.getString("info");
            waitingFor = rs.getString("STATE") + (info == null ? "" : " (" + info.strip() + ")");
        }
        List<Long> others = new ArrayList<>();
        List<String> described = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(String.format(holdersSql, ids))) {
            while (rs.next()) {
                long id = rs.getLong("ID");
                String info = rs.getString("info");
                others.add(id);
                described.add(id + " (user " + rs.getString("USER") + "@" + rs.getString("HOST") + ", "
                        + ("Sleep".equals(rs.getString("COMMAND")) ? "idle " + seconds(rs.getLong("TIME")) : rs.getString("COMMAND"))
                        + ", transaction open " + seconds(rs.getLong("trx_seconds"))
                        + (info == null || info.isBlank() ? "" : ": " + info.strip().replaceAll("\\s+", " ")) + ")");
            }
        }
        String who = others.isEmpty() ? "no other session shows an open transaction (a LOCK TABLES or a running DDL may hold it)"
                : "sessions with an open transaction: " + String.join("; ", described);
        return new Wait("Waiting " + seconds(waited) + ": " + waitingFor + "; " + who + ". End the one that holds it "
                + "(Activity tab, or " + (others.isEmpty() ? "KILL its id" : "KILL " + others.get(0)) + ") or cancel this restore.",
                others);
    }
}
