package dev.railyard.ui;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Databases;
import dev.railyard.profile.ConnectionStringException;
import dev.railyard.profile.SecretStoreException;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobRunner;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failure as a view shows it: a short title ("Connection refused"), what failed and where,
 * and what to do. Never a stack trace; the log has that.
 *
 * @param fix "" when there is no advice beyond the summary
 */
public record ProblemText(String title, String summary, String fix) {

    public ProblemText {
        title = title == null ? "" : title;
        summary = summary == null ? "" : summary;
        fix = fix == null ? "" : fix;
    }

    /** Words for any failure a job or a store may end with. */
    public static ProblemText of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof Databases.UnreachableException unreachable) {
            t = unreachable.problem();
        }
        if (t instanceof ConnectionProblem problem) {
            return new ProblemText(problem.kind().displayName(), problem.summary(), problem.fix());
        }
        if (t instanceof JobCancelledException) {
            return new ProblemText("Cancelled", "Stopped before it finished", "");
        }
        if (t instanceof ConnectionStringException) {
            return new ProblemText("Cannot read the connection", JobRunner.describe(t), "");
        }
        if (t instanceof SecretStoreException) {
            return new ProblemText("Password store problem", JobRunner.describe(t), "");
        }
        return new ProblemText("Something went wrong", JobRunner.describe(t), "The log has the details");
    }

    /** The failure itself, out of the wrappers futures put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** "No answer — No answer from host:5432 within 10 s"; just the summary when it starts with the title. */
    public String oneLine() {
        if (summary.isEmpty()) {
            return title;
        }
        // "Connection refused by host:port …" already says what the title would.
        return summary.regionMatches(true, 0, title, 0, title.length()) ? summary : title + " — " + summary;
    }
}
