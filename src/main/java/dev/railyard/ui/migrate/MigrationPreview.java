package dev.railyard.ui.migrate;

import dev.railyard.migrate.check.CheckReport;
import dev.railyard.migrate.check.Finding;
import dev.railyard.migrate.check.LockHolder;
import dev.railyard.migrate.check.ScriptCheck;
import dev.railyard.migrate.check.StatementCheck;
import dev.railyard.migrate.check.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the confirmation before a migration shows: the pending migrations with their SQL and, on
 * PostgreSQL, the check's findings against the live database (read by a job just before).
 *
 * @param items            the pending migrations in the order they would run
 * @param report           the check's report; null when the database's rules are not known to the check
 * @param notes            what could not be checked, and why
 */
public record MigrationPreview(String profile, List<Item> items, CheckReport report, List<String> notes) {

    /** One pending migration: its SQL, and its check when there is one. */
    public record Item(String tool, String name, String sql, ScriptCheck check) {

        public Item {
            Objects.requireNonNull(name, "name");
            sql = sql == null ? "" : sql;
        }

        /** Null when not checked. */
        public Verdict verdict() {
            return check == null ? null : check.verdict();
        }
    }

    public MigrationPreview {
        items = List.copyOf(items);
        notes = List.copyOf(notes);
    }

    public boolean checked() {
        return report != null;
    }

    /** The worst verdict of all, or null when nothing was checked. */
    public Verdict verdict() {
        return report == null ? null : report.verdict();
    }

    public List<LockHolder> longTransactions() {
        return report == null ? List.of() : report.longTransactions();
    }

    /** "2 pending migrations, 5 statements: 1 dangerous"; without a check, the count alone. */
    public String summary() {
        if (report != null) {
            return report.summary();
        }
        return items.isEmpty() ? "No pending migrations" : items.size() + " pending migration" + (items.size() == 1 ? "" : "s")
                + " (not checked)";
    }

    /** Every finding of a script, its own and its statements', worst first. */
    public static List<Finding> findings(ScriptCheck check) {
        if (check == null) {
            return List.of();
        }
        java.util.ArrayList<Finding> all = new java.util.ArrayList<>(check.findings());
        check.statements().forEach(s -> all.addAll(s.findings()));
        all.sort(Comparator.comparing(Finding::verdict).reversed());
        return all;
    }

    /** "dangerous: Index built without CONCURRENTLY (+1 more)"; "safe"; "" when not checked. */
    public static String shortReason(ScriptCheck check) {
        if (check == null) {
            return "";
        }
        List<Finding> findings = findings(check).stream().filter(f -> f.verdict() != Verdict.SAFE).toList();
        if (findings.isEmpty()) {
            return check.verdict().displayName();
        }
        return check.verdict().displayName() + ": " + findings.get(0).rule().title()
                + (findings.size() > 1 ? " (+" + (findings.size() - 1) + " more)" : "");
    }

    /** The statement a finding belongs to, for its lock and live facts; empty for a script-wide finding. */
    public static Optional<StatementCheck> statementOf(ScriptCheck check, Finding finding) {
        return check.statements().stream().filter(s -> s.findings().contains(finding)).findFirst();
    }
}
