package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableSizesPostgresTest {

    private final TableSizes tables = new TableSizes(Dialect.POSTGRESQL);

    private TableSizeReport read() throws Exception {
        try (Connection c = PgWorkload.inspect()) {
            return tables.read(c);
        }
    }

    @Test
    void tablesComeLargestFirstWithPlausibleSizes() throws Exception {
        TableSizeReport report = read();
        List<String> order = report.tables().stream().map(TableSizeRow::name)
                .filter(n -> List.of("events", "customers", "settings").contains(n)).toList();
        assertEquals(List.of("events", "customers", "settings"), order);
        for (int i = 1; i < report.tables().size(); i++) {
            assertTrue(report.tables().get(i - 1).totalBytes() >= report.tables().get(i).totalBytes(), "sorted by total size");
        }
        TableSizeRow events = byName(report).get("events");
        // 30,000 rows of ~300 bytes: several megabytes of heap, a primary key index, no TOAST data yet
        assertTrue(events.tableBytes() > 8L * 1024 * 1024, "events heap " + events.tableBytes());
        assertTrue(events.indexBytes() > 0 && events.indexBytes() < events.tableBytes());
        assertEquals(events.tableBytes() + events.toastBytes() + events.indexBytes(), events.totalBytes());
        assertEquals(30_000L, events.estimatedRows(), "reltuples after ANALYZE");
        assertTrue(events.shareOfDatabase() > 0.5 && events.shareOfDatabase() < 1, "share " + events.shareOfDatabase());
        assertEquals(report.tables().stream().mapToLong(TableSizeRow::totalBytes).sum(), report.databaseBytes());
        assertEquals(1.0, report.tables().stream().mapToDouble(TableSizeRow::shareOfDatabase).sum(), 1e-9);
        assertNotNull(report.serverTime());
        assertNull(report.statsExpirySeconds(), "PostgreSQL sizes are read live");
    }

    @Test
    void deadRowsAndVacuumTimesAreReported() throws Exception {
        TableSizeRow archive = byName(read()).get("archive");
        assertEquals(2_000L, archive.deadRows());
        assertEquals(2_000L, archive.liveRows());
        assertEquals(0.5, archive.deadRowShare(), 0.001);
        assertNull(archive.lastVacuumAny(), "archive was never vacuumed");
    }

    @Test
    void partitionedTableRollsUpItsPartitions() throws Exception {
        TableSizeReport report = read();
        Map<String, TableSizeRow> top = byName(report);
        assertTrue(!top.containsKey("measurements_2025") && !top.containsKey("measurements_2026"),
                "partitions are nested, not listed at the top");
        TableSizeRow parent = top.get("measurements");
        assertEquals(TableSizeRow.PARTITIONED, parent.kind());
        assertEquals(List.of("measurements_2025", "measurements_2026"),
                parent.partitions().stream().map(TableSizeRow::name).sorted().toList());
        long sum = parent.partitions().stream().mapToLong(TableSizeRow::totalBytes).sum();
        assertTrue(sum > 0);
        assertEquals(sum, parent.totalBytes());
        assertEquals(6_000L, parent.estimatedRows());
        assertTrue(parent.partitions().stream().allMatch(p -> p.kind().equals(TableSizeRow.PARTITION)));
        assertTrue(report.flattened().stream().anyMatch(r -> r.name().equals("measurements_2026")));
    }

    @Test
    void limitKeepsTheLargestTables() throws Exception {
        TableSizeReport limited = read().limit(2);
        assertEquals(2, limited.tables().size());
        assertEquals("events", limited.tables().get(0).name());
    }

    private static Map<String, TableSizeRow> byName(TableSizeReport report) {
        return report.tables().stream().collect(Collectors.toMap(TableSizeRow::name, Function.identity()));
    }
}
