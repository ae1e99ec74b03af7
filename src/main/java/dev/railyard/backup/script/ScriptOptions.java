package dev.railyard.backup.script;

/**
 * How a script runs.
 *
 * @param singleTransaction all or nothing: one transaction, rolled back on failure (default)
 * @param stopOnError       stop at the first error (default); otherwise go on and list the errors
 * @param maxErrors         errors kept in the result when going on; later ones are only counted
 * @param parallelism       connections that build indexes and key constraints at the same time,
 *                          as pg_restore -j does; only without a single transaction (default 1)
 * @param ending            how the end of the script is checked (a truncated dump lacks its last line)
 */
public record ScriptOptions(boolean singleTransaction, boolean stopOnError, int maxErrors, int parallelism, Ending ending) {

    /** What the end of the script must look like. */
    public enum Ending {
        /** A script that starts like a dump must end with the dump's closing line (default). */
        AS_ITS_HEADER_SAYS,
        /** The closing line must be there: the last part of a dump read in parts. */
        CLOSING_LINE_REQUIRED,
        /** A part of a dump that is not its end: no check. */
        NOT_CHECKED
    }

    public ScriptOptions {
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be positive");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        ending = ending == null ? Ending.AS_ITS_HEADER_SAYS : ending;
    }

    public static ScriptOptions defaults() {
        return new ScriptOptions(true, true, 200, 1, Ending.AS_ITS_HEADER_SAYS);
    }

    public ScriptOptions withSingleTransaction(boolean value) {
        return new ScriptOptions(value, stopOnError, maxErrors, parallelism, ending);
    }

    public ScriptOptions withStopOnError(boolean value) {
        return new ScriptOptions(singleTransaction, value, maxErrors, parallelism, ending);
    }

    public ScriptOptions withParallelism(int value) {
        return new ScriptOptions(singleTransaction, stopOnError, maxErrors, value, ending);
    }

    public ScriptOptions withEnding(Ending value) {
        return new ScriptOptions(singleTransaction, stopOnError, maxErrors, parallelism, value);
    }
}
