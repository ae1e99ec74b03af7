package dev.railyard.inspect;

/**
 * An Overview reading with the rates since the previous one.
 *
 * @param transactionsPerSecond null on the first reading or after the counters went back (reset, restart)
 * @param statementsPerSecond   MySQL only (Questions); null on PostgreSQL
 * @param intervalSeconds       the server time between the two readings; null on the first
 */
public record OverviewReport(OverviewSnapshot snapshot, Double transactionsPerSecond, Double statementsPerSecond,
                             Double intervalSeconds) {
}
