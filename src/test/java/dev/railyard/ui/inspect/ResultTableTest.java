package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.ui.inspect.ResultTable.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows behind every inspect tab, without the FX toolkit: filter, sort, copy and export. */
class ResultTableTest {

    record Item(String schema, String name, long bytes, Double share, List<Item> parts) {
        Item(String schema, String name, long bytes) {
            this(schema, name, bytes, null, List.of());
        }
    }

    private static final Column<Item> NAME = Column.text("name", "Table", 100, Item::name);
    private static final Column<Item> SIZE = Column.bytes("size", "Size", Item::bytes);

    private static ResultTable<Item> table(List<Item> rows) {
        ResultTable<Item> table = new ResultTable<>(Item::parts, Item::name);
        table.setColumns(List.of(Column.text("schema", "Schema", 80, Item::schema), NAME, SIZE));
        table.setRows(rows);
        return table;
    }

    private static List<String> names(List<Item> rows) {
        return rows.stream().map(Item::name).toList();
    }

    @Test
    void sizeColumnSortsByBytesNotByItsText() {
        // As text, "900 kB" sorts after "1.2 MB" and "2.0 GB"; as bytes it is the smallest.
        ResultTable<Item> table = table(List.of(
                new Item("public", "medium", 1_258_291),
                new Item("public", "small", 921_600),
                new Item("public", "huge", 2_147_483_648L)));
        assertEquals(List.of("1.2 MB", "900 kB", "2.0 GB"), table.visibleRows().stream().map(SIZE::textOf).toList());

        table.comparatorProperty().set(SIZE.order());
        assertEquals(List.of("small", "medium", "huge"), names(table.visibleRows()));
        table.comparatorProperty().set(SIZE.order().reversed());
        assertEquals(List.of("huge", "medium", "small"), names(table.visibleRows()));
        table.comparatorProperty().set(null);
        assertEquals(List.of("medium", "small", "huge"), names(table.visibleRows()), "no sort: the report's order");
    }

    @Test
    void filterKeepsRowsContainingEveryWordInAnyColumnAnyCase() {
        ResultTable<Item> table = table(List.of(
                new Item("public", "orders", 10),
                new Item("billing", "orders", 20),
                new Item("billing", "invoices", 30)));

        table.filterProperty().set("ORDERS");
        assertEquals(List.of("orders", "orders"), names(table.visibleRows()));
        table.filterProperty().set("  billing   ord ");
        assertEquals(1, table.visibleRows().size());
        assertEquals("billing", table.visibleRows().get(0).schema());
        table.filterProperty().set("30 B");
        assertEquals(List.of("invoices"), names(table.visibleRows()), "the size as shown is searchable too");
        table.filterProperty().set("nothing-like-this");
        assertTrue(table.visibleRows().isEmpty());
        table.filterProperty().set("");
        assertEquals(3, table.visibleRows().size());
        assertEquals(3, table.rows().size(), "filtering never drops rows from the model");
    }

    @Test
    void aParentStaysWhenOnlyOneOfItsChildrenMatches() {
        Item measurements = new Item("public", "measurements", 300, null, List.of(
                new Item("public", "measurements_2025", 200), new Item("public", "measurements_2026", 100)));
        ResultTable<Item> table = table(List.of(measurements, new Item("public", "events", 50)));

        table.filterProperty().set("2026");
        assertEquals(List.of("measurements"), names(table.visibleRows()));
    }

    @Test
    void csvHasRawBytesAHeaderNamingTheUnitQuotingAndChildrenAfterTheirParent() {
        Item measurements = new Item("public", "measurements", 3000, null, List.of(
                new Item("public", "m_small", 1000), new Item("public", "m_big", 2000)));
        ResultTable<Item> table = table(List.of(
                new Item("public", "name, with \"comma\"", 5_000_000),
                measurements));
        table.comparatorProperty().set(SIZE.order().reversed());

        String csv = table.csv();
        assertEquals("Schema,Table,Size (bytes)\r\n"
                + "public,\"name, with \"\"comma\"\"\",5000000\r\n"
                + "public,measurements,3000\r\n"
                + "public,m_big,2000\r\n"
                + "public,m_small,1000\r\n", csv);

        table.filterProperty().set("comma");
        assertEquals(2, table.csv().lines().count(), "only what the filter shows is exported");
    }

    @Test
    void tsvCopiesWhatTheCellsShowOnOneLineEach() {
        ResultTable<Item> table = table(List.of(new Item("public", "two\nlines\tand tab", 2048)));
        assertEquals("Schema\tTable\tSize\npublic\ttwo lines and tab\t2.0 kB\n", table.tsv(table.visibleRows()));
    }

    @Test
    void replacingRowsIsFlaggedSoViewsCanKeepTheirSelection() {
        ResultTable<Item> table = table(List.of(new Item("public", "a", 1)));
        List<Boolean> seen = new java.util.ArrayList<>();
        table.replacingProperty().addListener((obs, was, now) -> seen.add(now));
        table.setRows(List.of(new Item("public", "b", 2)));
        assertEquals(List.of(true, false), seen);
        assertEquals("b", table.keyOf(table.rows().get(0)));
    }

    @Test
    void numbersReadTheWayADbaReadsThem() {
        assertEquals("30,000", Format.count(30_000));
        assertEquals("0.42 ms", Format.millis(0.42));
        assertEquals("12.3 ms", Format.millis(12.34));
        assertEquals("850 ms", Format.millis(850));
        assertEquals("1.4 s", Format.millis(1_400));
        assertEquals("3 min 05 s", Format.millis(185_000));
        assertEquals("12.5 %", Format.percent(0.125));
        assertEquals("<0.1 %", Format.percent(0.0002));
        assertEquals("100 %", Format.percent(1.0));
        assertEquals("99.87 %", Format.hitRatio(0.99871));
        assertEquals("2 days 3 h", Format.span(java.time.Duration.ofHours(51)));
        assertEquals("0.25", Format.plain(0.25));
        assertEquals("9 days ago", Format.ago(java.time.Instant.parse("2026-11-01T00:00:00Z"),
                java.time.Instant.parse("2026-11-10T01:00:00Z")));
    }
}
