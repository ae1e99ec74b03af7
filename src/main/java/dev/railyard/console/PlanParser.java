package dev.railyard.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.home.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the plans servers write into one {@link PlanNode} tree: PostgreSQL's EXPLAIN (FORMAT JSON),
 * MySQL's FORMAT=JSON in both versions (version 2, MySQL 8.3+, is a tree of "operation" nodes;
 * version 1 and MariaDB nest "query_block", "nested_loop" and "table" objects), MariaDB's ANALYZE
 * FORMAT=JSON, and MySQL's EXPLAIN ANALYZE tree text.
 */
public final class PlanParser {

    private static final Pattern TREE_LINE = Pattern.compile("^(\\s*)-> (.*)$");
    private static final Pattern COST = Pattern.compile("\\(cost=([0-9.e+]+)(?:\\.\\.([0-9.e+]+))? rows=([0-9.e+]+)\\)");
    private static final Pattern ACTUAL = Pattern.compile(
            "\\(actual time=([0-9.e+]+)\\.\\.([0-9.e+]+) rows=([0-9.e+]+) loops=([0-9]+)\\)");
    private static final Pattern TABLE = Pattern.compile(" on (`?[\\w$]+`?)");

    private PlanParser() {
    }

    /** What PostgreSQL says of a node worth a line under it, in the order its text format shows them. */
    private static final List<String> PG_DETAILS = List.of("Hash Cond", "Merge Cond", "Join Filter", "Index Cond",
            "Recheck Cond", "Filter", "One-Time Filter", "Rows Removed by Index Recheck", "Rows Removed by Join Filter",
            "Rows Removed by Filter", "Index Searches", "Heap Fetches", "Exact Heap Blocks", "Lossy Heap Blocks",
            "Sort Key", "Presorted Key", "Sort Method", "Group Key", "Cache Key", "Cache Hits", "Cache Misses",
            "Hash Buckets", "Hash Batches", "Planned Partitions", "HashAgg Batches", "Workers Planned",
            "Workers Launched", "Subplan Name", "Disabled");
    /** The same, in kilobytes. */
    private static final List<String> PG_KILOBYTES = List.of("Peak Memory Usage", "Disk Usage", "Maximum Storage");

    /** MySQL 8.3+ (JSON version 2): field, label. */
    private static final List<String[]> MYSQL_DETAILS = List.of(
            new String[] {"join_type", "Join type"}, new String[] {"join_algorithm", "Join algorithm"},
            new String[] {"hash_condition", "Hash condition"}, new String[] {"lookup_condition", "Index lookup"},
            new String[] {"ranges", "Ranges"}, new String[] {"pushed_index_condition", "Index condition"},
            new String[] {"condition", "Filter"}, new String[] {"sort_fields", "Sort key"},
            new String[] {"functions", "Functions"}, new String[] {"limit", "Limit"},
            new String[] {"covering", "Covering index"}, new String[] {"used_columns", "Columns"});

    /** MariaDB and MySQL's version 1: field, label. */
    private static final List<String[]> MARIADB_DETAILS = List.of(
            new String[] {"join_type", "Join type"}, new String[] {"attached_condition", "Filter"},
            new String[] {"index_condition", "Index condition"}, new String[] {"having_condition", "Having"},
            new String[] {"sort_key", "Sort key"}, new String[] {"r_sort_mode", "Sort mode"},
            new String[] {"r_sort_passes", "Sort passes"}, new String[] {"r_buffer_size", "Buffer"},
            new String[] {"key", "Index"}, new String[] {"used_key_parts", "Key parts"}, new String[] {"ref", "Ref"},
            new String[] {"possible_keys", "Possible keys"}, new String[] {"filtered", "Filtered %"},
            new String[] {"r_filtered", "Actual filtered %"}, new String[] {"using_index", "Covering index"},
            new String[] {"using_temporary_table", "Temporary table"}, new String[] {"using_filesort", "Filesort"});

    /** PostgreSQL's {@code EXPLAIN (FORMAT JSON ...)} output: the tree, planning and execution times. */
    public static ExplainResult postgresResult(String json, boolean analyzed, boolean generic) {
        JsonNode top = postgresTop(json);
        return new ExplainResult("json", json, markMostExpensive(pgNode(top.get("Plan"), 1)), analyzed, generic,
                number(top, "Planning Time"), number(top, "Execution Time"));
    }

    private static JsonNode postgresTop(String json) {
        JsonNode doc = read(json);
        JsonNode top = doc.isArray() ? doc.get(0) : doc;
        if (top == null || !top.has("Plan")) {
            throw new IllegalArgumentException("Not a PostgreSQL JSON plan: no \"Plan\"");
        }
        return top;
    }

