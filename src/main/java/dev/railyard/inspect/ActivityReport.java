package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import java.time.Instant;
import java.util.List;

/** The Activity view: every session, oldest transaction first; {@link #blockingTree()} for the chains. */
public record ActivityReport(Dialect dialect, Instant serverTime, List<SessionRow> sessions, List<String> notes) {

    public ActivityReport {
        sessions = List.copyOf(sessions);
        notes = List.copyOf(notes);
    }

    /**
     * The sessions without the server's own background workers (PostgreSQL: autovacuum,
     * checkpointer, WAL writer, logical replication launcher and extension workers; MySQL: the
     * event scheduler and other daemon or system threads), unless {@code withBackgroundWorkers}.
     */
    public List<SessionRow> sessions(boolean withBackgroundWorkers) {
        return withBackgroundWorkers ? sessions : sessions.stream().filter(s -> !isBackgroundWorker(s)).toList();
    }

    /** How many of the sessions are the server's own background workers. */
    public long backgroundWorkers() {
        return sessions.stream().filter(this::isBackgroundWorker).count();
    }

    /** Whether a session is one of the server's own workers rather than a client's connection. */
    public boolean isBackgroundWorker(SessionRow session) {
        String type = session.backendType() == null ? "" : session.backendType().strip().toLowerCase(java.util.Locale.ROOT);
        if (dialect == Dialect.POSTGRESQL) {
            // Clients, replication clients and the workers of a client's parallel query are not background.
            return !type.isEmpty() && !type.equals("client backend") && !type.equals("walsender")
                    && !type.equals("parallel worker");
        }
        String user = session.user() == null ? "" : session.user().strip().toLowerCase(java.util.Locale.ROOT);
        return type.equals("daemon") || user.equals("event_scheduler") || user.equals("system user");
    }

    public List<BlockingTree.Node> blockingTree() {
        return BlockingTree.build(sessions);
    }

    public List<SessionRow> blockedSessions() {
        return sessions.stream().filter(SessionRow::blocked).toList();
    }
}
