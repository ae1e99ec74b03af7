package dev.railyard.migrate;

import java.util.List;

/**
 * What repair changed in Flyway's history table, each as a sentence: "Removed the failed row of
 * V5 (add orders)", "Realigned the checksum of V7 (add index) with its file".
 */
public record RepairOutcome(List<String> changes) {

    public RepairOutcome {
        changes = List.copyOf(changes);
    }

    public String summary() {
        return changes.isEmpty() ? "Nothing to repair" : String.join("; ", changes);
    }
}
