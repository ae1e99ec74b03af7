package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import java.time.Instant;
import java.util.List;

/**
 * The Indexes view: every index, how tables are read, and findings with the DDL that would fix them.
 *
 * @param statsSince when the scan counters started (PostgreSQL stats_reset, MySQL server start);
 *                   null when unknown. "Unused" means unused since then.
 * @param notes      limits of this report in plain words ("performance_schema is off: ...")
 */
public record IndexReport(
        Dialect dialect,
        List<IndexRow> indexes,
        List<TableScanRow> tables,
        List<Finding> findings,
        Instant statsSince,
        List<String> notes) {

    public IndexReport {
        indexes = List.copyOf(indexes);
        tables = List.copyOf(tables);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    public List<Finding> findings(FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
