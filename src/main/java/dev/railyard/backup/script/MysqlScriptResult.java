package dev.railyard.backup.script;

import java.util.List;

/**
 * What a script run did.
 *
 * @param statements   statements sent to the server
 * @param errors       statements the server refused (only when going on after errors)
 * @param notes        statements skipped or changed, and why
 * @param firstComment the script's first comment line ("-- MariaDB dump 10.19 ..."), null when none
 * @param lastComment  the last comment after the last statement ("-- Dump completed on ..."), null when none
 * @param parallel     rows were loaded on several connections
 */
public record MysqlScriptResult(long statements, List<MysqlScriptError> errors, List<String> notes,
                                String firstComment, String lastComment, boolean parallel) {

    public MysqlScriptResult {
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
    }

    public boolean succeeded() {
        return errors.isEmpty();
    }

    /** mysqldump, mariadb-dump and Railyard end their files with "-- Dump completed". */
    public boolean endsLikeACompleteDump() {
        return lastComment != null && lastComment.startsWith("-- Dump completed");
    }
}
