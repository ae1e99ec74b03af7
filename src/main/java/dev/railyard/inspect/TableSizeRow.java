package dev.railyard.inspect;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One table in the Tables view. A partitioned table carries its partitions in {@link #partitions()}
 * and, on PostgreSQL, their sizes rolled up into its own. Fields a dialect does not have are null:
 * dead rows and vacuum times are PostgreSQL's, engine, free space and update time MySQL's.
 *
 * @param kind           "table", "partitioned table", "partition" or "materialized view"
 * @param estimatedRows  the planner's or engine's estimate; null when never analyzed
 * @param tableBytes     heap / data bytes, without indexes and TOAST
 * @param toastBytes     TOAST table and its index (PostgreSQL); 0 on MySQL
 * @param totalBytes     table + TOAST + indexes
 * @param shareOfDatabase totalBytes / the size of all tables of the database, 0..1
 * @param freeBytes      MySQL DATA_FREE: allocated but unused space
 * @param updatedAt      MySQL UPDATE_TIME, when the engine reports it
 */
public record TableSizeRow(
        String schema,
        String name,
        String kind,
        Long estimatedRows,
        long tableBytes,
        long toastBytes,
        long indexBytes,
        long totalBytes,
        double shareOfDatabase,
        Long liveRows,
        Long deadRows,
        Instant lastVacuum,
        Instant lastAutovacuum,
        Instant lastAnalyze,
        Instant lastAutoanalyze,
        String engine,
        Long freeBytes,
        Instant updatedAt,
        List<TableSizeRow> partitions) {

    public static final String TABLE = "table";
    public static final String PARTITIONED = "partitioned table";
    public static final String PARTITION = "partition";
    public static final String MATERIALIZED_VIEW = "materialized view";

    public TableSizeRow {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /** Dead rows as a share of live + dead, 0..1; null when the statistics have none. */
    public Double deadRowShare() {
        if (deadRows == null || liveRows == null || deadRows + liveRows == 0) {
            return null;
        }
        return deadRows / (double) (deadRows + liveRows);
    }

    /** The later of the manual and automatic vacuum. */
    public Instant lastVacuumAny() {
        return later(lastVacuum, lastAutovacuum);
    }

    public Instant lastAnalyzeAny() {
        return later(lastAnalyze, lastAutoanalyze);
    }

    public String qualifiedName() {
        return schema + "." + name;
    }

    TableSizeRow withPartitions(List<TableSizeRow> children, long table, long toast, long index, long total,
                                Long rows, Long live, Long dead, double share) {
        return new TableSizeRow(schema, name, kind, rows, table, toast, index, total, share, live, dead, lastVacuum,
                lastAutovacuum, lastAnalyze, lastAutoanalyze, engine, freeBytes, updatedAt, children);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
