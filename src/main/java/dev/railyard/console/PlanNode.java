package dev.railyard.console;

import java.util.List;

/**
 * One node of a query plan, as a plan viewer shows it. Figures the server did not give are null.
 *
 * @param operation     "Seq Scan", "Hash Join", "Table scan", "Nested loop inner join", ...
 * @param relation      the table (or index) it reads, or null
 * @param estimatedRows the planner's estimate of rows per loop
 * @param actualRows    rows per loop when analysed
 * @param actualTimeMs  time per loop until the last row, in milliseconds, when analysed
 * @param loops         how often the node ran, when analysed
 * @param cost          the planner's total cost (arbitrary units)
 * @param mostExpensive true for the node with the most time of its own (cost when not analysed)
 */
public record PlanNode(String operation, String relation, Double estimatedRows, Double actualRows, Double actualTimeMs,
                       Long loops, Double cost, List<PlanNode> children, boolean mostExpensive) {

    public PlanNode {
        children = List.copyOf(children);
    }

    /** Time spent in this node itself (all loops), or its own cost when not analysed; null when unknown. */
    public Double selfWeight() {
        boolean timed = actualTimeMs != null;
        Double own = cost;
        if (timed) {
            own = actualTimeMs * (loops == null ? 1 : loops);
        }
        if (own == null) {
            return null;
        }
        double sum = 0;
        for (PlanNode c : children) {
            Double total = c.cost;
            if (timed) {
                total = c.actualTimeMs == null ? null : Double.valueOf(c.actualTimeMs * (c.loops == null ? 1 : c.loops));
            }
            sum += total == null ? 0 : total;
        }
        return Math.max(0, own - sum);
    }

    PlanNode marked(boolean flag, List<PlanNode> newChildren) {
        return new PlanNode(operation, relation, estimatedRows, actualRows, actualTimeMs, loops, cost, newChildren, flag);
    }
}
