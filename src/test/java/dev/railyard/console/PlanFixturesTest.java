package dev.railyard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.home.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan captured from a real server (src/test/resources/fixtures/explain, written by
 * {@link PlanFixtures}) read into a tree: a root, every node named, one node marked most expensive,
 * the operation the query calls for present, and each number the one the server wrote.
 */
class PlanFixturesTest {

    private static final Map<String, String> POSTGRES_OPERATIONS = Map.of("seq-scan", "Seq Scan", "index-scan", "Index Scan",
            "hash-join", "Hash Join", "nested-loop", "Nested Loop", "sort", "Sort", "aggregate", "HashAggregate",
            "cte", "CTE Scan", "parallel", "Parallel Seq Scan", "generic", "Limit");
    private static final Map<String, String> MYSQL_OPERATIONS = Map.of("seq-scan", "Table scan on orders",
            "index-scan", "Index range scan on orders", "hash-join", "Inner hash join", "nested-loop", "Nested loop inner join",
            "sort", "Sort: orders.note DESC", "aggregate", "Group aggregate", "cte", "Materialize CTE totals");
    private static final Map<String, String> MARIADB_OPERATIONS = Map.of("seq-scan", "Table ALL", "index-scan", "Table range",
            "hash-join", "block-nl-join", "nested-loop", "Table ref", "sort", "filesort", "aggregate", "Table index",
            "cte", "materialized");

