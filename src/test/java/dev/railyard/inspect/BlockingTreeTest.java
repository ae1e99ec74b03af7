package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockingTreeTest {

    private static SessionRow session(long id, Long... blockedBy) {
        return new SessionRow(id, "db", "u", null, null, null, "active", null, null, null, null, null, null, null,
                "q" + id, List.of(blockedBy), false);
    }

    private static List<Long> ids(List<BlockingTree.Node> nodes) {
        return nodes.stream().map(n -> n.session().id()).toList();
    }

    @Test
    void chainIsRootedAtTheSessionThatWaitsForNoOne() {
        List<BlockingTree.Node> roots = BlockingTree.build(List.of(
                session(1), session(2, 1L), session(3, 2L), session(4, 1L), session(5)));
        assertEquals(List.of(1L), ids(roots), "5 is in no chain");
        assertEquals(List.of(2L, 4L), ids(roots.get(0).blocked()));
        assertEquals(List.of(3L), ids(roots.get(0).blocked().get(0).blocked()));
        assertEquals(4, roots.get(0).size());
    }

    @Test
    void sessionBlockedByTwoAppearsUnderBoth() {
        List<BlockingTree.Node> roots = BlockingTree.build(List.of(session(1), session(2), session(3, 1L, 2L)));
        assertEquals(List.of(1L, 2L), ids(roots));
        assertEquals(List.of(3L), ids(roots.get(0).blocked()));
        assertEquals(List.of(3L), ids(roots.get(1).blocked()));
    }

    @Test
    void cycleStartsAtItsLowestIdAndEnds() {
        List<BlockingTree.Node> roots = BlockingTree.build(List.of(session(7, 9L), session(9, 7L)));
        assertEquals(List.of(7L), ids(roots));
        assertEquals(List.of(9L), ids(roots.get(0).blocked()));
        assertEquals(List.of(), roots.get(0).blocked().get(0).blocked());
    }

    @Test
    void waiterOnAnInvisibleSessionHeadsItsOwnChain() {
        List<BlockingTree.Node> roots = BlockingTree.build(List.of(session(2, 99L), session(3, 2L)));
        assertEquals(List.of(2L), ids(roots));
        assertEquals(List.of(3L), ids(roots.get(0).blocked()));
    }
}
