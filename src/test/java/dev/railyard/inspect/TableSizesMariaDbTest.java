package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MariaDB reads sizes live; MySQL 9's information_schema_stats_expiry cache is tested in InspectMysql9Test. */
class TableSizesMariaDbTest {

    private TableSizeReport read() throws Exception {
        try (Connection c = MyWorkload.inspect()) {
            return new TableSizes(Dialect.MYSQL).read(c);
        }
    }

    @Test
    void tablesComeLargestFirstWithEngineAndFreeSpace() throws Exception {
        TableSizeReport report = read();
        List<String> order = report.tables().stream().map(TableSizeRow::name)
                .filter(n -> List.of("events", "customers", "settings").contains(n)).toList();
        assertEquals(List.of("events", "customers", "settings"), order);
        TableSizeRow events = report.tables().stream().filter(t -> t.name().equals("events")).findFirst().orElseThrow();
        assertEquals("InnoDB", events.engine());
        assertTrue(events.tableBytes() > 4L * 1024 * 1024, "20,000 rows of ~300 bytes: " + events.tableBytes());
        assertTrue(events.estimatedRows() > 15_000 && events.estimatedRows() < 25_000, "estimate " + events.estimatedRows());
        assertTrue(events.freeBytes() != null && events.freeBytes() >= 0);
        assertEquals(events.tableBytes() + events.indexBytes(), events.totalBytes());
        long sum = report.tables().stream().mapToLong(TableSizeRow::totalBytes).sum();
        assertEquals(sum, report.databaseBytes());
        assertTrue(events.shareOfDatabase() > 0.5, "events is most of the database");
        assertNull(report.statsExpirySeconds(), "MariaDB has no information_schema_stats_expiry");
        assertNull(report.statsNote());
        assertTrue(report.serverTime() != null);
    }

    @Test
    void partitionsAreListedUnderTheirTable() throws Exception {
        TableSizeRow measurements = read().tables().stream().filter(t -> t.name().equals("measurements")).findFirst().orElseThrow();
        assertEquals(TableSizeRow.PARTITIONED, measurements.kind());
        assertEquals(List.of("p2025", "p2026"), measurements.partitions().stream().map(TableSizeRow::name).sorted().toList());
        assertTrue(measurements.totalBytes() >= measurements.partitions().stream().mapToLong(TableSizeRow::totalBytes).max().orElse(0));
    }

    @Test
    void statsNoteNamesTheMySqlCacheAge() {
        assertEquals("MySQL caches these sizes and row counts for up to 24 h 00 min (information_schema_stats_expiry = 86400); "
                + "ANALYZE TABLE refreshes one table.", TableSizes.statsNote(86_400L));
        assertNull(TableSizes.statsNote(0L), "0 means always fresh");
    }
}
