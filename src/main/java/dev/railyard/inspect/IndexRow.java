package dev.railyard.inspect;

import java.util.List;
import java.util.Objects;

/**
 * One index in the Indexes view.
 *
 * @param method     "btree", "gin", ... on PostgreSQL; "BTREE", "FULLTEXT", ... on MySQL
 * @param columns    key columns in order; expressions as written; MySQL prefixes as "name(10)"
 * @param constraint the primary key, unique or exclusion constraint it enforces, or null
 * @param bytes      size on disk; null when the server does not say (MySQL partitioned tables)
 * @param scans      index scans since statistics were reset (PostgreSQL idx_scan; MySQL rows read
 *                   through the index from performance_schema); null when unknown
 * @param valid      false for an index left invalid by a failed CREATE INDEX CONCURRENTLY
 * @param partitioned true for a partitioned (parent) index; attached true for a partition's index
 *                   that belongs to one. Neither can be dropped on its own.
 */
public record IndexRow(
        String schema,
        String table,
        String name,
        String method,
        List<String> columns,
        boolean primary,
        boolean unique,
        boolean partial,
        boolean expression,
        boolean valid,
        boolean partitioned,
        boolean attached,
        String constraint,
        Long bytes,
        Long scans,
        Long tuplesRead,
        String definition) {

    public IndexRow {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    public String qualifiedTable() {
        return schema + "." + table;
    }
}
