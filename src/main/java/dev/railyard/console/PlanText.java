package dev.railyard.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plan as indented text, one node a line with its details below it, the most expensive node
 * marked "<== most expensive" and estimates off by 10x or more "<== estimate off 50x": what the
 * command line prints and the plan viewer's "Text" shows.
 */
public final class PlanText {

    private PlanText() {
    }

    public static List<String> lines(ExplainResult plan) {
        List<String> lines = new ArrayList<>();
        node(plan.root(), "", true, lines);
        if (plan.planningMs() != null) {
            lines.add("Planning time: " + millis(plan.planningMs()) + " ms");
        }
        if (plan.executionMs() != null) {
            lines.add("Execution time: " + millis(plan.executionMs()) + " ms");
        }
        if (plan.generic()) {
            lines.add("(a generic plan: estimates for any parameter values)");
        }
        if (plan.analyzed()) {
            lines.add("(the statement ran inside a transaction that was rolled back)");
        }
        return lines;
    }

    /** The whole text, lines joined with newlines. */
    public static String of(ExplainResult plan) {
        return String.join("\n", lines(plan)) + "\n";
    }

    private static void node(PlanNode n, String indent, boolean root, List<String> out) {
        StringBuilder line = new StringBuilder(indent).append(root ? "" : "-> ").append(n.operation());
        if (n.relation() != null && !n.operation().contains(" on ")) {
            line.append(" on ").append(n.relation());
        }
        StringBuilder estimate = new StringBuilder();
        if (n.estimatedRows() != null) {
            estimate.append("rows=").append(number(n.estimatedRows()));
        }
        if (n.cost() != null) {
            estimate.append(estimate.isEmpty() ? "" : " ").append("cost=").append(number(n.cost()));
        }
        if (!estimate.isEmpty()) {
            line.append("  (").append(estimate).append(")");
        }
        if (n.actualRows() != null || n.actualTimeMs() != null) {
            line.append(" (actual rows=").append(n.actualRows() == null ? "?" : number(n.actualRows()));
            if (n.actualTimeMs() != null) {
                line.append(" time=").append(millis(n.actualTimeMs())).append(" ms");
            }
            if (n.loops() != null) {
                line.append(" loops=").append(n.loops());
            }
            line.append(")");
        }
        if (n.mostExpensive()) {
            line.append("  <== most expensive");
        }
        if (n.misestimated()) {
            line.append("  <== estimate off ").append(Math.round(n.misestimate())).append("x");
        }
        out.add(line.toString());
        String below = indent + (root ? "  " : "     ");
        for (PlanNode.Detail detail : n.details()) {
            out.add(below + detail.label() + ": " + detail.value());
        }
        if (n.buffers() != null && !n.buffers().summary().isEmpty()) {
            out.add(below + "Buffers: " + n.buffers().summary());
        }
        for (PlanNode child : n.children()) {
            node(child, root ? "  " : indent + "   ", false, out);
        }
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    /** 1500 as "1500", 28.8 as "28.80". */
    public static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
