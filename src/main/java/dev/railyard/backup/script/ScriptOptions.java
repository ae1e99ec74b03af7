package dev.railyard.backup.script;

/**
 * How a script runs.
 *
 * @param singleTransaction all or nothing: one transaction, rolled back on failure (default)
 * @param stopOnError       stop at the first error (default); otherwise go on and list the errors
 * @param maxErrors         errors kept in the result when going on; later ones are only counted
 * @param parallelism       connections that build indexes and key constraints at the same time,
 *                          as pg_restore -j does; only without a single transaction (default 1)
 */
public record ScriptOptions(boolean singleTransaction, boolean stopOnError, int maxErrors, int parallelism) {

    public ScriptOptions {
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be positive");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static ScriptOptions defaults() {
        return new ScriptOptions(true, true, 200, 1);
    }

    public ScriptOptions withSingleTransaction(boolean value) {
        return new ScriptOptions(value, stopOnError, maxErrors, parallelism);
    }

    public ScriptOptions withStopOnError(boolean value) {
        return new ScriptOptions(singleTransaction, value, maxErrors, parallelism);
    }

    public ScriptOptions withParallelism(int value) {
        return new ScriptOptions(singleTransaction, stopOnError, maxErrors, value);
    }
}
