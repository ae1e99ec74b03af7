package dev.railyard.backup.mysql;

import dev.railyard.backup.script.MysqlScriptResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished MySQL restore.
 *
 * @param file            what was restored
 * @param target          where, without secrets: user@host:port/database
 * @param database        the database restored into
 * @param createdDatabase true when the restore created that database
 * @param engine          "railyard-builtin" or the native client's name
 * @param verification    what was checked before running
 * @param script          statements and errors (Railyard's runner; null for the native client)
 * @param notes           remarks for the log
 * @param duration        wall time
 */
public record MysqlRestoreResult(Path file, String target, String database, boolean createdDatabase, String engine,
                                 String verification, MysqlScriptResult script, List<String> notes, Duration duration) {

    public MysqlRestoreResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public List<String> errors() {
        return script == null ? List.of() : script.errors().stream().map(e -> e.describe()).toList();
    }
}
