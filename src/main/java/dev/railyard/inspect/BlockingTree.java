package dev.railyard.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blocking chains as a tree for the Activity view: each root is a session that blocks others and
 * waits for no one it can see (the one to look at first); below it the sessions it blocks, and
 * so on. A session blocked by two others appears under both. Sessions outside any chain are left out.
 */
public final class BlockingTree {

    /** One session and the sessions waiting for it. */
    public record Node(SessionRow session, List<Node> blocked) {
        public Node {
            blocked = List.copyOf(blocked);
        }

        /** This session and everyone below it. */
        public int size() {
            return 1 + blocked.stream().mapToInt(Node::size).sum();
        }
    }

    private BlockingTree() {
    }

    public static List<Node> build(List<SessionRow> sessions) {
        Map<Long, SessionRow> byId = new LinkedHashMap<>();
        sessions.forEach(s -> byId.put(s.id(), s));
        Map<Long, List<SessionRow>> waiters = new LinkedHashMap<>();
        for (SessionRow s : sessions) {
            for (long blocker : s.blockedBy()) {
                waiters.computeIfAbsent(blocker, k -> new ArrayList<>()).add(s);
            }
        }
        List<SessionRow> heads = new ArrayList<>();
        for (SessionRow s : sessions) {
            boolean waitsOnVisible = s.blockedBy().stream().anyMatch(byId::containsKey);
            boolean blocksOthers = waiters.containsKey(s.id());
            // A waiter whose blocker is invisible (another database's session hidden by privileges) heads its own chain.
            boolean waitsOnInvisible = s.blocked() && !waitsOnVisible;
            if (!waitsOnVisible && (blocksOthers || waitsOnInvisible)) {
                heads.add(s);
            }
        }
        List<Node> roots = new ArrayList<>();
        Set<Long> reached = new HashSet<>();
        for (SessionRow head : heads) {
            roots.add(node(head, waiters, new HashSet<>(), reached));
        }
        // Sessions waiting on each other in a cycle have no head: start each cycle at its lowest id.
        List<SessionRow> unreached = sessions.stream()
                .filter(s -> (s.blocked() || waiters.containsKey(s.id())) && !reached.contains(s.id()))
                .sorted(Comparator.comparingLong(SessionRow::id))
                .toList();
        for (SessionRow s : unreached) {
            if (!reached.contains(s.id())) {
                roots.add(node(s, waiters, new HashSet<>(), reached));
            }
        }
        return roots;
    }

    private static Node node(SessionRow session, Map<Long, List<SessionRow>> waiters, Set<Long> path, Set<Long> reached) {
        reached.add(session.id());
        path.add(session.id());
        List<Node> children = new ArrayList<>();
        for (SessionRow waiter : waiters.getOrDefault(session.id(), List.of())) {
            if (!path.contains(waiter.id())) {
                children.add(node(waiter, waiters, path, reached));
            }
        }
        path.remove(session.id());
        return new Node(session, children);
    }
}
