package dev.railyard.console;

/**
 * A plan: the tree, and the server's own text (JSON or MySQL's tree text), one click away.
 *
 * @param format   "json" or "tree" (MySQL's EXPLAIN ANALYZE text)
 * @param analyzed true when the statement ran (EXPLAIN ANALYZE) inside a transaction that was rolled back
 */
public record ExplainResult(String format, String raw, PlanNode root, boolean analyzed) {
}
