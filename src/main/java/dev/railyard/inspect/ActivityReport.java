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

    public List<BlockingTree.Node> blockingTree() {
        return BlockingTree.build(sessions);
    }

    public List<SessionRow> blockedSessions() {
        return sessions.stream().filter(SessionRow::blocked).toList();
    }
}
