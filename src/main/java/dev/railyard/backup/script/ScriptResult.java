package dev.railyard.backup.script;

import java.time.Duration;
import java.util.List;

/**
 * What a script run did.
 *
 * @param statements  SQL statements run (COPY included)
 * @param copies      COPY ... FROM stdin blocks loaded
 * @param rows        rows loaded by those COPYs
 * @param errors      errors met while going on (empty when stopping at the first error succeeded)
 * @param errorCount  all errors, including those not kept in {@code errors}
 * @param notes       lines skipped or accepted with a remark (\restrict, transaction_timeout on old servers)
 * @param duration    wall time
 */
public record ScriptResult(long statements, long copies, long rows, List<ScriptError> errors, long errorCount,
                           List<String> notes, Duration duration) {

    public ScriptResult {
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
    }

    public boolean succeeded() {
        return errorCount == 0;
    }

    /** One failed statement: where, what, and the server's words. */
    public record ScriptError(int line, String statement, String sqlState, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message + (sqlState == null ? "" : " [" + sqlState + "]") + " — " + statement;
        }
    }
}
