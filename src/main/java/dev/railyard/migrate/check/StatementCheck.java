package dev.railyard.migrate.check;

import java.util.List;

/**
 * One statement of a pending migration, checked.
 *
 * @param line          line in the script where it starts
 * @param sql           the statement as written, without its semicolon
 * @param table         the table it works on, as written; null when none
 * @param lock          the strongest table lock it takes on {@code table}
 * @param rewrites      true when it writes the whole table anew
 * @param scans         true when it reads the whole table (to build an index or validate a constraint)
 * @param inTransaction true when the migration tool runs it inside a transaction
 * @param facts         the live facts of {@code table}; null when there is no table
 * @param algorithm     MySQL: how the server runs the ALTER ("INSTANT", "INPLACE", "COPY"); null on PostgreSQL
 *                      and for other statements
 */
public record StatementCheck(int line, String sql, String table, PgLock lock, boolean rewrites, boolean scans,
                             boolean inTransaction, TableFacts facts, List<Finding> findings, String algorithm) {

    public StatementCheck {
        findings = List.copyOf(findings);
    }

    /** A PostgreSQL statement's check. */
    public StatementCheck(int line, String sql, String table, PgLock lock, boolean rewrites, boolean scans,
                          boolean inTransaction, TableFacts facts, List<Finding> findings) {
        this(line, sql, table, lock, rewrites, scans, inTransaction, facts, findings, null);
    }

    public Verdict verdict() {
        return findings.stream().map(Finding::verdict).reduce(Verdict.SAFE, Verdict::worst);
    }

    /** "SHARE on public.big (blocks writes ...), scans the table". */
    public String lockInWords() {
        if (algorithm != null) {
            String on = facts != null && facts.exists() ? facts.qualifiedName() : table;
            return algorithm + " on " + on + switch (algorithm) {
                case "COPY" -> " (copies the table; writes wait for the whole copy, reads go on)";
                case "INPLACE" -> rewrites ? " (rebuilds the table; reads and writes go on)" : " (reads and writes go on)";
                default -> " (metadata only)";
            } + ", exclusive metadata lock at start and end";
        }
        if (lock == PgLock.NONE || table == null) {
            return "no table lock";
        }
        String on = facts != null && facts.exists() ? facts.qualifiedName() : table;
        StringBuilder s = new StringBuilder(lock.sqlName()).append(" on ").append(on).append(" (").append(lock.blocks()).append(')');
        if (rewrites) {
            s.append(", rewrites the table");
        } else if (scans) {
            s.append(", scans the table");
        }
        return s.toString();
    }
}
