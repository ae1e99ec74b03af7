package dev.railyard.ui.migrate;

import dev.railyard.migrate.BaselineOutcome;
import dev.railyard.migrate.ChangedScript;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.migrate.MigrationException;
import dev.railyard.migrate.MigrationFailedException;
import dev.railyard.migrate.MigrationFailure;
import dev.railyard.migrate.RepairOutcome;
import dev.railyard.migrate.Tone;
import dev.railyard.migrate.ValidateOutcome;
import dev.railyard.migrate.ValidationProblem;
import dev.railyard.task.JobCancelledException;
import dev.railyard.ui.ProblemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a migration action did, as the result pane shows it: a title in the action's colour, one
 * line of summary, a list (migrations applied, problems found, rows repaired) and, for a failed
 * migration, the failure in words (statement, server message, what is left in the database).
 *
 * @param profile the profile it ran on
 * @param details monospace text; "" when none
 */
public record ActionResult(Action action, String profile, Tone tone, String title, String summary, List<String> items,
                           String details) {

    public enum Action {
        MIGRATE("Migrate"), VALIDATE("Validate"), REPAIR("Repair"), BASELINE("Baseline");

        private final String displayName;

        Action(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    public ActionResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(tone, "tone");
        items = List.copyOf(items);
        summary = summary == null ? "" : summary;
        details = details == null ? "" : details;
    }

    public boolean failed() {
        return tone == Tone.DANGER;
    }

    static ActionResult migrated(String profile, MigrateOutcome outcome) {
        List<String> items = new ArrayList<>();
        outcome.applied().forEach(m -> items.add(m.label() + " — " + m.description() + " (" + m.executionMillis() + " ms)"));
        outcome.warnings().forEach(w -> items.add("Warning: " + w));
        String title = outcome.applied().isEmpty() ? "Nothing to migrate" : "Migrated " + profile;
        return new ActionResult(Action.MIGRATE, profile, Tone.OK, title, outcome.summary(), items, "");
    }

    static ActionResult validated(String profile, ValidateOutcome outcome) {
        if (outcome.valid()) {
            return new ActionResult(Action.VALIDATE, profile, Tone.OK, "Validation passed", outcome.summary(), List.of(), "");
        }
        int n = outcome.problems().size();
        return new ActionResult(Action.VALIDATE, profile, Tone.DANGER,
                "Validation found " + n + (n == 1 ? " problem" : " problems"),
                "Applied migrations no longer match the files. Restore the files as they were applied, or run Repair to accept"
                        + " the files as they are now.",
                problems(outcome), "");
    }

    static ActionResult repaired(String profile, RepairOutcome outcome) {
        return new ActionResult(Action.REPAIR, profile, Tone.OK,
                outcome.changes().isEmpty() ? "Nothing to repair" : "Repaired Flyway's history table",
                outcome.changes().isEmpty() ? "The history table already matched the files" : "Only the history table changed; your tables did not",
                outcome.changes(), "");
    }

    static ActionResult baselined(String profile, BaselineOutcome outcome) {
        return new ActionResult(Action.BASELINE, profile, outcome.baselined() ? Tone.OK : Tone.WARN,
                outcome.baselined() ? "Baselined at version " + outcome.version() : "Baseline did nothing",
                outcome.summary(), List.of(), "");
    }

    /**
     * A failed action in words: a failed migration with its statement and what is left, a migrate
     * that validation stopped, a refusal, a cancel, or a connection problem.
     *
     * @param thrown the job's own failure (connecting included); null when there is none to show
     * @param problem the job's failure as the shell words it
     */
    static ActionResult failed(Action action, String profile, Throwable thrown, ProblemText problem) {
        Throwable t = thrown == null ? null : ProblemText.unwrap(thrown);
        if (t instanceof MigrationFailedException failed && failed.outcome() != null) {
            MigrateOutcome outcome = failed.outcome();
            MigrationFailure failure = outcome.failure();
            if (failure != null) {
                List<String> items = new ArrayList<>();
                // After a lock timeout, who held the lock comes first: that is what the DBA goes after.
                failure.waitedFor().forEach(holder -> items.add("It waited for a lock held by " + holder));
                if (!outcome.applied().isEmpty()) {
                    items.add("Applied before it, and still applied: " + String.join(", ",
                            outcome.applied().stream().map(m -> m.label() + " " + m.description()).toList()));
                }
                // The headline's facts go to the title and summary; the details keep the rest of inWords().
                String words = failure.inWords();
                String rest = words.startsWith(failure.headline()) ? words.substring(failure.headline().length()).strip() : words;
                if (!failure.waitedFor().isEmpty()) {
                    StringBuilder listed = new StringBuilder("\nIt waited for a lock held by:");
                    failure.waitedFor().forEach(holder -> listed.append("\n  - ").append(holder));
                    rest = rest.replace(listed.toString(), "");
                }
                String where = failure.lineNumber() > 0
                        ? " — at line " + failure.lineNumber() + " of " + (failure.file() == null ? failure.script() : failure.file())
                        : "";
                return new ActionResult(action, profile, Tone.DANGER,
                        "Migration " + failure.label() + " (" + failure.description() + ") failed",
                        failure.serverMessage() + (failure.sqlState() == null ? "" : "  [SQLSTATE " + failure.sqlState() + "]") + where,
                        items, rest);
            }
            if (outcome.blockedBy() != null) {
                return new ActionResult(action, profile, Tone.DANGER, "Migrate did not start: validation failed",
                        "Nothing was applied. Restore the changed files or run Repair, then Migrate again.",
                        problems(outcome.blockedBy()), "");
            }
        }
        if (t instanceof JobCancelledException) {
            return new ActionResult(action, profile, Tone.WARN, action.displayName() + " cancelled",
                    action == Action.MIGRATE ? "Migrations applied before the cancel stay applied; the rest stay pending"
                            : "Stopped before it finished", List.of(), "");
        }
        if (t instanceof MigrationException) {
            return new ActionResult(action, profile, Tone.DANGER, action.displayName() + " did not work", t.getMessage(),
                    List.of(), "");
        }
        ProblemText words = problem != null ? problem : ProblemText.of(t);
        return new ActionResult(action, profile, Tone.DANGER, action.displayName() + " failed: " + words.title(),
                words.summary(), words.fix().isEmpty() ? List.of() : List.of(words.fix()), "");
    }

    /** Each problem in words; a changed checksum with both values, so the DBA sees which file and how. */
    private static List<String> problems(ValidateOutcome outcome) {
        List<String> items = new ArrayList<>();
        for (ValidationProblem problem : outcome.problems()) {
            ChangedScript changed = problem.kind() == ValidationProblem.Kind.CHECKSUM_CHANGED
                    ? outcome.changedScripts().stream().filter(c -> Objects.equals(c.version(), problem.version())).findFirst().orElse(null)
                    : null;
            items.add(changed == null ? problem.inWords() : problem.inWords() + " (file checksum " + changed.fileChecksum()
                    + ", history table " + changed.appliedChecksum() + ")");
        }
        return items;
    }
}
