package dev.railyard.migrate.check;

import java.util.List;

/**
 * The result of {@code railyard migrate check} and of the Migrations tab's check: every pending
 * migration with its statements, locks, live facts and findings.
 *
 * @param longTransactions transactions in the database open longer than the threshold, when the check ran
 * @param notes            what the check could not look at, or found worth saying
 */
public record CheckReport(String database, List<ScriptCheck> scripts, List<LockHolder> longTransactions,
                          List<String> notes) {

    public CheckReport {
        scripts = List.copyOf(scripts);
        longTransactions = List.copyOf(longTransactions);
        notes = List.copyOf(notes);
    }

    public Verdict verdict() {
        return scripts.stream().map(ScriptCheck::verdict).reduce(Verdict.SAFE, Verdict::worst);
    }

    /** "2 pending migrations, 5 statements: 1 dangerous, 1 risky". */
    public String summary() {
        if (scripts.isEmpty()) {
            return "No pending migrations: nothing to check";
        }
        long statements = scripts.stream().mapToLong(s -> s.statements().size()).sum();
        long dangerous = scripts.stream().filter(s -> s.verdict() == Verdict.DANGEROUS).count();
        long risky = scripts.stream().filter(s -> s.verdict() == Verdict.RISKY).count();
        String head = scripts.size() + " pending migration" + (scripts.size() == 1 ? "" : "s") + ", " + statements
                + " statement" + (statements == 1 ? "" : "s");
        if (dangerous == 0 && risky == 0) {
            return head + ": all safe";
        }
        return head + ": " + (dangerous > 0 ? dangerous + " dangerous" : "")
                + (dangerous > 0 && risky > 0 ? ", " : "") + (risky > 0 ? risky + " risky" : "");
    }
}
