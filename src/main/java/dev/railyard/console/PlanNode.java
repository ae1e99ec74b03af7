package dev.railyard.console;

import java.util.List;

/**
 * One node of a query plan, as a plan viewer shows it. Figures the server did not give are null.
 *
 * @param operation     "Seq Scan", "Parallel Seq Scan", "Hash Left Join", "Table scan on c", "Nested loop inner join", ...
 * @param relation      the table (or index) it reads, "orders o using orders_customer", or null
 * @param estimatedRows the planner's estimate of rows per loop
 * @param actualRows    rows per loop when analysed
 * @param actualTimeMs  time per loop until the last row, in milliseconds, when analysed
 * @param loops         how often the node ran, when analysed
 * @param processes     how many processes ran its loops at once: a PostgreSQL node below a Gather runs in each
 *                      parallel worker and the leader (its loops are theirs, side by side); 1 elsewhere
 * @param cost          the planner's total cost (arbitrary units)
 * @param buffers       the pages it touched, this node and those below it (PostgreSQL's BUFFERS, MariaDB's engine
 *                      statistics); null when the server gave none
 * @param details       what else the server says of the node, in its order: conditions, join type, sort key,
 *                      workers, rows removed by a filter...
 * @param mostExpensive true for the node with the most time of its own (cost when not analysed)
 */
public record PlanNode(String operation, String relation, Double estimatedRows, Double actualRows, Double actualTimeMs,
                       Long loops, int processes, Double cost, Buffers buffers, List<Detail> details, List<PlanNode> children,
                       boolean mostExpensive) {

    /** An estimate off by at least this factor either way is worth a DBA's look (stale statistics, correlated columns). */
    public static final double MISESTIMATE_FACTOR = 10;

    /** One line of what the server says of a node: "Filter" = "(country = 'NL'::text)". */
    public record Detail(String label, String value) {
    }

    /**
     * Pages a node read or wrote, counted as the server counts them (PostgreSQL: 8 kB blocks; MariaDB:
     * pages accessed and read). Null where the server has no such counter.
     */
    public record Buffers(Long sharedHit, Long sharedRead, Long sharedDirtied, Long sharedWritten, Long localHit,
                          Long localRead, Long tempRead, Long tempWritten) {

        /** "hit 386 · read 12 · temp read 155 · temp written 158": the non-zero counters, or "" when all are zero. */
        public String summary() {
            StringBuilder text = new StringBuilder();
            add(text, "hit", sharedHit);
            add(text, "read", sharedRead);
            add(text, "dirtied", sharedDirtied);
            add(text, "written", sharedWritten);
            add(text, "local hit", localHit);
            add(text, "local read", localRead);
            add(text, "temp read", tempRead);
            add(text, "temp written", tempWritten);
            return text.toString();
        }

        /** Pages read from outside the cache (shared, local and temporary): what makes a plan slow on a cold server. */
        public long pagesRead() {
            return value(sharedRead) + value(localRead) + value(tempRead);
        }

        private static void add(StringBuilder text, String label, Long count) {
            if (count != null && count != 0) {
                text.append(text.isEmpty() ? "" : " · ").append(label).append(' ').append(count);
            }
        }

        private static long value(Long count) {
            return count == null ? 0 : count;
        }
    }

    public PlanNode {
        processes = Math.max(1, processes);
        details = List.copyOf(details);
        children = List.copyOf(children);
    }

    /**
     * Time spent in this node itself (all loops, parallel ones counted once), or its own cost when not
     * analysed; null when unknown.
     */
    public Double selfWeight() {
        boolean timed = actualTimeMs != null;
        Double own = timed ? elapsed() : cost;
        if (own == null) {
            return null;
        }
        double sum = 0;
        for (PlanNode c : children) {
            Double total = timed ? c.elapsed() : c.cost;
            sum += total == null ? 0 : total;
        }
        return Math.max(0, own - sum);
    }

    /** Wall-clock time over all loops: loops run side by side in parallel workers count once per process. */
    private Double elapsed() {
        return actualTimeMs == null ? null : actualTimeMs * (loops == null ? 1 : loops) / processes;
    }

    /**
     * How far the actual rows are from the estimate, as a factor of at least 1 (100 estimated, 5,000 actual:
     * 50); null unless analysed. Zero rows count as one, so "estimated 1, got 0" is not flagged.
     */
    public Double misestimate() {
        if (estimatedRows == null || actualRows == null || (loops != null && loops == 0)) {
            return null;
        }
        double estimated = Math.max(1, estimatedRows);
        double actual = Math.max(1, actualRows);
        return Math.max(estimated / actual, actual / estimated);
    }

    /** True when the actual rows differ from the estimate by {@link #MISESTIMATE_FACTOR} or more. */
    public boolean misestimated() {
        Double factor = misestimate();
        return factor != null && factor >= MISESTIMATE_FACTOR;
    }

    /** The value of the detail with this label, or null. */
    public String detail(String label) {
        for (Detail d : details) {
            if (d.label().equals(label)) {
                return d.value();
            }
        }
        return null;
    }

    PlanNode marked(boolean flag, List<PlanNode> newChildren) {
        return new PlanNode(operation, relation, estimatedRows, actualRows, actualTimeMs, loops, processes, cost, buffers, details,
                newChildren, flag);
    }
}
