package dev.railyard.guard;

/**
 * The actions that change or interrupt what a database holds or runs. On a production target
 * each needs the database name typed back (see {@link ProductionGuard}).
 */
public enum GuardedAction {
    MIGRATE("migrate"),
    REPAIR("repair the migration history of"),
    BASELINE("baseline"),
    /** Back up, verify, then migrate or run the release command: covers {@link #MIGRATE}. */
    RELEASE("release to"),
    /** Restore into the existing database: covers {@link #CLEAN}. */
    RESTORE_OVER("restore over"),
    CLEAN("drop the objects of"),
    CANCEL_SESSION("cancel a statement on"),
    TERMINATE_SESSION("terminate a session on"),
    RESET_STATISTICS("reset the statistics of"),
    /** A read-write SQL console session: covers {@link #EXPLAIN_ANALYZE}. */
    SQL_WRITE("write to"),
    /** EXPLAIN ANALYZE executes the statement (in a transaction that is rolled back). */
    EXPLAIN_ANALYZE("run EXPLAIN ANALYZE (which executes the statement) on");

    private final String verb;

    GuardedAction(String verb) {
        this.verb = verb;
    }

    /** "restore over", to be followed by the database: "restore over the production database shop". */
    public String verb() {
        return verb;
    }

    /** True when a clearance for this action also allows {@code other}. */
    public boolean covers(GuardedAction other) {
        return this == other
                || (this == RELEASE && other == MIGRATE)
                || (this == RESTORE_OVER && other == CLEAN)
                || (this == SQL_WRITE && other == EXPLAIN_ANALYZE);
    }
}