    /** @param processes how many processes run this node at once (workers and leader below a Gather) */
    private static PlanNode pgNode(JsonNode n, int processes) {
        int below = processes;
        String type = text(n, "Node Type");
        if ("Gather".equals(type) || "Gather Merge".equals(type)) {
            JsonNode workers = n.has("Workers Launched") ? n.get("Workers Launched") : n.get("Workers Planned");
            // The leader takes part too (parallel_leader_participation is on by default).
            below = workers == null ? processes : workers.asInt() + 1;
        }
        List<PlanNode> children = new ArrayList<>();
        for (JsonNode child : n.path("Plans")) {
            children.add(pgNode(child, below));
        }
        Long loops = n.has("Actual Loops") ? n.get("Actual Loops").asLong() : null;
        return new PlanNode(pgOperation(n), pgRelation(n), number(n, "Plan Rows"), number(n, "Actual Rows"),
                number(n, "Actual Total Time"), loops, processes, number(n, "Total Cost"), pgBuffers(n), pgDetails(n),
                children, false);
    }

    /** The node's name as PostgreSQL's text format writes it: "Parallel Seq Scan", "Hash Left Join", "Finalize GroupAggregate". */
    private static String pgOperation(JsonNode n) {
        String type = text(n, "Node Type");
        String strategy = text(n, "Strategy");
        String operation = type;
        if ("ModifyTable".equals(type) && n.has("Operation")) {
            operation = text(n, "Operation");
        } else if ("Aggregate".equals(type) && strategy != null) {
            operation = switch (strategy) {
                case "Sorted" -> "GroupAggregate";
                case "Hashed" -> "HashAggregate";
                case "Mixed" -> "MixedAggregate";
                default -> "Aggregate";
            };
        } else if ("SetOp".equals(type) && "Hashed".equals(strategy)) {
            operation = "HashSetOp";
        }
        String join = text(n, "Join Type");
        if (join != null && !"Inner".equals(join) && List.of("Hash Join", "Merge Join", "Nested Loop").contains(type)) {
            operation = (type.equals("Nested Loop") ? "Nested Loop" : type.substring(0, type.indexOf(' '))) + " " + join + " Join";
        }
        String partial = text(n, "Partial Mode");
        if (partial != null && !"Simple".equals(partial)) {
            operation = partial + " " + operation;
        }
        if (n.path("Parallel Aware").asBoolean(false)) {
            operation = "Parallel " + operation;
        }
        if ("Backward".equals(text(n, "Scan Direction"))) {
            operation += " Backward";
        }
        return operation;
    }

    /** "orders o using orders_customer", "totals t" (a CTE), or null for nodes that read no relation. */
    private static String pgRelation(JsonNode n) {
        String name = text(n, "Relation Name");
        if (name == null) {
            name = text(n, "CTE Name");
        }
        if (name == null) {
            name = text(n, "Function Name");
        }
        String index = text(n, "Index Name");
        if (name == null) {
            return index;
        }
        String alias = text(n, "Alias");
        if (alias != null && !alias.equals(name)) {
            name += " " + alias;
        }
        return index == null ? name : name + " using " + index;
    }

    private static PlanNode.Buffers pgBuffers(JsonNode n) {
        if (!n.has("Shared Hit Blocks") && !n.has("Temp Read Blocks")) {
            return null;
        }
        return new PlanNode.Buffers(count(n, "Shared Hit Blocks"), count(n, "Shared Read Blocks"),
                count(n, "Shared Dirtied Blocks"), count(n, "Shared Written Blocks"), count(n, "Local Hit Blocks"),
                count(n, "Local Read Blocks"), count(n, "Temp Read Blocks"), count(n, "Temp Written Blocks"));
    }

    private static List<PlanNode.Detail> pgDetails(JsonNode n) {
        List<PlanNode.Detail> details = new ArrayList<>();
        for (String label : PG_DETAILS) {
            addDetail(details, label, n.get(label), "");
        }
        if (n.has("Sort Space Used")) {
            details.add(new PlanNode.Detail("Sort Space", text(n, "Sort Space Used") + " kB"
                    + (n.has("Sort Space Type") ? " (" + text(n, "Sort Space Type") + ")" : "")));
        }
        for (String label : PG_KILOBYTES) {
            addDetail(details, label, n.get(label), " kB");
        }
        return details;
    }

