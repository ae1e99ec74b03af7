package dev.railyard.migrate.check;

/** How the tool that owns a migration runs its statements, which decides what a CONCURRENTLY can do. */
public enum TransactionMode {
    /** Flyway: one transaction per script, unless the script holds only statements that cannot run in one. */
    FLYWAY("Flyway runs each script in a transaction"),
    /** Flyway with {@code executeInTransaction=false} in the script's .conf file. */
    NONE("runs without a transaction"),
    /** Prisma sends migration.sql as one multi-statement query, which PostgreSQL runs as one transaction. */
    ONE_QUERY("Prisma sends the file as one query: one implicit transaction"),
    /** Drizzle's migrator runs every pending file inside one transaction. */
    ALL_PENDING("Drizzle's migrator runs all pending files in one transaction"),
    /** A hand-rolled runner: only an explicit BEGIN in the file is known. */
    RUNNER("the runner decides; only an explicit BEGIN in the file is known");

    private final String description;

    TransactionMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
