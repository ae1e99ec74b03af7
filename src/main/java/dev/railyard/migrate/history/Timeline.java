package dev.railyard.migrate.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Flyway's and other tools' history in one list, oldest first. Entries without a time (pending
 * ones, Alembic's head, Sequelize names without a date) follow the dated ones, in the order their
 * sources listed them; entries with the same time keep their sources' order too.
 */
public record Timeline(List<HistoryEntry> entries) {

    public Timeline {
        entries = List.copyOf(entries);
    }

    public static Timeline merge(Collection<? extends Collection<HistoryEntry>> sources) {
        List<HistoryEntry> all = new ArrayList<>();
        sources.forEach(all::addAll);
        // List.sort is stable: equal times and undated entries keep their sources' order.
        all.sort(Comparator.comparing(HistoryEntry::when, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Timeline(all);
    }

    @SafeVarargs
    public static Timeline merge(List<HistoryEntry>... sources) {
        return merge(List.of(sources));
    }

    public List<HistoryEntry> failures() {
        return entries.stream().filter(e -> e.status() == EntryStatus.FAILED).toList();
    }

    public List<HistoryTool> tools() {
        return entries.stream().map(HistoryEntry::tool).distinct().toList();
    }
}
