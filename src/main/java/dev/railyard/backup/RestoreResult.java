package dev.railyard.backup;

import dev.railyard.backup.script.ScriptResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished restore.
 *
 * @param file            what was restored
 * @param target          where, without secrets: user@host:port/database
 * @param database        the database restored into
 * @param createdDatabase true when the restore created that database
 * @param engine          "railyard-builtin", "psql" or "pg_restore"
 * @param verification    what was checked before running ("sha256 matches the manifest", ...)
 * @param script          statements, rows and errors (for the built-in runner; null for native tools)
 * @param notes           remarks for the log
 * @param duration        wall time
 */
public record RestoreResult(Path file, String target, String database, boolean createdDatabase, String engine,
                            String verification, ScriptResult script, List<String> notes, Duration duration) {

    public RestoreResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
