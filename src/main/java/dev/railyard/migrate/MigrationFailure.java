package dev.railyard.migrate;

import java.util.List;

/**
 * Why a migration failed, worded for a DBA: the script and statement, the server's message,
 * and what is left in the database (PostgreSQL rolls transactional DDL back; MySQL and MariaDB
 * commit each DDL statement on its own, so earlier statements of the script may have applied).
 *
 * @param file            the script's path on disk, or its classpath location; null if unknown
 * @param statement       the failing statement as sent, without leading comments; null if unknown
 * @param lineNumber      line of the failing statement in the script; -1 if unknown
 * @param sqlState        SQLSTATE from the server; null if none
 * @param errorCode       the server's vendor error code; 0 if none
 * @param serverMessage   the server's own message
 * @param rolledBack      true when the whole migration was rolled back and nothing of it is left
 * @param mayHaveApplied  statements of this script that ran before the failure and may still be in
 *                        the database (empty when rolled back)
 * @param recordedAsFailed true when Flyway left a failed row in its history table (repair removes it)
 * @param note            the dialect-specific explanation of what is left in the database
 * @param nextStep        what to do now
 * @param waitedFor       when the statement gave up waiting for a lock (lock or statement timeout): the
 *                        sessions that held it, described with pid, state, since when and query
 */
public record MigrationFailure(
        String version,
        String description,
        String script,
        String file,
        String statement,
        int lineNumber,
        String sqlState,
        int errorCode,
        String serverMessage,
        boolean rolledBack,
        List<String> mayHaveApplied,
        boolean recordedAsFailed,
        String note,
        String nextStep,
        List<String> waitedFor) {

    public MigrationFailure {
        mayHaveApplied = List.copyOf(mayHaveApplied);
        waitedFor = waitedFor == null ? List.of() : List.copyOf(waitedFor);
    }

    public String label() {
        return version == null ? "Repeatable " + script : "V" + version;
    }

    /** "V2 (add orders) failed at line 5 of /db/V2__add_orders.sql: ERROR: relation "nope" does not exist". */
    public String headline() {
        StringBuilder s = new StringBuilder(label()).append(" (").append(description).append(") failed");
        if (lineNumber > 0) {
            s.append(" at line ").append(lineNumber).append(" of ").append(file == null ? script : file);
        }
        s.append(": ").append(serverMessage);
        if (sqlState != null) {
            s.append(" [SQLSTATE ").append(sqlState).append(']');
        }
        return s.toString();
    }

    /** Several lines: headline, statement, what is left, what to do. */
    public String inWords() {
        StringBuilder s = new StringBuilder(headline());
        if (statement != null) {
            s.append("\nFailing statement:\n  ").append(statement.replace("\n", "\n  "));
        }
        if (!waitedFor.isEmpty()) {
            s.append("\nIt waited for a lock held by:");
            waitedFor.forEach(holder -> s.append("\n  - ").append(holder));
        }
        s.append('\n').append(note);
        for (String applied : mayHaveApplied) {
            s.append("\n  - ").append(applied.replace("\n", " "));
        }
        s.append('\n').append(nextStep);
        return s.toString();
    }
}
