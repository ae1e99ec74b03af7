package dev.railyard.backup.script;

/**
 * How {@link MysqlScriptRunner} runs a script.
 *
 * @param stopOnFirstError stop at the first statement the server refuses (default); else go on and list the errors
 * @param parallelLoads    connections that load table rows side by side, for Railyard's own dumps; 1 for none
 * @param retarget         restore into the connection's database whatever the script says: skip its
 *                         {@code CREATE DATABASE}, {@code USE} and {@code DROP DATABASE}, and drop the
 *                         name from {@code ALTER DATABASE `x`}
 * @param rewrite          applied to each statement before it runs (cross-flavour mapping); null for none
 */
public record MysqlScriptOptions(boolean stopOnFirstError, int parallelLoads, boolean retarget, StatementRewrite rewrite) {

    public MysqlScriptOptions(boolean stopOnFirstError, int parallelLoads, boolean retarget) {
        this(stopOnFirstError, parallelLoads, retarget, null);
    }

    public MysqlScriptOptions {
        if (parallelLoads < 1 || parallelLoads > 32) {
            throw new IllegalArgumentException("parallelLoads must be 1 to 32, not " + parallelLoads);
        }
    }

    /** Stop on the first error, retarget, two loading connections. */
    public static MysqlScriptOptions defaults() {
        return new MysqlScriptOptions(true, 2, true);
    }

    public MysqlScriptOptions withStopOnFirstError(boolean value) {
        return new MysqlScriptOptions(value, parallelLoads, retarget, rewrite);
    }

    public MysqlScriptOptions withParallelLoads(int value) {
        return new MysqlScriptOptions(stopOnFirstError, value, retarget, rewrite);
    }

    public MysqlScriptOptions withRetarget(boolean value) {
        return new MysqlScriptOptions(stopOnFirstError, parallelLoads, value, rewrite);
    }

    public MysqlScriptOptions withRewrite(StatementRewrite value) {
        return new MysqlScriptOptions(stopOnFirstError, parallelLoads, retarget, value);
    }
}
