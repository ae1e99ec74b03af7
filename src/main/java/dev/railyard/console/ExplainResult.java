package dev.railyard.console;

/**
 * A plan: the tree, and the server's own text (JSON or MySQL's tree text), one click away.
 *
 * @param format      "json" or "tree" (MySQL's EXPLAIN ANALYZE text)
 * @param analyzed    true when the statement ran (EXPLAIN ANALYZE) inside a transaction that was rolled back
 * @param generic     true for PostgreSQL's generic plan of a statement with $n parameters (no values: the
 *                    estimates are the planner's guesses for any value)
 * @param planningMs  how long planning took, when the server says (PostgreSQL ANALYZE, MariaDB ANALYZE); else null
 * @param executionMs how long the statement ran, when analysed and the server says; else null
 */
public record ExplainResult(String format, String raw, PlanNode root, boolean analyzed, boolean generic,
                            Double planningMs, Double executionMs) {

    /** A plan without a separate planning or execution time (MySQL's). */
    public ExplainResult(String format, String raw, PlanNode root, boolean analyzed) {
        this(format, raw, root, analyzed, false, null, null);
    }
}