    /** MySQL or MariaDB FORMAT=JSON output (plain or analysed), either version. */
    public static PlanNode mysqlJson(String json) {
        JsonNode doc = read(json);
        if (doc.has("query_plan")) {
            doc = doc.get("query_plan");
        }
        if (doc.has("operation")) {
            return markMostExpensive(mysqlV2(doc));
        }
        if (doc.has("query_block")) {
            return markMostExpensive(mysqlV1("query_block", doc.get("query_block")));
        }
        throw new IllegalArgumentException("Not a MySQL JSON plan: neither \"operation\" nor \"query_block\"");
    }

    /** The whole result of MySQL's or MariaDB's JSON; MariaDB's ANALYZE also says how long planning and execution took. */
    public static ExplainResult mysqlJsonResult(String json, boolean analyzed) {
        JsonNode doc = read(json);
        return new ExplainResult("json", json, mysqlJson(json), analyzed, false,
                number(doc.path("query_optimization"), "r_total_time_ms"), number(doc.path("query_block"), "r_total_time_ms"));
    }

    private static PlanNode mysqlV2(JsonNode n) {
        List<PlanNode> children = new ArrayList<>();
        for (JsonNode child : n.path("inputs")) {
            children.add(mysqlV2(child));
        }
        String relation = text(n, "table_name");
        String alias = text(n, "alias");
        if (relation != null && alias != null && !alias.equals(relation)) {
            relation += " " + alias;
        }
        if (relation != null && n.has("index_name")) {
            relation += " using " + text(n, "index_name");
        }
        Long loops = n.has("actual_loops") ? n.get("actual_loops").asLong() : null;
        return new PlanNode(text(n, "operation"), relation, number(n, "estimated_rows"), number(n, "actual_rows"),
                number(n, "actual_last_row_ms"), loops, 1, number(n, "estimated_total_cost"), null,
                labelled(n, MYSQL_DETAILS), children, false);
    }

