package dev.railyard.inspect;

import java.time.Instant;

/**
 * One normalized statement in the Queries view. Times are milliseconds.
 *
 * @param queryId          PostgreSQL queryid / MySQL digest; null for slow-log rows
 * @param schema           MySQL: the default schema; PostgreSQL: null (the view covers the current database)
 * @param user             PostgreSQL: the role; null on MySQL
 * @param maxMillis        null where the source has no maximum
 * @param rows             rows returned (PostgreSQL rows, MySQL rows sent)
 * @param shareOfTotal     this statement's share of all execution time, 0..1
 * @param sharedBlocksHit  PostgreSQL shared buffer hits; null on MySQL
 * @param sharedBlocksRead PostgreSQL blocks read from disk or OS cache; null on MySQL
 * @param planMillis       total planning time (PostgreSQL with pg_stat_statements.track_planning); null elsewhere
 * @param rowsExamined     MySQL rows examined; null on PostgreSQL
 * @param lastSeen         MySQL: last execution; null on PostgreSQL
 */
public record QueryStatsRow(
        String queryId,
        String schema,
        String user,
        String query,
        long calls,
        double totalMillis,
        Double meanMillis,
        Double maxMillis,
        Long rows,
        double shareOfTotal,
        Long sharedBlocksHit,
        Long sharedBlocksRead,
        Double planMillis,
        Long rowsExamined,
        Instant lastSeen) {

    /** Shared-buffer hit ratio of this statement, 0..1; null when it read no blocks or on MySQL. */
    public Double cacheHitRatio() {
        if (sharedBlocksHit == null || sharedBlocksRead == null || sharedBlocksHit + sharedBlocksRead == 0) {
            return null;
        }
        return sharedBlocksHit / (double) (sharedBlocksHit + sharedBlocksRead);
    }
}