    static Path root() {
        try {
            return Path.of(PlanFixturesTest.class.getResource("/fixtures/explain").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(f -> !f.getFileName().toString().equals("version.txt") && Files.isRegularFile(f)
                    && !f.getFileName().toString().endsWith(".md")).sorted().toList().stream();
        }
    }

    /** The server a fixture came from: "pg16", "mysql9", "mariadb". */
    static String server(Path fixture) {
        return fixture.getParent().getFileName().toString();
    }

    static String query(Path fixture) {
        return fixture.getFileName().toString().replaceAll("(-analyze)?\\.(json|txt)$", "");
    }

    /** The fixture read as the console reads a plan from its server. */
    static ExplainResult read(Path fixture) {
        try {
            String raw = Files.readString(fixture);
            boolean analyzed = fixture.getFileName().toString().contains("-analyze");
            if (server(fixture).startsWith("pg")) {
                return PlanParser.postgresResult(raw, analyzed, query(fixture).equals("generic"));
            }
            return fixture.toString().endsWith(".txt") ? new ExplainResult("tree", raw, PlanParser.mysqlTree(raw), analyzed)
                    : PlanParser.mysqlJsonResult(raw, analyzed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyServerAndQueryHasItsFixtures() throws IOException {
        for (String server : PlanFixtures.SERVERS) {
            Path dir = root().resolve(server);
            assertTrue(Files.isRegularFile(dir.resolve("version.txt")), "no fixtures of " + server + ": run PlanFixtures");
            boolean pg = server.startsWith("pg");
            for (String query : (pg ? POSTGRES_OPERATIONS : MYSQL_OPERATIONS).keySet()) {
                if (query.equals("generic")) {
                    boolean generic = Integer.parseInt(server.substring(2)) >= 16;
                    assertEquals(generic, Files.exists(dir.resolve("generic.json")), server + " generic plan");
                    continue;
                }
                assertTrue(Files.exists(dir.resolve(query + ".json")), server + "/" + query);
                assertTrue(Files.exists(dir.resolve(query + "-analyze.json")) || Files.exists(dir.resolve(query + "-analyze.txt")),
                        server + "/" + query + "-analyze");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aFixtureReadsIntoATreeWithItsOperationAndOneMostExpensiveNode(Path fixture) {
        ExplainResult plan = read(fixture);
        String server = server(fixture);
        List<PlanNode> nodes = flatten(plan.root());
        assertNotNull(plan.root());
        nodes.forEach(n -> assertFalse(n.operation() == null || n.operation().isBlank(), "a node without a name"));
        assertEquals(1, nodes.stream().filter(PlanNode::mostExpensive).count(), "one node marked");
        Map<String, String> expected = server.startsWith("pg") ? POSTGRES_OPERATIONS
                : server.equals("mariadb") ? MARIADB_OPERATIONS : MYSQL_OPERATIONS;
        String operation = expected.get(query(fixture));
        assertTrue(nodes.stream().anyMatch(n -> n.operation().startsWith(operation)),
                operation + " in " + nodes.stream().map(PlanNode::operation).toList());
        boolean analyzed = fixture.getFileName().toString().contains("-analyze");
        assertEquals(analyzed, nodes.stream().anyMatch(n -> n.actualRows() != null), "actual rows only when analysed");
        assertFalse(PlanText.of(plan).isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyNumberIsTheOneTheServerWrote(Path fixture) throws IOException {
        ExplainResult plan = read(fixture);
        String server = server(fixture);
        if (fixture.toString().endsWith(".txt")) {
            return; // MySQL before 8.3 only; the servers we capture from all write JSON
        }
        JsonNode json = Json.mapper().readTree(Files.readString(fixture));
        if (server.startsWith("pg")) {
            JsonNode top = json.get(0);
            comparePostgres(top.get("Plan"), plan.root());
            assertEquals(number(top, "Execution Time"), plan.executionMs());
            assertEquals(number(top, "Planning Time"), plan.planningMs());
        } else if (json.path("query_plan").has("operation")) {
            compareMysql(json.get("query_plan"), plan.root());
        } else {
            List<JsonNode> tables = new ArrayList<>();
            tablesOf(json, tables);
            List<PlanNode> tableNodes = flatten(plan.root()).stream().filter(n -> n.operation().startsWith("Table ")).toList();
            assertEquals(tables.size(), tableNodes.size());
            for (int i = 0; i < tables.size(); i++) {
                compareMariadb(tables.get(i), tableNodes.get(i));
            }
        }
    }

    @Test
    void postgresBuffersSortSpillAndWorkersAreRead() {
        for (String server : List.of("pg13", "pg14", "pg15", "pg16", "pg17", "pg18")) {
            PlanNode sort = read(root().resolve(server).resolve("sort-analyze.json")).root();
            assertEquals("Sort", sort.operation(), server);
            assertEquals("note DESC", sort.detail("Sort Key"), server);
            assertTrue(sort.buffers().tempWritten() > 0, server + ": the 1 MB work_mem sort spills to disk");
            assertTrue(sort.detail("Sort Space").endsWith("(Disk)"), server);
            assertTrue(sort.buffers().summary().contains("temp written"), server);

            PlanNode gather = flatten(read(root().resolve(server).resolve("parallel-analyze.json")).root()).stream()
                    .filter(n -> n.operation().equals("Gather")).findFirst().orElseThrow();
            assertEquals("2", gather.detail("Workers Planned"), server);

            PlanNode join = read(root().resolve(server).resolve("hash-join-analyze.json")).root();
            assertEquals("(o.customer = c.id)", join.detail("Hash Cond"), server);
            PlanNode customers = flatten(join).stream().filter(n -> "customers c".equals(n.relation())).findFirst().orElseThrow();
            assertEquals("(country = 'NL'::text)", customers.detail("Filter"), server);
            assertEquals("1500", customers.detail("Rows Removed by Filter"), server);
        }
    }

    @Test
    void aParallelNodesTimeCountsOncePerProcessSoNoNodeTakesLongerThanTheStatement() {
        for (String server : List.of("pg13", "pg14", "pg15", "pg16", "pg17", "pg18")) {
            for (String query : POSTGRES_OPERATIONS.keySet()) {
                Path fixture = root().resolve(server).resolve(query + "-analyze.json");
                if (!Files.exists(fixture)) {
                    continue; // the generic plan is never analysed
                }
                ExplainResult plan = read(fixture);
                for (PlanNode n : flatten(plan.root())) {
                    assertTrue(n.selfWeight() <= plan.executionMs() * 1.05 + 0.05,
                            server + "/" + query + ": " + n.operation() + " " + n.selfWeight() + " ms of "
                                    + plan.executionMs());
                }
            }
            PlanNode scan = flatten(read(root().resolve(server).resolve("parallel-analyze.json")).root()).stream()
                    .filter(n -> n.operation().equals("Parallel Seq Scan")).findFirst().orElseThrow();
            PlanNode gather = flatten(read(root().resolve(server).resolve("parallel-analyze.json")).root()).stream()
                    .filter(n -> n.operation().equals("Gather")).findFirst().orElseThrow();
            assertEquals(Integer.parseInt(gather.detail("Workers Launched")) + 1, scan.processes(), server);
            assertEquals(1, gather.processes(), server);
        }
    }

    @Test
    void genericPlansSayTheyAreGenericAndHaveNoActualFigures() {
        for (String server : List.of("pg16", "pg17", "pg18")) {
            ExplainResult plan = read(root().resolve(server).resolve("generic.json"));
            assertTrue(plan.generic());
            assertFalse(plan.analyzed());
            assertTrue(flatten(plan.root()).stream().noneMatch(n -> n.actualRows() != null));
            assertTrue(PlanText.of(plan).contains("generic plan"), PlanText.of(plan));
        }
    }

    @Test
    void mariadbTimesArePerLoopAndItsPagesAreBuffers() throws IOException {
        Path fixture = root().resolve("mariadb").resolve("nested-loop-analyze.json");
        PlanNode lookups = flatten(read(fixture).root()).stream().filter(n -> n.operation().equals("Table ref"))
                .findFirst().orElseThrow();
        JsonNode table = Json.mapper().readTree(Files.readString(fixture)).get("query_block").get("nested_loop").get(1)
                .get("table");
        double total = table.get("r_table_time_ms").asDouble() + table.get("r_other_time_ms").asDouble();
        assertEquals(total / table.get("r_loops").asLong(), lookups.actualTimeMs(), 1e-9);
        assertEquals(table.get("r_engine_stats").get("pages_accessed").asLong(), lookups.buffers().sharedHit());
    }

    private static void comparePostgres(JsonNode json, PlanNode node) {
        assertEquals(number(json, "Plan Rows"), node.estimatedRows(), node.operation());
        assertEquals(number(json, "Total Cost"), node.cost(), node.operation());
        assertEquals(number(json, "Actual Rows"), node.actualRows(), node.operation());
        assertEquals(number(json, "Actual Total Time"), node.actualTimeMs(), node.operation());
        assertEquals(json.has("Actual Loops") ? json.get("Actual Loops").asLong() : null, node.loops(), node.operation());
        if (json.has("Shared Hit Blocks")) {
            assertEquals(json.get("Shared Hit Blocks").asLong(), node.buffers().sharedHit(), node.operation());
            assertEquals(json.get("Shared Read Blocks").asLong(), node.buffers().sharedRead(), node.operation());
            assertEquals(json.get("Temp Written Blocks").asLong(), node.buffers().tempWritten(), node.operation());
        } else {
            assertNull(node.buffers(), node.operation());
        }
        for (String field : List.of("Filter", "Index Cond", "Hash Cond", "Recheck Cond")) {
            assertEquals(json.has(field) ? json.get(field).asText() : null, node.detail(field), field);
        }
        JsonNode children = json.path("Plans");
        assertEquals(children.size(), node.children().size(), node.operation());
        for (int i = 0; i < children.size(); i++) {
            comparePostgres(children.get(i), node.children().get(i));
        }
    }

    private static void compareMysql(JsonNode json, PlanNode node) {
        assertEquals(json.get("operation").asText(), node.operation());
        assertEquals(number(json, "estimated_rows"), node.estimatedRows(), node.operation());
        assertEquals(number(json, "estimated_total_cost"), node.cost(), node.operation());
        assertEquals(number(json, "actual_rows"), node.actualRows(), node.operation());
        assertEquals(number(json, "actual_last_row_ms"), node.actualTimeMs(), node.operation());
        assertEquals(json.has("actual_loops") ? json.get("actual_loops").asLong() : null, node.loops(), node.operation());
        assertEquals(json.has("condition") ? json.get("condition").asText() : null, node.detail("Filter"), node.operation());
        JsonNode children = json.path("inputs");
        assertEquals(children.size(), node.children().size(), node.operation());
        for (int i = 0; i < children.size(); i++) {
            compareMysql(children.get(i), node.children().get(i));
        }
    }

    private static void compareMariadb(JsonNode table, PlanNode node) {
        assertEquals("Table " + table.get("access_type").asText(), node.operation());
        assertTrue(node.relation().startsWith(table.get("table_name").asText()), node.relation());
        assertEquals(number(table, "rows"), node.estimatedRows(), node.relation());
        assertEquals(number(table, "r_rows"), node.actualRows(), node.relation());
        assertEquals(table.has("r_loops") ? table.get("r_loops").asLong() : null, node.loops(), node.relation());
        assertEquals(table.has("attached_condition") ? table.get("attached_condition").asText() : null, node.detail("Filter"));
    }

    private static void tablesOf(JsonNode json, List<JsonNode> into) {
        json.fields().forEachRemaining(f -> {
            if (f.getKey().equals("table") && f.getValue().isObject()) {
                into.add(f.getValue());
            }
            if (f.getValue().isContainerNode()) {
                if (f.getValue().isArray()) {
                    f.getValue().forEach(e -> tablesOf(e, into));
                } else {
                    tablesOf(f.getValue(), into);
                }
            }
        });
    }

    private static Double number(JsonNode n, String field) {
        return n.has(field) ? n.get(field).asDouble() : null;
    }

    static List<PlanNode> flatten(PlanNode root) {
        List<PlanNode> all = new ArrayList<>();
        all.add(root);
        root.children().forEach(c -> all.addAll(flatten(c)));
        return all;
    }
}
