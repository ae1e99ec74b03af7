package dev.railyard.backup.script;

/**
 * How a script runs.
 *
 * @param singleTransaction all or nothing: one transaction, rolled back on failure (default)
 * @param stopOnError       stop at the first error (default); otherwise go on and list the errors
 * @param maxErrors         errors kept in the result when going on; later ones are only counted
 */
public record ScriptOptions(boolean singleTransaction, boolean stopOnError, int maxErrors) {

    public ScriptOptions {
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be positive");
        }
    }

    public static ScriptOptions defaults() {
        return new ScriptOptions(true, true, 200);
    }

    public ScriptOptions withSingleTransaction(boolean value) {
        return new ScriptOptions(value, stopOnError, maxErrors);
    }

    public ScriptOptions withStopOnError(boolean value) {
        return new ScriptOptions(singleTransaction, value, maxErrors);
    }
}
