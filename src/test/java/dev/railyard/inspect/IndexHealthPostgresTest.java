package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IndexHealthPostgresTest {

    private final IndexHealth health = new IndexHealth(Dialect.POSTGRESQL,
            IndexHealth.Thresholds.defaults().withMinHistory(java.time.Duration.ZERO));

    private IndexReport read(String db) throws Exception {
        try (Connection c = PgWorkload.inspect(db)) {
            return health.read(c);
        }
    }

    private static Set<String> subjects(IndexReport report, FindingKind kind) {
        return report.findings(kind).stream().map(Finding::subject).collect(Collectors.toSet());
    }

    @Test
    void everyIndexIsListedWithSizeAndScans() throws Exception {
        IndexReport report = read(PgWorkload.database());
        IndexRow region = report.indexes().stream().filter(i -> i.name().equals("customers_region_idx")).findFirst().orElseThrow();
        assertEquals(25L, region.scans());
        assertEquals(List.of("region"), region.columns());
        assertEquals("btree", region.method());
        assertTrue(region.bytes() > 0);
        IndexRow pkey = report.indexes().stream().filter(i -> i.name().equals("customers_pkey")).findFirst().orElseThrow();
        assertTrue(pkey.primary() && pkey.unique());
        assertEquals("customers_pkey", pkey.constraint());
        IndexRow composite = report.indexes().stream().filter(i -> i.name().equals("customers_name_city_idx")).findFirst().orElseThrow();
        assertEquals(List.of("name", "city"), composite.columns());
    }

    @Test
    void duplicateIndexIsFoundWithItsDropStatement() throws Exception {
        IndexReport report = read(PgWorkload.database());
        List<Finding> duplicates = report.findings(FindingKind.DUPLICATE_INDEX);
        assertEquals(1, duplicates.size(), duplicates.toString());
        Finding duplicate = duplicates.get(0);
        assertEquals("public.customers_city_idx2", duplicate.subject());
        assertTrue(duplicate.message().contains("duplicates customers_city_idx"), duplicate.message());
        assertEquals("DROP INDEX CONCURRENTLY public.customers_city_idx2;", duplicate.fix());
    }

    @Test
    void redundantIndexIsFoundWhenAWiderOneLeadsWithItsColumns() throws Exception {
        IndexReport report = read(PgWorkload.database());
        assertEquals(Set.of("public.customers_name_idx"), subjects(report, FindingKind.REDUNDANT_INDEX));
        Finding redundant = report.findings(FindingKind.REDUNDANT_INDEX).get(0);
        assertTrue(redundant.message().contains("covered by customers_name_city_idx"), redundant.message());
        assertEquals("DROP INDEX CONCURRENTLY public.customers_name_idx;", redundant.fix());
    }

    @Test
    void unusedIndexesAreFoundButUsedAndConstraintIndexesAreNot() throws Exception {
        Set<String> unused = subjects(read(PgWorkload.database()), FindingKind.UNUSED_INDEX);
        assertTrue(unused.contains("public.customers_created_idx"), unused.toString());
        assertFalse(unused.contains("public.customers_region_idx"), "used 25 times");
        assertFalse(unused.contains("public.customers_pkey"), "primary keys are never unused findings");
        assertFalse(unused.contains("public.settings_pkey"));
        assertFalse(unused.contains("public.customers_city_idx2"), "already reported as a duplicate");
        assertFalse(unused.contains("public.customers_name_idx"), "already reported as redundant");
    }

    @Test
    void invalidIndexIsFoundWithReindexStatement() throws Exception {
        IndexReport report = read(PgWorkload.database());
        List<Finding> invalid = report.findings(FindingKind.INVALID_INDEX);
        assertEquals(1, invalid.size());
        assertEquals("public.customers_code_key", invalid.get(0).subject());
        assertEquals(Severity.CRITICAL, invalid.get(0).severity());
        assertTrue(invalid.get(0).fix().startsWith("REINDEX INDEX CONCURRENTLY public.customers_code_key;"));
        assertEquals(Severity.CRITICAL, report.findings().get(0).severity(), "most severe first");
    }

    @Test
    void tableReadMostlyBySequentialScansIsFound() throws Exception {
        IndexReport report = read(PgWorkload.database());
        assertEquals(Set.of("public.events"), subjects(report, FindingKind.SEQUENTIAL_SCANS));
        Finding finding = report.findings(FindingKind.SEQUENTIAL_SCANS).get(0);
        assertTrue(finding.message().contains("sequential scans read"), finding.message());
        assertTrue(finding.fix().contains("CREATE INDEX CONCURRENTLY ON public.events (column_name);"), finding.fix());
        TableScanRow events = report.tables().stream().filter(t -> t.table().equals("events")).findFirst().orElseThrow();
        assertTrue(events.sequentialScans() >= 30, "the workload's 30 scans, and maybe the server's own");
        assertTrue(events.sequentialRows() >= 30L * 30_000);
        assertEquals(0L, events.indexScans());
    }

    @Test
    void theSuggestedStatementsFixWhatTheyReport() throws Exception {
        String db = PgWorkload.server().createDatabase("indexfix");
        try (Connection c = PgWorkload.plain(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"Order\" (id int PRIMARY KEY, a int, b int)");
            s.execute("INSERT INTO \"Order\" SELECT g, g % 3, g FROM generate_series(1, 100) g");
            s.execute("CREATE INDEX \"Order_a\" ON \"Order\" (a)");
            s.execute("CREATE INDEX \"Order_a_copy\" ON \"Order\" (a)");
            s.execute("CREATE INDEX order_a_b ON \"Order\" (a, b)");
            try {
                s.execute("CREATE UNIQUE INDEX CONCURRENTLY order_a_unique ON \"Order\" (a)");
            } catch (java.sql.SQLException expected) {
                // leaves order_a_unique invalid; without the duplicates a REINDEX can then succeed
            }
            s.execute("DELETE FROM \"Order\" WHERE id > 3");
        }
        IndexReport before = read(db);
        List<Finding> fixable = before.findings().stream()
                .filter(f -> f.kind() != FindingKind.SEQUENTIAL_SCANS)
                .toList();
        Set<FindingKind> kinds = fixable.stream().map(Finding::kind).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of(FindingKind.DUPLICATE_INDEX, FindingKind.INVALID_INDEX)), kinds.toString());
        assertTrue(fixable.stream().noneMatch(f -> f.subject().equals("public.Order_a")),
                "the twin the duplicate finding keeps is not proposed for a DROP in the same breath: " + fixable);
        try (Connection c = PgWorkload.plain(db); Statement s = c.createStatement()) {
            for (Finding f : fixable) {
                // Each fix is a script of statements (and comments) meant to be run one by one.
                for (String statement : f.fix().split(";")) {
                    String sql = statement.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")).strip();
                    if (!sql.isEmpty() && !(f.kind() == FindingKind.INVALID_INDEX && sql.startsWith("DROP"))) {
                        s.execute(sql);
                    }
                }
            }
        }
        IndexReport after = read(db);
        Set<String> fixed = fixable.stream().map(Finding::subject).collect(Collectors.toSet());
        assertTrue(after.findings().stream().noneMatch(f -> fixed.contains(f.subject()) && f.kind() == FindingKind.DUPLICATE_INDEX),
                "what was fixed is not reported again: " + after.findings());
        assertEquals(List.of(), after.findings(FindingKind.INVALID_INDEX));
        assertTrue(after.indexes().stream().noneMatch(i -> i.name().equals("Order_a_copy")));
    }

    /** The case a session met: copying both pieces of advice dropped every index on orders.customer_id. */
    @Test
    void theAdviceIsSafeToFollowAsWritten() throws Exception {
        String db = PgWorkload.server().createDatabase("advice");
        try (Connection c = PgWorkload.server().connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text)");
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, total int)");
            s.execute("CREATE INDEX orders_customer_id_idx ON orders (customer_id)");
            s.execute("CREATE INDEX orders_customer_idx ON orders (customer_id)");
            s.execute("CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders, qty int)");
            s.execute("CREATE INDEX lines_order_idx ON lines (order_id)");
            s.execute("CREATE TABLE notes (id bigint PRIMARY KEY, order_id bigint, body text)");
            s.execute("CREATE INDEX notes_order_idx ON notes (order_id)");
        }
        IndexReport report = read(db);
        List<String> drops = report.findings().stream().filter(Finding::hasFix).map(Finding::fix)
                .filter(fix -> fix.startsWith("DROP INDEX")).toList();
        assertEquals(List.of("DROP INDEX CONCURRENTLY public.orders_customer_idx;"),
                drops.stream().filter(d -> d.contains("orders_customer")).toList(),
                "exactly one of the duplicate pair, and the one that stays is not then called unused: " + report.findings());
        Finding duplicate = report.findings(FindingKind.DUPLICATE_INDEX).get(0);
        assertTrue(duplicate.message().contains("orders_customer_id_idx stays"), duplicate.message());
        assertTrue(drops.stream().noneMatch(d -> d.contains("lines_order_idx")),
                "the only index a foreign key can use is never proposed for DROP: " + drops);
        assertTrue(drops.contains("DROP INDEX CONCURRENTLY public.notes_order_idx;"), "no foreign key there: " + drops);
        assertTrue(report.findings(FindingKind.UNUSED_INDEX).stream().allMatch(f -> f.message().contains(" since ")),
                "unused says since when");
    }

    @Test
    void freshStatisticsAreNotEnoughHistoryToCallAnIndexUnused() throws Exception {
        IndexReport report;
        try (Connection c = PgWorkload.inspect(PgWorkload.database())) {
            report = new IndexHealth(Dialect.POSTGRESQL).read(c); // the test server started minutes ago
        }
        assertTrue(report.findings(FindingKind.UNUSED_INDEX).isEmpty(), report.findings().toString());
        Finding early = report.findings(FindingKind.NOT_ENOUGH_HISTORY).get(0);
        assertTrue(early.message().contains("not enough history to call"), early.message());
        assertTrue(early.message().contains("customers_created_idx"), early.message());
        assertFalse(early.hasFix());
        assertEquals(1, report.findings(FindingKind.DUPLICATE_INDEX).size(), "duplicates need no history");
    }
}
