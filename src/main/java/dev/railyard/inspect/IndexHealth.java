package dev.railyard.inspect;

import static dev.railyard.inspect.ResultRows.epochSeconds;
import static dev.railyard.inspect.ResultRows.instant;
import static dev.railyard.inspect.ResultRows.longOrNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.db.Dialect;
import dev.railyard.db.Identifiers;
import dev.railyard.db.SqlResources;
import dev.railyard.home.Json;
import dev.railyard.task.Sizes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Indexes view: every index with size and scans, in one round trip, and the findings a DBA
 * acts on (unused, duplicate, redundant, invalid, tables read mostly by sequential scans), each
 * with the DDL that would fix it. The DDL is text to show and copy: nothing here runs it.
 */
public final class IndexHealth {

    /**
     * When an index or table earns a finding.
     *
     * @param unusedMaxScans        an index scanned at most this often is "unused"
     * @param sequentialMinRows     tables smaller than this are fine to scan sequentially
     * @param sequentialMinScans    PostgreSQL: at least this many sequential scans (MySQL: rows
     *                              read without an index worth this many full scans)
     * @param largeIndexBytes       unused indexes at least this big are warnings, smaller ones info
     */
    public record Thresholds(long unusedMaxScans, long sequentialMinRows, long sequentialMinScans, long largeIndexBytes) {
        public static Thresholds defaults() {
            return new Thresholds(10, 10_000, 10, 1024 * 1024);
        }
    }

    private static final ObjectMapper JSON = Json.mapper();
    private static final Set<String> PREFIX_METHODS = Set.of("btree");

    private final Dialect dialect;
    private final Thresholds thresholds;

    public IndexHealth(Dialect dialect) {
        this(dialect, Thresholds.defaults());
    }

    public IndexHealth(Dialect dialect, Thresholds thresholds) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * An index with what the duplicate check compares: one key per key column (PostgreSQL:
     * attribute number, operator class, collation and sort option; MySQL: name and prefix length).
     */
    private record Facts(IndexRow row, List<String> keys, List<String> included) {
        boolean droppable() {
            IndexRow r = row;
            return !r.primary() && !r.unique() && r.constraint() == null && r.valid() && !r.partitioned() && !r.attached();
        }
    }

