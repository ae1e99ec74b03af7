package dev.railyard.ui.plan;

import dev.railyard.console.ExplainResult;
import dev.railyard.console.PlanNode;
import dev.railyard.console.PlanText;
import java.util.Locale;

/** How the plan viewer words a plan's figures; no controls, so it is tested without the toolkit. */
final class PlanRows {

    private PlanRows() {
    }

    /** "Analysed · 60,000 rows · execution 95.3 ms · planning 0.3 ms", "Generic plan · estimates only". */
    static String summary(ExplainResult plan) {
        StringBuilder text = new StringBuilder(plan.generic() ? "Generic plan (no parameter values)"
                : plan.analyzed() ? "Analysed, rolled back" : "Estimated plan");
        if (plan.executionMs() != null) {
            text.append(" · execution ").append(String.format(Locale.ROOT, "%.1f ms", plan.executionMs()));
        }
        if (plan.planningMs() != null) {
            text.append(" · planning ").append(String.format(Locale.ROOT, "%.1f ms", plan.planningMs()));
        }
        PlanNode root = plan.root();
        if (root.actualRows() != null) {
            text.append(" · ").append(rows(root.actualRows()));
        } else if (root.estimatedRows() != null) {
            text.append(" · about ").append(rows(root.estimatedRows()));
        }
        return text.toString();
    }

    private static String rows(double count) {
        return count(count) + (count == 1 ? " row" : " rows");
    }

    /** 60000 as "60,000", 28.8 as "28.8"; "" for null. */
    static String count(Double value) {
        if (value == null) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", value.longValue());
        }
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    static String millis(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%,.3f", value);
    }

    /** "estimated 200, got 15,000 (75x more)" */
    static String misestimateText(PlanNode node) {
        boolean more = node.actualRows() > node.estimatedRows();
        return "Estimated " + count(node.estimatedRows()) + " rows per loop, got " + count(node.actualRows()) + " ("
                + Math.round(node.misestimate()) + "x " + (more ? "more" : "fewer")
                + "): the statistics may be stale (ANALYZE the table) or the columns correlated";
    }

    /** "12.4 ms of its own" or "cost 980 of its own". */
    static String weight(PlanNode node) {
        Double w = node.selfWeight();
        if (w == null) {
            return "reads the most rows";
        }
        long loops = node.loops() == null ? 1 : node.loops();
        return node.actualTimeMs() != null ? String.format(Locale.ROOT, "%.1f ms of its own", w)
                + (loops > 1 ? ", over its " + loops + " loops" + (node.processes() > 1 ? " in " + node.processes()
                + " parallel processes" : "") : "")
                : "cost " + PlanText.number(Math.round(w)) + " of its own";
    }

    /** What the details pane says of a node: its figures, then every detail the server gave, one a line. */
    static String details(PlanNode node) {
        StringBuilder text = new StringBuilder(node.operation());
        if (node.relation() != null && !node.operation().contains(" on ")) {
            text.append(" on ").append(node.relation());
        }
        text.append('\n');
        if (node.mostExpensive()) {
            text.append("Most expensive: ").append(weight(node)).append('\n');
        }
        if (node.misestimated()) {
            text.append(misestimateText(node)).append('\n');
        }
        for (PlanNode.Detail detail : node.details()) {
            text.append(detail.label()).append(": ").append(detail.value()).append('\n');
        }
        if (node.buffers() != null) {
            String buffers = node.buffers().summary();
            text.append("Buffers: ").append(buffers.isEmpty() ? "none" : buffers).append('\n');
        }
        return text.toString().strip();
    }
}
