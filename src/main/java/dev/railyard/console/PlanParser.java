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

    /** PostgreSQL's {@code EXPLAIN (FORMAT JSON ...)} output. */
    public static PlanNode postgres(String json) {
        JsonNode doc = read(json);
        JsonNode top = doc.isArray() ? doc.get(0) : doc;
        if (top == null || !top.has("Plan")) {
            throw new IllegalArgumentException("Not a PostgreSQL JSON plan: no \"Plan\"");
        }
        return markMostExpensive(pgNode(top.get("Plan")));
    }

    private static PlanNode pgNode(JsonNode n) {
        String type = text(n, "Node Type");
        String operation = n.has("Operation") && "ModifyTable".equals(type) ? text(n, "Operation") : type;
        if (n.has("Strategy") && ("Aggregate".equals(type) || "SetOp".equals(type))) {
            operation = text(n, "Strategy") + " " + type;
        }
        String relation = n.has("Relation Name") ? text(n, "Relation Name") : text(n, "Index Name");
        if (n.has("Index Name") && n.has("Relation Name")) {
            relation = text(n, "Relation Name") + " using " + text(n, "Index Name");
        }
        List<PlanNode> children = new ArrayList<>();
        for (JsonNode child : n.path("Plans")) {
            children.add(pgNode(child));
        }
        Long loops = n.has("Actual Loops") ? n.get("Actual Loops").asLong() : null;
        return new PlanNode(operation, relation, number(n, "Plan Rows"), number(n, "Actual Rows"),
                number(n, "Actual Total Time"), loops, number(n, "Total Cost"), children, false);
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

    private static PlanNode mysqlV2(JsonNode n) {
        List<PlanNode> children = new ArrayList<>();
        for (JsonNode child : n.path("inputs")) {
            children.add(mysqlV2(child));
        }
        String relation = n.has("table_name") ? text(n, "table_name") : null;
        if (relation != null && n.has("index_name")) {
            relation += " using " + text(n, "index_name");
        }
        Long loops = n.has("actual_loops") ? n.get("actual_loops").asLong() : null;
        return new PlanNode(text(n, "operation"), relation, number(n, "estimated_rows"), number(n, "actual_rows"),
                number(n, "actual_last_row_ms"), loops, number(n, "estimated_total_cost"), children, false);
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
        if (key.equals("table")) {
            Double estimated = n.has("rows_examined_per_scan") ? number(n, "rows_examined_per_scan") : number(n, "rows");
            Double time = n.has("r_total_time_ms") ? number(n, "r_total_time_ms") : number(n, "r_table_time_ms");
            Long loops = n.has("r_loops") ? n.get("r_loops").asLong() : null;
            Double cost = n.has("cost_info") ? number(n.get("cost_info"), "prefix_cost") : number(n, "cost");
            String access = n.has("access_type") ? text(n, "access_type") : "access";
            String relation = text(n, "table_name");
            if (relation != null && n.has("key")) {
                relation += " using " + text(n, "key");
            }
            return new PlanNode("Table " + access, relation, estimated, number(n, "r_rows"), time, loops, cost, children,
                    false);
        }
        Double cost = n.has("cost_info") ? number(n.get("cost_info"), "query_cost") : number(n, "cost");
        String operation = key.equals("query_block") && n.has("select_id") ? "query_block #" + n.get("select_id").asText() : key;
        return new PlanNode(operation, null, null, null, number(n, "r_total_time_ms"), null, cost, children, false);
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
        return new PlanNode(operation, relation, estimated, rows, time, loops, totalCost, children, false);
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
