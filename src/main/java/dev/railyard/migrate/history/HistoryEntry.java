package dev.railyard.migrate.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One migration in some tool's history, in a shape common to all tools.
 *
 * @param tool     which tool recorded it
 * @param table    the history table it came from ("public._prisma_migrations")
 * @param when     when it ran, or the best time the tool keeps (see detail); null when the tool keeps none
 * @param name     what ran: the migration's name or file
 * @param version  the tool's version or key for it, when it has one; else null
 * @param status   succeeded / failed / rolled back where the tool records it
 * @param detail   a short note: logs, author, batch, where the time came from
 * @param checksum the checksum or hash the tool stored; null when none
 */
public record HistoryEntry(
        HistoryTool tool,
        String table,
        Instant when,
        String name,
        String version,
        EntryStatus status,
        String detail,
        String checksum) {

    public HistoryEntry {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        name = name == null ? "" : name;
        detail = detail == null ? "" : detail;
    }
}
