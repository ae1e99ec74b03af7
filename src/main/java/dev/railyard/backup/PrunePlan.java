package dev.railyard.backup;

import java.util.List;

/**
 * What pruning would do, shown before anything goes.
 *
 * @param remove backups the policy lets go, each with why
 * @param keep   backups that stay, each with why
 */
public record PrunePlan(String profile, RetentionPolicy policy, List<Decision> remove, List<Decision> keep) {

    public record Decision(CatalogEntry entry, String reason) {
    }

    public PrunePlan {
        remove = List.copyOf(remove);
        keep = List.copyOf(keep);
    }

    public long bytesFreed() {
        return remove.stream().mapToLong(d -> d.entry().size()).sum();
    }
}
