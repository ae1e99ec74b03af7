package dev.railyard.inspect;

/** What a finding is about, for icons, filters and tests; the wording lives in {@link Finding#message()}. */
public enum FindingKind {
    PG_STAT_STATEMENTS_NOT_CREATED,
    PG_STAT_STATEMENTS_NOT_PRELOADED,
    PG_STAT_STATEMENTS_OUTDATED,
    PERFORMANCE_SCHEMA_OFF,
    SLOW_LOG_OFF,
    INVALID_INDEXES,
    DEAD_ROWS,
    CONNECTIONS_NEAR_MAX,
    LOW_CACHE_HIT_RATIO,
    LONG_TRANSACTION,
    IDLE_IN_TRANSACTION,
    INACTIVE_REPLICATION_SLOT,
    UNUSED_INDEX,
    /** Indexes that look unused, but the counts are too young to say so: no DROP proposed. */
    NOT_ENOUGH_HISTORY,
    DUPLICATE_INDEX,
    REDUNDANT_INDEX,
    INVALID_INDEX,
    SEQUENTIAL_SCANS,
    INDEX_USAGE_UNKNOWN,
    /** The user lacks a grant the view needs (MySQL PROCESS, performance_schema): shown is what it may see. */
    LIMITED_PRIVILEGES
}
