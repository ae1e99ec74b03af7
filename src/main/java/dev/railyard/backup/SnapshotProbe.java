package dev.railyard.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a backup engine reads besides the dump, on its first connection and inside its snapshot,
 * and what it tells its caller before the data moves. {@link BackupService} supplies one that reads
 * the migration history; engines run with {@link #NONE} in tests and benchmarks.
 */
public interface SnapshotProbe {

    /** Reads nothing, hears nothing. */
    SnapshotProbe NONE = new SnapshotProbe() { };

    /**
     * The schema migration head as the connection's snapshot sees it, or empty when the database
     * keeps no history. A PostgreSQL engine calls this inside a savepoint, so a failure here
     * leaves its transaction usable.
     */
    default Optional<String> migrationHead(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /** The bytes of table data the backup is about to read, as the catalog reports them, once known. */
    default void dataBytes(long bytes) {
    }
}
