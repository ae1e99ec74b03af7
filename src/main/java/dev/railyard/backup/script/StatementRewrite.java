package dev.railyard.backup.script;

/**
 * Changes a statement of a script before it runs (the cross-flavour mapping), or skips it.
 * Applied by {@link MysqlScriptRunner} after the retarget option, to every statement.
 */
@FunctionalInterface
public interface StatementRewrite {

    /** The statement to run instead; null to skip it. */
    MysqlStatement apply(MysqlStatement statement);
}
