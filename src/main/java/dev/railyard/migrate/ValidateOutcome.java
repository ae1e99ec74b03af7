package dev.railyard.migrate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What validate found. Pending migrations are not problems; edited, missing, failed and
 * out-of-order ones are.
 *
 * @param validatedCount migrations Flyway checked
 * @param changedScripts applied migrations whose files changed, with both checksums
 */
public record ValidateOutcome(boolean valid, int validatedCount, List<ValidationProblem> problems,
                              List<ChangedScript> changedScripts) {

    public ValidateOutcome {
        problems = List.copyOf(problems);
        changedScripts = List.copyOf(changedScripts);
    }

    /** "All 12 migrations are valid" or "2 problems: V7 checksum changed; V9 applied, but its file ..." */
    public String summary() {
        if (valid) {
            return "All " + validatedCount + " migrations are valid";
        }
        return problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(ValidationProblem::inWords).collect(Collectors.joining("; "));
    }
}
