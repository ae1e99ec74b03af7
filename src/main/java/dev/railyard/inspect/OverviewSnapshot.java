package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One reading of the Overview. Counters ({@link #transactions()}, {@link #statements()}) are
 * cumulative; {@link OverviewTracker} turns two readings into rates.
 *
 * @param serverTime          the server's clock when it answered (rates use it, not the client's)
 * @param databaseBytes       PostgreSQL pg_database_size; MySQL the current schema's tables (null without one)
 * @param connectionsUsed     client connections now (PostgreSQL client backends, MySQL Threads_connected)
 * @param connectionsActive   of which running a statement
 * @param reservedConnections PostgreSQL superuser_reserved_connections + reserved_connections; 0 on MySQL
 * @param tableCacheHitRatio  PostgreSQL heap blocks found in shared buffers; MySQL InnoDB buffer pool
 *                            (tables and indexes together); 0..1, null before any read
 * @param indexCacheHitRatio  PostgreSQL index blocks found in shared buffers; null on MySQL
 * @param transactions        PostgreSQL xact_commit + xact_rollback of this database; MySQL
 *                            Handler_commit + Handler_rollback (server-wide)
 * @param statements          MySQL Questions; null on PostgreSQL
 * @param statsReset          PostgreSQL: when this database's statistics were last reset; null when never
 * @param extensions          PostgreSQL extensions of this database; empty on MySQL
 * @param settings            key settings by name, in display order
 * @param replication         null when unknown (a MySQL user without PROCESS)
 * @param findings            what deserves attention, most severe first
 */
public record OverviewSnapshot(
        Dialect dialect,
        String serverVersion,
        boolean mariaDb,
        Instant serverTime,
        Instant startedAt,
        String database,
        Long databaseBytes,
        int connectionsUsed,
        Integer connectionsActive,
        int maxConnections,
        int reservedConnections,
        Double tableCacheHitRatio,
        Double indexCacheHitRatio,
        Long transactions,
        Long statements,
        Instant statsReset,
        LongTransaction longestTransaction,
        Replication replication,
        List<Extension> extensions,
        Map<String, String> settings,
        List<Finding> findings) {

    public OverviewSnapshot {
        extensions = List.copyOf(extensions);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        findings = List.copyOf(findings);
    }

    /** How long the server has been up; null when unknown. */
    public java.time.Duration uptime() {
        return startedAt == null || serverTime == null ? null : java.time.Duration.between(startedAt, serverTime);
    }

    /** Connections a normal user can still open: max minus reserved minus used. */
    public int connectionsAvailable() {
        return Math.max(0, maxConnections - reservedConnections - connectionsUsed);
    }

    /**
     * True when the user lacks a privilege the full reading needs (MySQL PROCESS): the longest
     * transaction and replication are then unknown, not absent; the LIMITED_PRIVILEGES finding names the grant.
     */
    public boolean limited() {
        return !findings(FindingKind.LIMITED_PRIVILEGES).isEmpty();
    }

    public List<Finding> findings(FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }

    /**
     * The oldest open transaction of another session.
     *
     * @param sessionId pid / processlist id
     * @param state     PostgreSQL state ("idle in transaction"); MySQL trx_state ("RUNNING", "LOCK WAIT")
     */
    public record LongTransaction(long sessionId, String user, String application, String state, Instant startedAt,
                                  long millis, String query) {
    }

    /**
     * @param standby        PostgreSQL: in recovery; MySQL: replication threads are running here
     * @param replicas       replicas streaming from this server
     * @param replayLagMillis PostgreSQL standby: time since the last replayed transaction; null elsewhere
     * @param inactiveSlots  PostgreSQL replication slots no one consumes (they keep WAL)
     * @param readOnly       MySQL @@read_only; false on PostgreSQL primaries
     */
    public record Replication(boolean standby, long replicas, Long replayLagMillis, List<String> inactiveSlots,
                              boolean readOnly) {
        public Replication {
            inactiveSlots = inactiveSlots == null ? List.of() : List.copyOf(inactiveSlots);
        }
    }

    public record Extension(String name, String version) {
    }
}