    private static PlanNode mysqlV1(String key, JsonNode n) {
        List<PlanNode> children = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isObject() && (f.getKey().equals("table") || holdsPlan(v))) {
                children.add(mysqlV1(f.getKey(), v));
            } else if (v.isArray()) {
                for (JsonNode element : v) {
                    if (element.isObject() && element.size() == 1 && holdsPlan(element)) {
                        Map.Entry<String, JsonNode> only = element.fields().next();
                        children.add(mysqlV1(only.getKey(), only.getValue()));
                    } else if (element.isObject() && holdsPlan(element)) {
                        children.add(mysqlV1(f.getKey(), element));
                    }
                }
            }
        }
        Long loops = n.has("r_loops") ? n.get("r_loops").asLong() : null;
        List<PlanNode.Detail> details = labelled(n, MARIADB_DETAILS);
        if (key.equals("table")) {
            Double estimated = n.has("rows_examined_per_scan") ? number(n, "rows_examined_per_scan") : number(n, "rows");
            Double cost = n.has("cost_info") ? number(n.get("cost_info"), "prefix_cost") : number(n, "cost");
            String access = n.has("access_type") ? text(n, "access_type") : "access";
            String relation = text(n, "table_name");
            if (relation != null && n.has("key")) {
                relation += " using " + text(n, "key");
            }
            return new PlanNode("Table " + access, relation, estimated, number(n, "r_rows"),
                    perLoop(n, loops, "r_table_time_ms", "r_other_time_ms"), loops, 1, cost, mariadbBuffers(n), details,
                    children, false);
        }
        Double cost = n.has("cost_info") ? number(n.get("cost_info"), "query_cost") : number(n, "cost");
        String operation = key.equals("query_block") && n.has("select_id") ? "query_block #" + n.get("select_id").asText() : key;
        Double rows = n.has("r_output_rows") ? number(n, "r_output_rows") : number(n, "r_rows");
        return new PlanNode(operation, null, null, rows, perLoop(n, loops, "r_total_time_ms"), loops, 1, cost, null, details,
                children, false);
    }

    /**
     * MariaDB's times are totals over every loop ({@code r_table_time_ms} plus {@code r_other_time_ms} for a
     * table): divided by the loops, so they mean what PostgreSQL's and MySQL's do, time per loop.
     */
    private static Double perLoop(JsonNode n, Long loops, String... fields) {
        Double total = null;
        for (String field : fields) {
            Double part = number(n, field);
            if (part != null) {
                total = (total == null ? 0 : total) + part;
            }
        }
        return total == null || loops == null || loops <= 1 ? total : Double.valueOf(total / loops);
    }

    /** MariaDB 10.9+ counts the pages a table's reads touched: accessed (from the buffer pool or not) and read from disk. */
    private static PlanNode.Buffers mariadbBuffers(JsonNode n) {
        JsonNode stats = n.get("r_engine_stats");
        if (stats == null || !stats.isObject()) {
            return null;
        }
        long accessed = stats.path("pages_accessed").asLong(0);
        long read = stats.path("pages_read_count").asLong(0);
        return new PlanNode.Buffers(Math.max(0, accessed - read), read, null, null, null, null, null, null);
    }

    private static List<PlanNode.Detail> labelled(JsonNode n, List<String[]> labels) {
        List<PlanNode.Detail> details = new ArrayList<>();
        for (String[] field : labels) {
            addDetail(details, field[1], n.get(field[0]), "");
        }
        return details;
    }

    /** A detail line from a JSON value: arrays joined with ", ", whole numbers without a fraction. */
    private static void addDetail(List<PlanNode.Detail> into, String label, JsonNode v, String unit) {
        if (v == null || v.isNull() || v.isObject()) {
            return;
        }
        String text;
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(e.asText()));
            text = String.join(", ", parts);
        } else if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) {
            text = Long.toString(v.asLong());
        } else {
            text = v.asText();
        }
        if (!text.isEmpty()) {
            into.add(new PlanNode.Detail(label, text + unit));
        }
    }

    /** True when a JSON object has a table or a query block somewhere inside. */
    private static boolean holdsPlan(JsonNode v) {
        if (!v.isContainerNode()) {
            return false;
        }
        if (v.isObject() && (v.has("table") || v.has("query_block") || v.has("table_name"))) {
            return true;
        }
        for (JsonNode child : v) {
            if (holdsPlan(child)) {
                return true;
            }
        }
        return false;
    }

    /** MySQL's EXPLAIN ANALYZE (and FORMAT=TREE) text: "-> Operation  (cost=.. rows=..) (actual time=.. rows=.. loops=..)". */
    public static PlanNode mysqlTree(String text) {
        List<int[]> depths = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (String line : text.split("\\R")) {
            Matcher m = TREE_LINE.matcher(line);
            if (m.matches()) {
                depths.add(new int[] {m.group(1).length()});
                bodies.add(m.group(2));
            }
        }
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("Not a MySQL plan tree: no line starts with ->");
        }
        int[] at = {0};
        return markMostExpensive(treeNode(depths, bodies, at));
    }

    private static PlanNode treeNode(List<int[]> depths, List<String> bodies, int[] at) {
        int index = at[0]++;
        int depth = depths.get(index)[0];
        List<PlanNode> children = new ArrayList<>();
        while (at[0] < bodies.size() && depths.get(at[0])[0] > depth) {
            children.add(treeNode(depths, bodies, at));
        }
        String body = bodies.get(index);
        Matcher cost = COST.matcher(body);
        Matcher actual = ACTUAL.matcher(body);
        int cut = body.length();
        Double estimated = null;
        Double totalCost = null;
        if (cost.find()) {
            cut = Math.min(cut, cost.start());
            totalCost = Double.valueOf(cost.group(cost.group(2) != null ? 2 : 1));
            estimated = Double.valueOf(cost.group(3));
        }
        Double rows = null;
        Double time = null;
        Long loops = null;
        if (actual.find()) {
            cut = Math.min(cut, actual.start());
            time = Double.valueOf(actual.group(2));
            rows = Double.valueOf(actual.group(3));
            loops = Long.valueOf(actual.group(4));
        }
        String operation = body.substring(0, cut).strip();
        Matcher table = TABLE.matcher(operation);
        String relation = table.find() ? table.group(1).replace("`", "") : null;
        return new PlanNode(operation, relation, estimated, rows, time, loops, 1, totalCost, null, List.of(), children, false);
    }

    /** The same tree with the node that has the most time (or cost) of its own marked. */
    static PlanNode markMostExpensive(PlanNode root) {
        List<PlanNode> all = new ArrayList<>();
        collect(root, all);
        PlanNode worst = null;
        double max = -1;
        for (PlanNode n : all) {
            Double w = n.selfWeight();
            if (w != null && w > max) {
                max = w;
                worst = n;
            }
        }
        if (worst == null) {
            // No times and no costs (MariaDB's plain EXPLAIN): the node that reads the most rows.
            for (PlanNode n : all) {
                if (n.estimatedRows() != null && n.estimatedRows() > max) {
                    max = n.estimatedRows();
                    worst = n;
                }
            }
        }
        return rebuild(root, worst);
    }

    private static void collect(PlanNode n, List<PlanNode> into) {
        into.add(n);
        n.children().forEach(c -> collect(c, into));
    }

    private static PlanNode rebuild(PlanNode n, PlanNode worst) {
        List<PlanNode> children = n.children().stream().map(c -> rebuild(c, worst)).toList();
        return n.marked(n == worst, children);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The plan is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.asLong();
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.valueOf(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
