package dev.railyard.inspect;

import static dev.railyard.inspect.ResultRows.epochSeconds;
import static dev.railyard.inspect.ResultRows.instant;
import static dev.railyard.inspect.ResultRows.longOrNull;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The Tables view: sizes of every table, largest first, in one round trip. */
public final class TableSizes {

    private static final Comparator<TableSizeRow> LARGEST_FIRST =
            Comparator.comparingLong(TableSizeRow::totalBytes).reversed()
                    .thenComparing(TableSizeRow::schema).thenComparing(TableSizeRow::name);

    private final Dialect dialect;

    public TableSizes(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public TableSizeReport read(Connection connection) throws SQLException {
        String name = dialect == Dialect.MYSQL && InspectSession.isMariaDb(connection) ? "tables_mariadb" : "tables";
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, name));
             ResultSet rs = statement.executeQuery()) {
            return dialect == Dialect.POSTGRESQL ? readPostgres(rs) : readMysql(rs);
        }
    }

    private record PgRow(long oid, Long parentOid, TableSizeRow row) {
    }

    private TableSizeReport readPostgres(ResultSet rs) throws SQLException {
        List<PgRow> rows = new ArrayList<>();
        Instant serverTime = null;
        while (rs.next()) {
            serverTime = instant(rs, "server_time");
            long heap = rs.getLong("heap_bytes");
            long toast = rs.getLong("toast_bytes");
            long index = rs.getLong("index_bytes");
            Long parent = longOrNull(rs, "parent_oid");
            String kind = switch (rs.getString("relkind")) {
                case "p" -> TableSizeRow.PARTITIONED;
                case "m" -> TableSizeRow.MATERIALIZED_VIEW;
                default -> parent != null ? TableSizeRow.PARTITION : TableSizeRow.TABLE;
            };
            TableSizeRow row = new TableSizeRow(rs.getString("schema_name"), rs.getString("table_name"), kind,
                    longOrNull(rs, "estimated_rows"), heap, toast, index, heap + toast + index, 0,
                    longOrNull(rs, "live_rows"), longOrNull(rs, "dead_rows"),
                    instant(rs, "last_vacuum"), instant(rs, "last_autovacuum"),
                    instant(rs, "last_analyze"), instant(rs, "last_autoanalyze"),
                    null, null, null, List.of());
            rows.add(new PgRow(rs.getLong("oid"), parent, row));
        }
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, PgRow> byOid = new LinkedHashMap<>();
        for (PgRow row : rows) {
            byOid.put(row.oid(), row);
        }
        List<Long> roots = new ArrayList<>();
        for (PgRow row : rows) {
            if (row.parentOid() != null && byOid.containsKey(row.parentOid())) {
                children.computeIfAbsent(row.parentOid(), k -> new ArrayList<>()).add(row.oid());
            } else {
                roots.add(row.oid());
            }
        }
        // The share is of all the tables listed: pg_database_size would add the catalogs, and
        // walking the database's folder costs a quarter second with 10,000 tables.
        List<TableSizeRow> rolledUp = new ArrayList<>();
        long databaseBytes = 0;
        for (long root : roots) {
            TableSizeRow table = rollUp(root, byOid, children, 0);
            rolledUp.add(table);
            databaseBytes += table.totalBytes();
        }
        List<TableSizeRow> tables = new ArrayList<>();
        for (TableSizeRow table : rolledUp) {
            tables.add(withShares(table, databaseBytes));
        }
        tables.sort(LARGEST_FIRST);
        return new TableSizeReport(dialect, serverTime, databaseBytes, tables, null, null);
    }

    /** A partitioned table has no storage of its own: its figures are its partitions' sums. */
    private static TableSizeRow rollUp(long oid, Map<Long, PgRow> byOid, Map<Long, List<Long>> children, int depth) {
        TableSizeRow own = byOid.get(oid).row();
        List<Long> kids = children.getOrDefault(oid, List.of());
        if (kids.isEmpty() || depth > 32) {
            return own;
        }
        List<TableSizeRow> parts = new ArrayList<>();
        for (long kid : kids) {
            parts.add(rollUp(kid, byOid, children, depth + 1));
        }
        parts.sort(LARGEST_FIRST);
        long table = own.tableBytes();
        long toast = own.toastBytes();
        long index = own.indexBytes();
        Long rows = null;
        Long live = own.liveRows();
        Long dead = own.deadRows();
        for (TableSizeRow p : parts) {
            table += p.tableBytes();
            toast += p.toastBytes();
            index += p.indexBytes();
            rows = sum(rows, p.estimatedRows());
            live = sum(live, p.liveRows());
            dead = sum(dead, p.deadRows());
        }
        long total = table + toast + index;
        return own.withPartitions(parts, table, toast, index, total, rows, live, dead, 0);
    }

    private static TableSizeRow withShares(TableSizeRow row, long databaseBytes) {
        List<TableSizeRow> parts = row.partitions().stream().map(p -> withShares(p, databaseBytes)).toList();
        return row.withPartitions(parts, row.tableBytes(), row.toastBytes(), row.indexBytes(), row.totalBytes(),
                row.estimatedRows(), row.liveRows(), row.deadRows(), share(row.totalBytes(), databaseBytes));
    }

    private TableSizeReport readMysql(ResultSet rs) throws SQLException {
        Map<String, TableSizeRow> tables = new LinkedHashMap<>();
        Map<String, List<TableSizeRow>> partitions = new HashMap<>();
        Long expiry = null;
        Instant serverTime = null;
        while (rs.next()) {
            String schema = rs.getString("schema_name");
            String name = rs.getString("table_name");
            String partition = rs.getString("partition_name");
            long data = rs.getLong("data_bytes");
            long index = rs.getLong("index_bytes");
            Instant time = epochSeconds(rs, "server_time");
            if (time != null) {
                serverTime = time;
            }
            Long rowExpiry = longOrNull(rs, "stats_expiry_seconds");
            if (rowExpiry != null) {
                expiry = rowExpiry;
            }
            String key = schema + "\u0000" + name;
            if (partition == null) {
                String kind = rs.getBoolean("partitioned") ? TableSizeRow.PARTITIONED : TableSizeRow.TABLE;
                tables.put(key, new TableSizeRow(schema, name, kind, longOrNull(rs, "estimated_rows"), data, 0, index,
                        data + index, 0, null, null, null, null, null, null, rs.getString("engine"),
                        longOrNull(rs, "free_bytes"), epochSeconds(rs, "updated_at"), List.of()));
            } else {
                partitions.computeIfAbsent(key, k -> new ArrayList<>()).add(new TableSizeRow(schema, partition,
                        TableSizeRow.PARTITION, longOrNull(rs, "estimated_rows"), data, 0, index, data + index, 0,
                        null, null, null, null, null, null, null, longOrNull(rs, "free_bytes"),
                        epochSeconds(rs, "updated_at"), List.of()));
            }
        }
        long databaseBytes = tables.values().stream().mapToLong(TableSizeRow::totalBytes).sum();
        List<TableSizeRow> result = new ArrayList<>();
        for (Map.Entry<String, TableSizeRow> entry : tables.entrySet()) {
            TableSizeRow t = entry.getValue();
            // MySQL reports a partitioned table's totals itself; its partitions are only listed.
            List<TableSizeRow> parts = partitions.getOrDefault(entry.getKey(), List.of()).stream()
                    .map(p -> p.withPartitions(List.of(), p.tableBytes(), 0, p.indexBytes(), p.totalBytes(),
                            p.estimatedRows(), null, null, share(p.totalBytes(), databaseBytes)))
                    .sorted(LARGEST_FIRST)
                    .toList();
            result.add(t.withPartitions(parts, t.tableBytes(), 0, t.indexBytes(), t.totalBytes(), t.estimatedRows(),
                    null, null, share(t.totalBytes(), databaseBytes)));
        }
        result.sort(LARGEST_FIRST);
        return new TableSizeReport(dialect, serverTime, databaseBytes, result, expiry, statsNote(expiry));
    }

    static String statsNote(Long expirySeconds) {
        if (expirySeconds == null || expirySeconds == 0) {
            return null;
        }
        return "MySQL caches these sizes and row counts for up to " + dev.railyard.task.Sizes.duration(Duration.ofSeconds(expirySeconds))
                + " (information_schema_stats_expiry = " + expirySeconds + "); ANALYZE TABLE refreshes one table.";
    }

    private static double share(long bytes, long total) {
        return total <= 0 ? 0 : Math.min(1.0, bytes / (double) total);
    }

    private static Long sum(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + b;
    }
}