    public IndexReport read(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, "indexes"));
             ResultSet rs = statement.executeQuery()) {
            return dialect == Dialect.POSTGRESQL ? readPostgres(rs) : readMysql(rs);
        }
    }

    private IndexReport readPostgres(ResultSet rs) throws SQLException {
        List<Facts> facts = new ArrayList<>();
        Map<String, TableScanRow> tables = new LinkedHashMap<>();
        Instant statsSince = null;
        while (rs.next()) {
            String schema = rs.getString("schema_name");
            String table = rs.getString("table_name");
            statsSince = instant(rs, "stats_reset");
            tables.putIfAbsent(schema + "." + table, new TableScanRow(schema, table, longOrNull(rs, "seq_scan"),
                    longOrNull(rs, "seq_tup_read"), longOrNull(rs, "table_idx_scan"), longOrNull(rs, "live_rows")));
            String name = rs.getString("index_name");
            if (name == null) {
                continue;
            }
            int keyCount = rs.getInt("key_count");
            List<String> numbers = words(rs.getString("column_numbers"));
            List<String> opclasses = words(rs.getString("opclasses"));
            List<String> collations = words(rs.getString("collations"));
            List<String> options = words(rs.getString("options"));
            List<String> names = jsonList(rs.getString("column_names"));
            List<String> keys = new ArrayList<>();
            List<String> included = new ArrayList<>();
            for (int i = 0; i < numbers.size(); i++) {
                if (i < keyCount) {
                    keys.add(numbers.get(i) + "/" + at(opclasses, i) + "/" + at(collations, i) + "/" + at(options, i));
                } else {
                    included.add(numbers.get(i));
                }
            }
            IndexRow row = new IndexRow(schema, table, name, rs.getString("method"),
                    names.subList(0, Math.min(keyCount, names.size())),
                    rs.getBoolean("is_primary"), rs.getBoolean("is_unique"), rs.getBoolean("is_partial"),
                    rs.getBoolean("has_expressions"), rs.getBoolean("is_valid"), rs.getBoolean("is_partitioned"),
                    rs.getBoolean("is_attached"), rs.getString("constraint_name"), longOrNull(rs, "index_bytes"),
                    longOrNull(rs, "idx_scan"), longOrNull(rs, "idx_tup_read"), rs.getString("definition"));
            facts.add(new Facts(row, keys, included));
        }
        List<Finding> findings = findings(facts, new ArrayList<>(tables.values()));
        return new IndexReport(dialect, facts.stream().map(Facts::row).toList(), new ArrayList<>(tables.values()),
                findings, statsSince, List.of());
    }

    private IndexReport readMysql(ResultSet rs) throws SQLException {
        record Column(String name, Long subPart) {
        }
        record Partial(String schema, String table, String name, String method, boolean unique, Long bytes,
                       Long rowsRead, List<Column> columns) {
        }
        Map<String, Partial> indexes = new LinkedHashMap<>();
        Map<String, Long> fullScanRows = new HashMap<>();
        Map<String, Long> liveRows = new LinkedHashMap<>();
        boolean performanceSchema = true;
        Instant started = null;
        while (rs.next()) {
            String schema = rs.getString("schema_name");
            String table = rs.getString("table_name");
            String tableKey = schema + "\u0000" + table;
            performanceSchema = rs.getBoolean("performance_schema_on");
            Instant rowStarted = epochSeconds(rs, "server_started");
            if (rowStarted != null) {
                started = rowStarted;
            }
            liveRows.putIfAbsent(tableKey, longOrNull(rs, "live_rows"));
            String name = rs.getString("index_name");
            if (name == null) {
                fullScanRows.put(tableKey, longOrNull(rs, "rows_read"));
                continue;
            }
            String indexKey = tableKey + "\u0000" + name;
            Partial index = indexes.get(indexKey);
            if (index == null) {
                // The first column's row carries the index's size and reads.
                index = new Partial(schema, table, name, rs.getString("method"), rs.getLong("non_unique") == 0,
                        longOrNull(rs, "index_bytes"), longOrNull(rs, "rows_read"), new ArrayList<>());
                indexes.put(indexKey, index);
            }
            index.columns().add(new Column(rs.getString("column_name"), longOrNull(rs, "sub_part")));
        }
        List<Facts> facts = new ArrayList<>();
        Map<String, Long> indexRowsRead = new HashMap<>();
        for (Partial p : indexes.values()) {
            boolean primary = "PRIMARY".equals(p.name());
            boolean expression = p.columns().stream().anyMatch(c -> c.name() == null);
            List<String> columns = p.columns().stream()
                    .map(c -> c.name() == null ? "(expression)" : c.subPart() == null ? c.name() : c.name() + "(" + c.subPart() + ")")
                    .toList();
            Long scans = performanceSchema ? p.rowsRead() : null;
            if (scans != null) {
                indexRowsRead.merge(p.schema() + "\u0000" + p.table(), scans, Long::sum);
            }
            String definition = (primary ? "PRIMARY KEY" : (p.unique() ? "UNIQUE INDEX " : "INDEX ")
                    + Identifiers.quote(dialect, p.name())) + " ("
                    + p.columns().stream().map(c -> c.name() == null ? "(expression)"
                            : Identifiers.quote(dialect, c.name()) + (c.subPart() == null ? "" : "(" + c.subPart() + ")"))
                    .collect(Collectors.joining(", ")) + ") USING " + p.method();
            IndexRow row = new IndexRow(p.schema(), p.table(), p.name(), p.method(), columns, primary, p.unique(),
                    false, expression, true, false, false, primary ? "PRIMARY" : null, p.bytes(), scans, scans, definition);
            facts.add(new Facts(row, columns, List.of()));
        }
        List<TableScanRow> tables = new ArrayList<>();
        for (Map.Entry<String, Long> entry : liveRows.entrySet()) {
            String[] parts = entry.getKey().split("\u0000", 2);
            tables.add(new TableScanRow(parts[0], parts[1], null,
                    performanceSchema ? fullScanRows.get(entry.getKey()) : null,
                    performanceSchema ? indexRowsRead.getOrDefault(entry.getKey(), 0L) : null, entry.getValue()));
        }
        List<Finding> findings = findings(facts, tables);
        List<String> notes = new ArrayList<>();
        if (!performanceSchema) {
            notes.add("performance_schema is off, so index usage is unknown: unused indexes and tables read by full "
                    + "scans cannot be found. Turning it on needs performance_schema=ON in the server's configuration and a restart.");
            findings = new ArrayList<>(findings);
            findings.add(new Finding(FindingKind.INDEX_USAGE_UNKNOWN, Severity.INFO, "",
                    "Index usage is unknown because performance_schema is off; only duplicate and redundant indexes are reported.",
                    "# my.cnf, then restart the server\n[mysqld]\nperformance_schema = ON"));
        }
        return new IndexReport(dialect, facts.stream().map(Facts::row).toList(), tables, findings, started, notes);
    }

    private List<Finding> findings(List<Facts> facts, List<TableScanRow> tables) {
        List<Finding> findings = new ArrayList<>();
        Set<IndexRow> flagged = new HashSet<>();

        for (Facts f : facts) {
            if (!f.row().valid()) {
                flagged.add(f.row());
                findings.add(new Finding(FindingKind.INVALID_INDEX, Severity.CRITICAL, qualifiedIndex(f.row()),
                        f.row().name() + " on " + f.row().qualifiedTable() + " is invalid (left by a failed or still running "
                                + "CREATE INDEX CONCURRENTLY): writes maintain it but no query can use it.",
                        "REINDEX INDEX CONCURRENTLY " + Identifiers.qualified(dialect, f.row().schema(), f.row().name())
                                + ";\n-- or, if it is not needed:\n"
                                + dropIndex(f.row())));
            }
        }

        Map<String, List<Facts>> byTableAndMethod = new LinkedHashMap<>();
        for (Facts f : facts) {
            if (f.row().valid() && !f.row().partial() && !f.row().partitioned()) {
                byTableAndMethod.computeIfAbsent(f.row().schema() + "\u0000" + f.row().table() + "\u0000"
                        + f.row().method().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
            }
        }
        for (List<Facts> group : byTableAndMethod.values()) {
            duplicates(group, flagged, findings);
        }
        for (List<Facts> group : byTableAndMethod.values()) {
            redundant(group, flagged, findings);
        }

        for (Facts f : facts) {
            IndexRow r = f.row();
            if (!flagged.contains(r) && f.droppable() && r.scans() != null && r.scans() <= thresholds.unusedMaxScans()) {
                flagged.add(r);
                long bytes = r.bytes() == null ? 0 : r.bytes();
                findings.add(new Finding(FindingKind.UNUSED_INDEX,
                        bytes >= thresholds.largeIndexBytes() ? Severity.WARNING : Severity.INFO, qualifiedIndex(r),
                        r.name() + " on " + r.qualifiedTable() + (r.scans() == 0 ? " has never been used" : " has been used only "
                                + r.scans() + (r.scans() == 1 ? " time" : " times")) + " since statistics began; it takes "
                                + Sizes.human(bytes) + " and slows every write.",
                        dropIndex(r)));
            }
        }

        for (TableScanRow t : tables) {
            sequentialFinding(t).ifPresent(findings::add);
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return findings;
    }

    /** Exact duplicates: keep the one that enforces a constraint, else the most used, else the first by name. */
    private void duplicates(List<Facts> group, Set<IndexRow> flagged, List<Finding> findings) {
        Map<String, List<Facts>> sameKeys = new LinkedHashMap<>();
        for (Facts f : group) {
            if (!f.row().expression()) {
                sameKeys.computeIfAbsent(f.keys() + "|" + f.included(), k -> new ArrayList<>()).add(f);
            }
        }
        for (List<Facts> twins : sameKeys.values()) {
            if (twins.size() < 2) {
                continue;
            }
            Facts keeper = twins.stream().min(Comparator
                    .comparing((Facts f) -> f.droppable())
                    .thenComparing(f -> -(f.row().scans() == null ? 0 : f.row().scans()))
                    .thenComparing(f -> f.row().name())).orElseThrow();
            for (Facts f : twins) {
                if (f != keeper && f.droppable() && !flagged.contains(f.row())) {
                    flagged.add(f.row());
                    findings.add(new Finding(FindingKind.DUPLICATE_INDEX, Severity.WARNING, qualifiedIndex(f.row()),
                            f.row().name() + " on " + f.row().qualifiedTable() + " duplicates " + keeper.row().name()
                                    + " (same columns " + String.join(", ", f.row().columns()) + "); "
                                    + Sizes.human(f.row().bytes() == null ? 0 : f.row().bytes()) + " to reclaim.",
                            dropIndex(f.row())));
                }
            }
        }
    }

    /** A plain b-tree whose key columns lead a wider index is covered by it. */
    private void redundant(List<Facts> group, Set<IndexRow> flagged, List<Finding> findings) {
        for (Facts candidate : group) {
            IndexRow r = candidate.row();
            if (flagged.contains(r) || !candidate.droppable() || r.expression() || !candidate.included().isEmpty()
                    || !PREFIX_METHODS.contains(r.method().toLowerCase(Locale.ROOT))) {
                continue;
            }
            group.stream()
                    .filter(other -> other != candidate && !flagged.contains(other.row()))
                    .filter(other -> other.keys().size() > candidate.keys().size())
                    .filter(other -> other.keys().subList(0, candidate.keys().size()).equals(candidate.keys()))
                    .filter(other -> leadingColumnsArePlain(other, candidate.keys().size()))
                    .findFirst()
                    .ifPresent(wider -> {
                        flagged.add(r);
                        findings.add(new Finding(FindingKind.REDUNDANT_INDEX, Severity.WARNING, qualifiedIndex(r),
                                r.name() + " on " + r.qualifiedTable() + " (" + String.join(", ", r.columns())
                                        + ") is covered by " + wider.row().name() + " (" + String.join(", ", wider.row().columns())
                                        + "), whose leading columns serve the same lookups.",
                                dropIndex(r)));
                    });
        }
    }

    private boolean leadingColumnsArePlain(Facts index, int count) {
        if (dialect == Dialect.MYSQL) {
            return index.row().columns().subList(0, count).stream().noneMatch(c -> c.equals("(expression)"));
        }
        return index.keys().subList(0, count).stream().noneMatch(k -> k.startsWith("0/"));
    }

    private java.util.Optional<Finding> sequentialFinding(TableScanRow t) {
        long live = t.liveRows() == null ? 0 : t.liveRows();
        if (live < thresholds.sequentialMinRows() || t.sequentialRows() == null) {
            return java.util.Optional.empty();
        }
        long indexUse = t.indexScans() == null ? 0 : t.indexScans();
        String table = Identifiers.qualified(dialect, t.schema(), t.table());
        if (dialect == Dialect.POSTGRESQL) {
            long scans = t.sequentialScans() == null ? 0 : t.sequentialScans();
            if (scans < thresholds.sequentialMinScans() || scans <= indexUse) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Finding(FindingKind.SEQUENTIAL_SCANS,
                    t.sequentialRows() >= 100L * live ? Severity.WARNING : Severity.INFO, t.qualifiedName(),
                    t.qualifiedName() + " is read mostly by sequential scans: " + scans + " sequential scans read "
                            + t.sequentialRows() + " rows, against " + indexUse + " index scans (" + live + " rows in the table).",
                    "-- Find the columns its slow queries filter on (Queries view), then for example:\n"
                            + "CREATE INDEX CONCURRENTLY ON " + table + " (column_name);"));
        }
        long fullRows = t.sequentialRows();
        if (fullRows < thresholds.sequentialMinScans() * live || fullRows <= indexUse) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Finding(FindingKind.SEQUENTIAL_SCANS, Severity.INFO, t.qualifiedName(),
                t.qualifiedName() + " is read mostly by full table scans: " + fullRows + " rows read without an index, "
                        + indexUse + " through indexes (" + live + " rows in the table).",
                "-- Find the columns its slow queries filter on (Queries view), then for example:\n"
                        + "ALTER TABLE " + table + " ADD INDEX " + Identifiers.quote(dialect, t.table() + "_column_idx")
                        + " (column_name), ALGORITHM=INPLACE, LOCK=NONE;"));
    }

    /** The finding's subject, plain text: "public.orders_idx" (PostgreSQL), "shop.orders.idx" (MySQL, per table). */
    private String qualifiedIndex(IndexRow r) {
        return dialect == Dialect.POSTGRESQL ? r.schema() + "." + r.name() : r.schema() + "." + r.table() + "." + r.name();
    }

    private String dropIndex(IndexRow r) {
        if (dialect == Dialect.POSTGRESQL) {
            return "DROP INDEX CONCURRENTLY " + Identifiers.qualified(dialect, r.schema(), r.name()) + ";";
        }
        return "ALTER TABLE " + Identifiers.qualified(dialect, r.schema(), r.table()) + " DROP INDEX "
                + Identifiers.quote(dialect, r.name()) + ", ALGORITHM=INPLACE, LOCK=NONE;";
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    private static String at(List<String> list, int index) {
        return index < list.size() ? list.get(index) : "";
    }

    private static List<String> jsonList(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("Unexpected column list from the server: " + json, e);
        }
    }
}
