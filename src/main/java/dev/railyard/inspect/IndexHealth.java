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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
     * @param minHistory            counts younger than this (since a reset, a restart or a restore) are
     *                              not enough history to call an index unused: no DROP is proposed
     */
    public record Thresholds(long unusedMaxScans, long sequentialMinRows, long sequentialMinScans, long largeIndexBytes,
                             Duration minHistory) {
        public static Thresholds defaults() {
            return new Thresholds(10, 10_000, 10, 1024 * 1024, Duration.ofDays(7));
        }

        public Thresholds withMinHistory(Duration value) {
            return new Thresholds(unusedMaxScans, sequentialMinRows, sequentialMinScans, largeIndexBytes, value);
        }
    }

    private static final ObjectMapper JSON = Json.mapper();
    private static final Set<String> PREFIX_METHODS = Set.of("btree");  // MySQL's BTREE compares lower-cased

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Dialect dialect;
    private final Thresholds thresholds;
    private final Clock clock;

    public IndexHealth(Dialect dialect) {
        this(dialect, Thresholds.defaults());
    }

    public IndexHealth(Dialect dialect, Thresholds thresholds) {
        this(dialect, thresholds, Clock.systemUTC());
    }

    public IndexHealth(Dialect dialect, Thresholds thresholds, Clock clock) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An index with what the duplicate check compares: one key per key column (PostgreSQL:
     * attribute number, operator class, collation and sort option; MySQL: name and prefix length),
     * and its key columns as a foreign key names them (PostgreSQL: attribute numbers; MySQL: names;
     * null for an expression or a prefix).
     */
    private record Facts(IndexRow row, List<String> keys, List<String> included, List<String> plainKeys) {
        boolean droppable() {
            IndexRow r = row;
            return !r.primary() && !r.unique() && r.constraint() == null && r.valid() && !r.partitioned() && !r.attached();
        }

        String table() {
            return row.schema() + "\u0000" + row.table();
        }

        /** True when a lookup on these foreign key columns can use this index: they are its leading columns. */
        boolean serves(Set<String> foreignKey) {
            int n = foreignKey.size();
            if (!row.valid() || row.partial() || plainKeys.size() < n || !PREFIX_METHODS.contains(row.method().toLowerCase(Locale.ROOT))) {
                return false;
            }
            List<String> leading = plainKeys.subList(0, n);
            return !leading.contains(null) && new HashSet<>(leading).equals(foreignKey);
        }
    }

    /** What the findings are worked out from, beside the indexes. */
    private record Context(Map<String, List<Set<String>>> foreignKeys, Instant statsSince) {
    }

    public IndexReport read(Connection connection) throws SQLException {
        try {
            return read(connection, "indexes", false);
        } catch (SQLException e) {
            if (dialect != Dialect.MYSQL || !MysqlGrants.denied(e)) {
                throw e;
            }
            // An application user who may not read index sizes or usage: the indexes, and the grants for the rest.
            return read(connection, "indexes_limited", true);
        }
    }

    private IndexReport read(Connection connection, String name, boolean limited) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, name));
             ResultSet rs = statement.executeQuery()) {
            return dialect == Dialect.POSTGRESQL ? readPostgres(rs) : readMysql(rs, limited);
        }
    }

    private IndexReport readPostgres(ResultSet rs) throws SQLException {
        List<Facts> facts = new ArrayList<>();
        Map<String, TableScanRow> tables = new LinkedHashMap<>();
        Map<String, List<Set<String>>> foreignKeys = new HashMap<>();
        Instant statsSince = null;
        while (rs.next()) {
            String schema = rs.getString("schema_name");
            String table = rs.getString("table_name");
            statsSince = instant(rs, "stats_since");
            String fkKeys = rs.getString("fk_keys");
            if (fkKeys != null) {
                foreignKeys.computeIfAbsent(schema + "\u0000" + table, k -> jsonSets(fkKeys));
            }
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
            List<String> plainKeys = new ArrayList<>();
            for (int i = 0; i < numbers.size(); i++) {
                if (i < keyCount) {
                    keys.add(numbers.get(i) + "/" + at(opclasses, i) + "/" + at(collations, i) + "/" + at(options, i));
                    plainKeys.add(numbers.get(i).equals("0") ? null : numbers.get(i));
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
            facts.add(new Facts(row, keys, included, plainKeys));
        }
        List<Finding> findings = findings(facts, new ArrayList<>(tables.values()), new Context(foreignKeys, statsSince));
        return new IndexReport(dialect, facts.stream().map(Facts::row).toList(), new ArrayList<>(tables.values()),
                findings, statsSince, List.of());
    }

    private IndexReport readMysql(ResultSet rs, boolean limited) throws SQLException {
        record Column(String name, Long subPart) {
        }
        record Partial(String schema, String table, String name, String method, boolean unique, Long bytes,
                       Long rowsRead, List<Column> columns) {
        }
        Map<String, Partial> indexes = new LinkedHashMap<>();
        Map<String, Long> fullScanRows = new HashMap<>();
        Map<String, Long> liveRows = new LinkedHashMap<>();
        Map<String, List<Set<String>>> foreignKeys = new HashMap<>();
        boolean performanceSchema = true;
        Instant started = null;
        String grantee = null;
        while (rs.next()) {
            String schema = rs.getString("schema_name");
            String table = rs.getString("table_name");
            String tableKey = schema + "\u0000" + table;
            // A limited read has no usage counts, whatever the server collects.
            performanceSchema = !limited && rs.getBoolean("performance_schema_on");
            if (limited) {
                grantee = rs.getString("grantee");
            }
            Instant rowStarted = epochSeconds(rs, "server_started");
            if (rowStarted != null) {
                started = rowStarted;
            }
            liveRows.putIfAbsent(tableKey, longOrNull(rs, "live_rows"));
            String fkColumns = rs.getString("fk_columns");
            if (fkColumns != null) {
                foreignKeys.computeIfAbsent(tableKey, k -> Arrays.stream(fkColumns.split("\n"))
                        .map(key -> Set.of(key.split("\t")).stream().map(c -> c.toLowerCase(Locale.ROOT))
                                .collect(Collectors.toSet()))
                        .toList());
            }
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
            List<String> plainKeys = p.columns().stream()
                    .map(c -> c.name() == null || c.subPart() != null ? null : c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toCollection(ArrayList::new));
            facts.add(new Facts(row, columns, List.of(), plainKeys));
        }
        List<TableScanRow> tables = new ArrayList<>();
        for (Map.Entry<String, Long> entry : liveRows.entrySet()) {
            String[] parts = entry.getKey().split("\u0000", 2);
            tables.add(new TableScanRow(parts[0], parts[1], null,
                    performanceSchema ? fullScanRows.get(entry.getKey()) : null,
                    performanceSchema ? indexRowsRead.getOrDefault(entry.getKey(), 0L) : null, entry.getValue()));
        }
        List<Finding> findings = findings(facts, tables, new Context(foreignKeys, started));
        List<String> notes = new ArrayList<>();
        if (limited) {
            List<String> grants = List.of(MysqlGrants.INDEX_STATS, MysqlGrants.PERFORMANCE_SCHEMA);
            notes.add("Indexes " + MysqlGrants.needs(grants) + ": this user may not read index sizes "
                    + "(mysql.innodb_index_stats) or index usage (performance_schema), so sizes, unused indexes and "
                    + "tables read by full scans are unknown; duplicate and redundant indexes are still found.");
            findings = new ArrayList<>(findings);
            findings.add(new Finding(FindingKind.LIMITED_PRIVILEGES, Severity.INFO, grantee,
                    "Index sizes and usage are unknown: this user may not read mysql.innodb_index_stats or performance_schema.",
                    MysqlGrants.statements(grants, grantee)));
        } else if (!performanceSchema) {
            notes.add("performance_schema is off, so index usage is unknown: unused indexes and tables read by full "
                    + "scans cannot be found. Turning it on needs performance_schema=ON in the server's configuration and a restart.");
            findings = new ArrayList<>(findings);
            findings.add(new Finding(FindingKind.INDEX_USAGE_UNKNOWN, Severity.INFO, "",
                    "Index usage is unknown because performance_schema is off; only duplicate and redundant indexes are reported.",
                    "# my.cnf, then restart the server\n[mysqld]\nperformance_schema = ON"));
        }
        return new IndexReport(dialect, facts.stream().map(Facts::row).toList(), tables, findings, started, notes);
    }

    /**
     * The findings, safe to follow as written: every DROP proposed leaves each foreign key of the
     * table an index to check it with, of a duplicate pair only one is proposed (the other is named
     * as the one that stays, and is never then proposed as unused), and "unused" is claimed only
     * when the counts have run long enough.
     */
    private List<Finding> findings(List<Facts> facts, List<TableScanRow> tables, Context context) {
        List<Finding> findings = new ArrayList<>();
        Set<IndexRow> flagged = new HashSet<>();
        Drops drops = new Drops(facts, context.foreignKeys());

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
            duplicates(group, flagged, findings, drops);
        }
        for (List<Facts> group : byTableAndMethod.values()) {
            redundant(group, flagged, findings, drops);
        }

        Instant since = context.statsSince();
        Duration history = since == null ? null : Duration.between(since, clock.instant());
        boolean tooEarly = history != null && history.compareTo(thresholds.minHistory()) < 0;
        String sinceText = since == null ? "since statistics began" : "since " + WHEN.format(since);
        List<IndexRow> notYet = new ArrayList<>();
        for (Facts f : facts) {
            IndexRow r = f.row();
            if (flagged.contains(r) || drops.stays(r) || !f.droppable() || r.scans() == null
                    || r.scans() > thresholds.unusedMaxScans()) {
                continue;
            }
            if (tooEarly) {
                notYet.add(r);
                continue;
            }
            if (!drops.propose(f)) {
                continue; // a foreign key needs it
            }
            flagged.add(r);
            long bytes = r.bytes() == null ? 0 : r.bytes();
            findings.add(new Finding(FindingKind.UNUSED_INDEX,
                    bytes >= thresholds.largeIndexBytes() ? Severity.WARNING : Severity.INFO, qualifiedIndex(r),
                    r.name() + " on " + r.qualifiedTable() + (r.scans() == 0 ? " has never been used" : " has been used only "
                            + r.scans() + (r.scans() == 1 ? " time" : " times")) + " " + sinceText + "; it takes "
                            + Sizes.human(bytes) + " and slows every write.",
                    dropIndex(r)));
        }
        if (!notYet.isEmpty()) {
            String names = notYet.stream().limit(10).map(IndexRow::name).collect(Collectors.joining(", "))
                    + (notYet.size() > 10 ? " and " + (notYet.size() - 10) + " more" : "");
            findings.add(new Finding(FindingKind.NOT_ENOUGH_HISTORY, Severity.INFO, "",
                    notYet.size() + (notYet.size() == 1 ? " index has" : " indexes have") + " not been used " + sinceText
                            + " (" + Sizes.duration(history) + "): not enough history to call "
                            + (notYet.size() == 1 ? "it" : "them") + " unused. Statistics start again after a reset, a "
                            + "restart or a restore; look again after " + WHEN.format(since.plus(thresholds.minHistory()))
                            + ". " + names + ".",
                    null));
        }

        for (TableScanRow t : tables) {
            sequentialFinding(t).ifPresent(findings::add);
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return findings;
    }

    /**
     * The DROPs proposed so far, and the indexes they leave in place. A DROP is proposed only when
     * every foreign key the index serves is still served by another index that stays.
     */
    private static final class Drops {
        private final Map<String, List<Facts>> byTable = new HashMap<>();
        private final Map<String, List<Set<String>>> foreignKeys;
        private final Set<IndexRow> dropped = new HashSet<>();
        private final Set<IndexRow> staying = new HashSet<>();

        Drops(List<Facts> facts, Map<String, List<Set<String>>> foreignKeys) {
            for (Facts f : facts) {
                byTable.computeIfAbsent(f.table(), k -> new ArrayList<>()).add(f);
            }
            this.foreignKeys = foreignKeys;
        }

        /** Records the DROP of {@code f} when it is safe; false (nothing recorded) when a foreign key needs it. */
        boolean propose(Facts f) {
            return propose(f, null);
        }

        /** As {@link #propose(Facts)}; {@code stays} is the index the finding names as the one to keep. */
        boolean propose(Facts f, Facts stays) {
            for (Set<String> foreignKey : foreignKeys.getOrDefault(f.table(), List.of())) {
                if (f.serves(foreignKey) && byTable.get(f.table()).stream().noneMatch(other -> other != f
                        && !dropped.contains(other.row()) && other.serves(foreignKey))) {
                    return false;
                }
            }
            dropped.add(f.row());
            if (stays != null) {
                staying.add(stays.row());
            }
            return true;
        }

        boolean dropped(IndexRow row) {
            return dropped.contains(row);
        }

        /** True for an index a proposed DROP relies on: it must not be proposed for a DROP itself. */
        boolean stays(IndexRow row) {
            return staying.contains(row);
        }
    }

    /** Exact duplicates: keep the one that enforces a constraint, else the most used, else the first by name. */
    private void duplicates(List<Facts> group, Set<IndexRow> flagged, List<Finding> findings, Drops drops) {
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
                if (f != keeper && f.droppable() && !flagged.contains(f.row()) && drops.propose(f, keeper)) {
                    flagged.add(f.row());
                    findings.add(new Finding(FindingKind.DUPLICATE_INDEX, Severity.WARNING, qualifiedIndex(f.row()),
                            f.row().name() + " on " + f.row().qualifiedTable() + " duplicates " + keeper.row().name()
                                    + " (same columns " + String.join(", ", f.row().columns()) + "); "
                                    + Sizes.human(f.row().bytes() == null ? 0 : f.row().bytes()) + " to reclaim. "
                                    + keeper.row().name() + " stays: drop only " + f.row().name() + ".",
                            dropIndex(f.row())));
                }
            }
        }
    }

    /** A plain b-tree whose key columns lead a wider index is covered by it. */
    private void redundant(List<Facts> group, Set<IndexRow> flagged, List<Finding> findings, Drops drops) {
        for (Facts candidate : group) {
            IndexRow r = candidate.row();
            if (flagged.contains(r) || drops.stays(r) || !candidate.droppable() || r.expression()
                    || !candidate.included().isEmpty() || !PREFIX_METHODS.contains(r.method().toLowerCase(Locale.ROOT))) {
                continue;
            }
            group.stream()
                    .filter(other -> other != candidate && !flagged.contains(other.row()) && !drops.dropped(other.row()))
                    .filter(other -> other.keys().size() > candidate.keys().size())
                    .filter(other -> other.keys().subList(0, candidate.keys().size()).equals(candidate.keys()))
                    .filter(other -> leadingColumnsArePlain(other, candidate.keys().size()))
                    .findFirst()
                    .filter(wider -> drops.propose(candidate, wider))
                    .ifPresent(wider -> {
                        flagged.add(r);
                        findings.add(new Finding(FindingKind.REDUNDANT_INDEX, Severity.WARNING, qualifiedIndex(r),
                                r.name() + " on " + r.qualifiedTable() + " (" + String.join(", ", r.columns())
                                        + ") is covered by " + wider.row().name() + " (" + String.join(", ", wider.row().columns())
                                        + "), whose leading columns serve the same lookups; " + wider.row().name() + " stays.",
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

    /** "[[2],[3,4]]" as sets of attribute numbers. */
    private static List<Set<String>> jsonSets(String json) {
        try {
            List<List<Integer>> lists = JSON.readValue(json, new TypeReference<List<List<Integer>>>() { });
            return lists.stream().map(l -> l.stream().map(String::valueOf).collect(Collectors.toSet())).toList();
        } catch (IOException e) {
            throw new IllegalStateException("Unexpected foreign key list from the server: " + json, e);
        }
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
