package dev.railyard.inspect;

/**
 * How a table is read, for the "read mostly by sequential scans" finding.
 *
 * @param sequentialScans PostgreSQL seq_scan; null on MySQL, which counts rows, not scans
 * @param sequentialRows  rows read by sequential (full) scans
 * @param indexScans      PostgreSQL idx_scan; on MySQL the rows read through any index
 * @param liveRows        the estimated row count
 */
public record TableScanRow(String schema, String table, Long sequentialScans, Long sequentialRows,
                           Long indexScans, Long liveRows) {

    public String qualifiedName() {
        return schema + "." + table;
    }
}
