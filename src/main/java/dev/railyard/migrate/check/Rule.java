package dev.railyard.migrate.check;

/** What the check looks for; the id is stable for scripts that read {@code --json}. */
public enum Rule {
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently", "Index built without CONCURRENTLY"),
    CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", "CONCURRENTLY inside a transaction"),
    VOLATILE_DEFAULT("volatile-default", "New column with a volatile default"),
    TYPE_CHANGE_REWRITE("type-change-rewrite", "Column type change that rewrites the table"),
    SET_NOT_NULL_SCAN("set-not-null-scan", "SET NOT NULL without a validated CHECK"),
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid", "FOREIGN KEY or CHECK added without NOT VALID"),
    KEY_WITHOUT_USING_INDEX("key-without-using-index", "PRIMARY KEY or UNIQUE added without USING INDEX"),
    DESTRUCTIVE("destructive", "Drops or empties a table or column"),
    RENAME("rename", "Renames a table or column the running app uses"),
    TABLE_REWRITE("table-rewrite", "Rewrites the whole table under ACCESS EXCLUSIVE"),
    REINDEX_WITHOUT_CONCURRENTLY("reindex-without-concurrently", "REINDEX without CONCURRENTLY"),
    INT_KEY_EXHAUSTION("int-key-exhaustion", "Integer primary key close to its maximum"),
    RISKY_STATEMENTS_IN_ONE_TRANSACTION("risky-statements-in-one-transaction", "Several risky statements in one transaction"),
    LOCK_QUEUE("lock-queue", "Another session holds a conflicting lock now"),
    WRAPAROUND_VACUUM("wraparound-vacuum", "Autovacuum to prevent wraparound runs on the table"),
    LONG_TRANSACTIONS("long-transactions", "Long transactions that a concurrent build waits for"),
    MYSQL_COPY("mysql-copy", "ALTER that copies the table (ALGORITHM=COPY)"),
    MYSQL_REBUILD("mysql-rebuild", "ALTER or OPTIMIZE TABLE that rebuilds the table"),
    MYSQL_FOREIGN_KEY("mysql-foreign-key", "Foreign key added with foreign_key_checks on");

    private final String id;
    private final String title;

    Rule(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }
}
