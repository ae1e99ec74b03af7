package dev.railyard.ui.plan;

import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.console.ExplainResult;
import dev.railyard.console.StatementParameters;
import dev.railyard.db.ConnectFailure;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.Protection;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobContext;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Confirmation;
import dev.railyard.ui.shell.ActiveConnection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Explains one statement on the profile selected when it was made, as a job: a console session of
 * its own (read-only on production, by the server), never the FX thread.
 *
 * <p>A normalised statement ({@code $1}, {@code ?}) gets PostgreSQL 16+'s generic plan at once;
 * elsewhere, and for EXPLAIN ANALYZE, which must run it, {@link #valuesNeededProperty()} asks the
 * view for the values, prefilled. EXPLAIN ANALYZE executes the statement inside a transaction that
 * is rolled back; on production the core refuses it without the database name typed back
 * ({@link #analyzeConfirmation()}, {@link #analyze(String)}).
 */
public final class ExplainModel {

    /** How an explain job ended: a plan, or the parameters it needs values for. */
    private sealed interface Outcome permits Planned, NeedsValues {
    }

    private record Planned(ExplainResult plan) implements Outcome {
    }

    private record NeedsValues(StatementParameters parameters) implements Outcome {
    }

    private final ActiveConnection connection;
    private final ConnectionProfile profile;
    private final String statement;
    private final String source;
    private final ReadOnlyObjectWrapper<ExplainResult> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ProblemText> problem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ParameterValues> valuesNeeded = new ReadOnlyObjectWrapper<>();
    /** The values given for the statement's parameters; null until the user gave some. */
    private List<String> values;
    /** What runs once the values come: an analyse (with its clearance) or a plain explain. */
    private boolean pendingAnalyze;
    private Clearance pendingClearance;
    private RunningJob<Outcome> job;

    /**
     * @param statement the statement to explain, as the server keeps it (it may have $n or ? parameters)
     * @param source    where it comes from, for the window's title: "Queries", "session 4711"
     */
    public ExplainModel(ActiveConnection connection, String statement, String source) {
        this.connection = connection;
        this.profile = Objects.requireNonNull(connection.profile(), "No connection is selected");
        this.statement = statement.strip();
        this.source = source;
    }

    public String statement() {
        return statement;
    }

    public ConnectionProfile profile() {
        return profile;
    }

    /** "Plan of a statement from Queries on shop-prod" */
    public String title() {
        return "Plan · " + source + " · " + profile.name();
    }

    /** The plan shown; null before the first or while none came. */
    public ReadOnlyObjectProperty<ExplainResult> planProperty() {
        return plan.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What happens or happened, in one sentence. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last explain failed; null after a good one. */
    public ReadOnlyObjectProperty<ProblemText> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Set when the statement's parameters need values: the view asks, then calls {@link #giveValues} or {@link #declineValues}. */
    public ReadOnlyObjectProperty<ParameterValues> valuesNeededProperty() {
        return valuesNeeded.getReadOnlyProperty();
    }

    /** True while the values asked for are for EXPLAIN ANALYZE (which runs the statement with them). */
    public boolean pendingAnalyze() {
        return valuesNeeded.get() != null && pendingAnalyze;
    }

    /** The plan without running the statement: the generic plan of a normalised statement on PostgreSQL 16+. */
    public void explain() {
        start(false, null, false);
    }

    /**
     * The question before EXPLAIN ANALYZE on production (the database name to type), or null
     * elsewhere: there it runs at a click, rolled back all the same.
     */
    public Confirmation analyzeConfirmation() {
        Protection protection = connection.guard().protectionOf(profile);
        if (!protection.production()) {
            return null;
        }
        return new Confirmation("Explain analyze", "Run this statement on " + profile.name() + " to measure it?",
                "EXPLAIN ANALYZE executes the statement for real, inside a transaction that is rolled back afterwards."
                        + " Its reads load the server like any query, its locks are held until the rollback, and what a"
                        + " rollback cannot undo (sequences, functions with side effects) stays done. " + protection.reason()
                        + ": type the database name " + protection.confirmationWord() + " to confirm.",
                statement, protection.confirmationWord(), "Explain analyze", true);
    }

    /**
     * EXPLAIN ANALYZE: runs the statement in a transaction that is rolled back.
     *
     * @param typed the database name typed back on production (null elsewhere); the core's guard refuses without it
     */
    public void analyze(String typed) {
        Clearance clearance = connection.guard().protectionOf(profile).production()
                ? connection.guard().clear(profile, GuardedAction.EXPLAIN_ANALYZE, typed) : null;
        start(true, clearance, false);
    }

    /** The values the user gave for the parameters: runs what was waiting for them. */
    public void giveValues(List<String> given) {
        ParameterValues asked = valuesNeeded.get();
        valuesNeeded.set(null);
        if (asked == null) {
            return;
        }
        values = List.copyOf(given);
        start(pendingAnalyze, pendingClearance, true);
    }

    /** The user closed the question without values. */
    public void declineValues() {
        if (valuesNeeded.get() != null) {
            valuesNeeded.set(null);
            status.set("Not explained: the statement's parameters need values.");
        }
    }

    /** Stops a running explain (and its statement on the server). */
    public void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    /** @param valuesConfirmed the user just gave the parameters' values (EXPLAIN ANALYZE asks every time: it runs them) */
    private void start(boolean analyze, Clearance clearance, boolean valuesConfirmed) {
        if (running.get()) {
            return;
        }
        if (!profile.equals(connection.profile())) {
            status.set("Another connection is selected now: explain from " + profile.name() + "'s tabs again.");
            return;
        }
        StatementParameters parameters = StatementParameters.of(statement, profile.dialect());
        if (!parameters.isEmpty() && analyze && !valuesConfirmed) {
            ask(parameters, true, clearance); // EXPLAIN ANALYZE runs the statement with them: the user sees them first
            return;
        }
        List<String> given = values;
        running.set(true);
        problem.set(null);
        status.set((analyze ? "Running EXPLAIN ANALYZE on " : "Explaining on ") + profile.name() + "…");
        // The window belongs to its profile: its outcome comes even after the sidebar moved on (which
        // cancels running reads), so the window never stays "running" with nothing coming.
        job = connection.submitForProfile(JobSpec.Access.READ, (analyze ? "Explain analyze on " : "Explain on ")
                + profile.name(), (p, context) -> run(p, context, parameters, given, analyze, clearance), (outcome, failure) -> {
                });
        FxJobs.deliver(job, connection.uiThread(), this::ended);
    }

    private void ended(Outcome outcome, Throwable failure) {
        running.set(false);
        job = null;
        if (failure != null) {
            ProblemText text = ProblemText.of(failure);
            problem.set(text);
            status.set("Could not explain: " + text.oneLine() + (text.fix().isEmpty() ? "" : " " + text.fix()));
        } else if (outcome instanceof NeedsValues needs) {
            status.set("This server has no generic plans: give the parameters' values.");
            ask(needs.parameters(), false, null);
        } else if (outcome instanceof Planned planned) {
            plan.set(planned.plan());
            status.set(describe(planned.plan()));
        }
    }

    private void ask(StatementParameters parameters, boolean analyze, Clearance clearance) {
        pendingAnalyze = analyze;
        pendingClearance = clearance;
        valuesNeeded.set(new ParameterValues(parameters, values));
    }

    /** On the job thread: a session of its own, closed at the end; cancel stops the statement on the server. */
    private Outcome run(ConnectionProfile p, JobContext context, StatementParameters parameters, List<String> given,
                        boolean analyze, Clearance clearance) throws Exception {
        context.message("Connecting to " + p.address());
        try (ConsoleSession session = open(p);
             JobContext.Registration stop = context.onCancel(session::cancel)) {
            // Cancelled while connecting: the session's cancel had no statement to stop, so stop here.
            context.checkCancelled();
            context.message(analyze ? "Running EXPLAIN ANALYZE" : "Explaining");
            if (parameters.isEmpty()) {
                return new Planned(session.explain(statement, analyze, clearance));
            }
            if (given == null) {
                return session.supportsGenericPlan() ? new Planned(session.explainGeneric(statement))
                        : new NeedsValues(parameters);
            }
            return new Planned(session.explain(parameters.substitute(given), analyze, clearance));
        }
    }

    private ConsoleSession open(ConnectionProfile p) throws Exception {
        try {
            return connection.access().withPassword(p, password -> {
                try {
                    return ConsoleSession.open(connection.guard(), p, password, null, ConsoleSettings.defaults());
                } catch (ConnectFailure failure) {
                    throw failure.problem();
                } catch (SQLException e) {
                    throw new SessionSetupFailed(e);
                }
            });
        } catch (SessionSetupFailed e) {
            throw e.failure;
        }
    }

    /** Carries a session set-up failure through the password attempt, which passes on connection problems only. */
    private static final class SessionSetupFailed extends RuntimeException {
        final transient SQLException failure;

        SessionSetupFailed(SQLException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    private static String describe(ExplainResult plan) {
        if (plan.generic()) {
            return "Generic plan (PostgreSQL 16+): the planner's estimates for any parameter values; nothing ran.";
        }
        if (plan.analyzed()) {
            return "Analysed: the statement ran inside a transaction that was rolled back"
                    + (plan.executionMs() == null ? "." : ", in " + String.format(java.util.Locale.ROOT, "%.1f ms", plan.executionMs()) + ".");
        }
        return "Estimated plan: nothing ran.";
    }
}
