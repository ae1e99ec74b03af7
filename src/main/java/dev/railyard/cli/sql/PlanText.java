package dev.railyard.cli.sql;

import dev.railyard.cli.TerminalText;
import dev.railyard.console.ExplainResult;
import dev.railyard.console.PlanNode;
import java.util.Locale;
import java.util.function.Consumer;

/** A plan as an indented tree, one node a line, the most expensive node marked with "<== most expensive". */
final class PlanText {

    private PlanText() {
    }

    static void print(ExplainResult plan, Consumer<String> out) {
        node(plan.root(), "", true, out);
        if (plan.analyzed()) {
            out.accept("(the statement ran inside a transaction that was rolled back)");
        }
    }

    private static void node(PlanNode n, String indent, boolean root, Consumer<String> out) {
        StringBuilder line = new StringBuilder(indent).append(root ? "" : "-> ").append(n.operation());
        if (n.relation() != null) {
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
                line.append(" time=").append(String.format(Locale.ROOT, "%.3f", n.actualTimeMs())).append(" ms");
            }
            if (n.loops() != null) {
                line.append(" loops=").append(n.loops());
            }
            line.append(")");
        }
        if (n.mostExpensive()) {
            line.append("  <== most expensive");
        }
        out.accept(TerminalText.cell(line.toString()));
        for (PlanNode child : n.children()) {
            node(child, root ? "  " : indent + "   ", false, out);
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
