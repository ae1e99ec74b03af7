package dev.railyard.ui.console;

import dev.railyard.console.ConsoleHistory;
import dev.railyard.console.ConsoleScript;
import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.console.CsvExport;
import dev.railyard.console.ExplainResult;
import dev.railyard.console.ConsoleSqlException;
import dev.railyard.console.ResultPages;
import dev.railyard.console.RowSink;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.guard.Protection;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Confirmation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One profile's SQL console: runs what the editor holds through a {@link ConsoleSession} (one
 * job per run, on the runner it is given), streams each result set into its own
 * {@link ResultModel} in batches, pages huge results, marks failures, keeps the history, and on
 * production holds the read-only / read-write mode and the open transaction.
 *
 * <p>Methods are called on the UI thread; work runs as jobs; results come back through
 * {@code uiThread}. The session is touched by one job at a time: a run, a page, a commit.
 */
public final class SqlConsoleModel {

    /** Rows read per page before the server read pauses until the grid is scrolled to its end. */
    public static final int PAGE_ROWS = 50_000;
    /** Rows of a result kept in memory; the rest go to a spool file (see {@link ResultPages}). */
    static final int MEMORY_ROWS = 20_000;
    /** How often arriving rows are handed to the grid: batches, never a row at a time. */
    static final Duration BATCH_EVERY = Duration.ofMillis(100);
    /** An open read-write transaction older than this is pointed out. */
    public static final Duration LONG_TRANSACTION = Duration.ofSeconds(30);
    static final int OUTPUT_LINES = 500;

    /** Opens a console session on a job thread (asking for a password when needed). */
    @FunctionalInterface
    public interface SessionOpener {
        ConsoleSession open(ConnectionProfile profile, Clearance write) throws Exception;
    }

    /** Where the editor shows a failure: [start, end) of the editor's text; start -1 when unknown. */
    public record ErrorMark(int start, int end, String message, String hint) {
    }

    private final ConnectionProfile profile;
    private final ProductionGuard guard;
    private final Protection protection;
    private final SessionOpener opener;
    private final JobRunner runner;
    private final JobRunner exports;
    private final Executor uiThread;
    private final Executor io;
    private final ConsoleHistory history;
    private final Path spool;
    private final Clock clock;

    private final ObservableList<ResultModel> results = FXCollections.observableArrayList();
    private final ObservableList<String> output = FXCollections.observableArrayList();
    private final ObservableList<ConsoleHistory.Entry> historyShown = FXCollections.observableArrayList();
    private final StringProperty historySearch = new SimpleStringProperty(this, "historySearch", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ObjectProperty<ErrorMark> error = new SimpleObjectProperty<>(this, "error");
    private final ReadOnlyBooleanWrapper readWrite = new ReadOnlyBooleanWrapper(this, "readWrite");
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper(this, "mode");
    private final ReadOnlyObjectWrapper<Instant> transactionSince = new ReadOnlyObjectWrapper<>(this, "transactionSince");
    private final ReadOnlyStringWrapper transaction = new ReadOnlyStringWrapper(this, "transaction", "");
    private final ReadOnlyBooleanWrapper transactionWarning = new ReadOnlyBooleanWrapper(this, "transactionWarning");

    /** Set and read by jobs, one at a time. */
    private volatile ConsoleSession session;
    private volatile ConsoleSession.ConsoleRun run;
    private volatile Clearance write;
    private ResultsSink sink;
    private RunningJob<?> job;
    private ResultModel paused;
    /** Results whose tab closed while their job still wrote to them: closed when it ends. */
    private final List<ResultModel> closeWhenIdle = new ArrayList<>();
    private int resultNumber;
    private int recall = -1;
    private String draft;
    private boolean disposed;

    public SqlConsoleModel(ConnectionProfile profile, ProductionGuard guard, SessionOpener opener, JobRunner runner,
                           JobRunner exports, Executor uiThread, Executor io, ConsoleHistory history, Path spool,
                           Clock clock) {
        this.profile = profile;
        this.guard = guard;
        this.protection = guard.protectionOf(profile);
        this.opener = opener;
        this.runner = runner;
        this.exports = exports;
        this.uiThread = uiThread;
        this.io = io;
        this.history = history;
        this.spool = spool;
        this.clock = clock;
        historySearch.addListener((obs, was, now) -> showHistory());
        describeMode();
        io.execute(() -> {
            history.load();
            uiThread.execute(this::showHistory);
        });
    }

    public ConnectionProfile profile() {
        return profile;
    }

    /** True on a profile tagged production (or the same database as one): read-only unless switched. */
    public boolean production() {
        return protection.production();
    }

    public ObservableList<ResultModel> results() {
        return results;
    }

    /** What ran and how it went, one line per statement without rows, oldest first. */
    public ObservableList<String> output() {
        return output;
    }

    /** The history entries matching {@link #historySearchProperty()}, newest first. */
    public ObservableList<ConsoleHistory.Entry> history() {
        return historyShown;
    }

    public StringProperty historySearchProperty() {
        return historySearch;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The last thing that happened, in a few words. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last run's failure, for the editor to mark; null when it went well. */
    public ObjectProperty<ErrorMark> errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty readWriteProperty() {
        return readWrite.getReadOnlyProperty();
    }

    /** "Read-only (production) · statement timeout 30 s". */
    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** When the read-write transaction was opened; null when none is open. */
    public ReadOnlyObjectProperty<Instant> transactionSinceProperty() {
        return transactionSince.getReadOnlyProperty();
    }

    /** "Transaction open for 42 s: nothing is saved until you commit". */
    public ReadOnlyStringProperty transactionProperty() {
        return transaction.getReadOnlyProperty();
    }

    /** True once the open transaction is older than {@link #LONG_TRANSACTION}. */
    public ReadOnlyBooleanProperty transactionWarningProperty() {
        return transactionWarning.getReadOnlyProperty();
    }

    // ---------------------------------------------------------------- running

    /**
     * Ctrl+Enter: runs the selection when there is one, else the statement under the caret.
     *
     * @param selectionStart the selection's start, equal to {@code selectionEnd} when nothing is selected
     */
    public void runAtCaret(String text, int caret, int selectionStart, int selectionEnd) {
        Picked picked = pick(text, caret, selectionStart, selectionEnd);
        if (picked != null) {
            run(picked.sql(), picked.base(), picked.baseLine());
        }
    }

    /** A piece of the editor's text to run, where it starts, and on which line. */
    private record Picked(String sql, int base, int baseLine) {
    }

    /** The selection, else the statement at the caret; null (and the status says why) when there is none. */
    private Picked pick(String text, int caret, int selectionStart, int selectionEnd) {
        if (selectionEnd > selectionStart) {
            return new Picked(text.substring(selectionStart, selectionEnd), selectionStart, lineAt(text, selectionStart));
        }
        ConsoleScript.Located at;
        try {
            at = statementAt(text, caret);
        } catch (IllegalArgumentException e) {
            error.set(new ErrorMark(-1, -1, e.getMessage(), null));
            return null;
        }
        if (at == null) {
            status.set("Nothing to run: the editor holds no statement");
            return null;
        }
        return new Picked(text.substring(at.start(), at.end()), at.start(), lineAt(text, at.start()));
    }

    private static int lineAt(String text, int offset) {
        return 1 + (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
    }

    /** The question to ask before EXPLAIN ANALYZE on production (it executes the statement); null elsewhere. */
    public Confirmation explainAnalyzeQuestion() {
        if (!protection.production() || write != null) {
            return null;
        }
        return new Confirmation("Explain analyze on " + profile.name(),
                "Run the statement on production database " + profile.database() + "?",
                "EXPLAIN ANALYZE executes the statement to measure it, then rolls it back. Functions with side effects,"
                        + " sequences and locks are not undone by the rollback.",
                null, protection.confirmationWord(), "Explain analyze", true);
    }

    /**
     * Explain (or Explain analyze) of the statement at the caret or the selection: the plan in a
     * result tab of its own (the plan viewer; the server's raw text one click away).
     *
     * @param typed for analyze on production without writes allowed: the database name typed back; else null
     * @throws dev.railyard.guard.ConfirmationRequiredException when analyze on production lacks the right name
     */
    public void explain(String text, int caret, int selectionStart, int selectionEnd, boolean analyze, String typed) {
        Clearance clearance = null;
        if (analyze && protection.production()) {
            clearance = write != null ? write : guard.clear(profile, GuardedAction.EXPLAIN_ANALYZE, typed);
        }
        Picked picked = pick(text, caret, selectionStart, selectionEnd);
        if (picked == null) {
            return;
        }
        if (job != null) {
            status.set("A statement is still running: wait for it, or Cancel (Esc)");
            return;
        }
        error.set(null);
        clearResults();
        Clearance cleared = clearance;
        ResultsSink runSink = new ResultsSink(picked.sql(), picked.base(), picked.baseLine());
        sink = runSink;
        status.set(analyze ? "Explain analyze: running the statement…" : "Explain…");
        submit((analyze ? "Explain analyze" : "Explain") + " on " + profile.name(), context -> {
            ConsoleSession s = session();
            try (JobContext.Registration cancel = context.onCancel(s::cancel)) {
                ExplainResult plan = s.explain(picked.sql(), analyze, cleared);
                runSink.plan(plan);
                return false;
            }
        }, (more, failure) -> {
            if (failure == null) {
                status.set((analyze ? "Analyzed plan" : "Plan") + " in its own tab: the tree, the text and the server's raw "
                        + runSink.planFormat);
                return;
            }
            if (FxJobs.original(failure) instanceof IllegalStateException refused) {
                status.set(refused.getMessage());
                return;
            }
            ran(runSink, more, failure);
        });
    }

    /** Ctrl+Shift+Enter: every statement, in order, stopping at the first error. */
    public void runAll(String text) {
        run(text, 0, 1);
    }

    /**
     * The statement the caret is in or, between statements, the one before it (the first when the
     * caret is before all); null when the text holds none.
     */
    ConsoleScript.Located statementAt(String text, int caret) {
        List<ConsoleScript.Located> statements = ConsoleScript.locate(text, profile.dialect(), null);
        ConsoleScript.Located chosen = null;
        for (ConsoleScript.Located s : statements) {
            if (chosen == null || s.start() <= caret) {
                chosen = s;
            }
        }
        return chosen;
    }

    private void run(String sql, int base, int baseLine) {
        if (job != null) {
            status.set("A statement is still running: wait for it, or Cancel (Esc)");
            return;
        }
        if (sql.isBlank()) {
            status.set("Nothing to run: the editor holds no statement");
            return;
        }
        error.set(null);
        recall = -1;
        clearResults();
        ResultsSink runSink = new ResultsSink(sql, base, baseLine);
        sink = runSink;
        status.set("Running…");
        submit("Run SQL on " + profile.name(), context -> {
            ConsoleSession s = session();
            try (JobContext.Registration cancel = context.onCancel(s::cancel)) {
                ConsoleSession.ConsoleRun started = s.start(sql);
                run = started;
                return runSink.pull(started);
            }
        }, (more, failure) -> ran(runSink, more, failure));
    }

    /** The next page of a paused result. */
    private void more(ResultModel result) {
        if (job != null || result != paused || sink == null) {
            return;
        }
        ResultsSink runSink = sink;
        ConsoleSession.ConsoleRun current = run;
        paused = null;
        status.set("Reading the next " + ResultModel.count(PAGE_ROWS) + "…");
        submit("Read more rows on " + profile.name(), context -> {
            try (JobContext.Registration cancel = context.onCancel(session::cancel)) {
                return runSink.pull(current);
            }
        }, (more, failure) -> ran(runSink, more, failure));
    }

    /** The job ended: paused on a page, the script done, or a failure. */
    private void ran(ResultsSink runSink, Boolean more, Throwable failure) {
        boolean hadTransaction = transactionSince.get() != null;
        refreshTransaction();
        boolean lostTransaction = hadTransaction && failure != null && transactionSince.get() == null;
        showHistory();
        if (failure == null) {
            if (Boolean.TRUE.equals(more)) {
                paused = runSink.current;
                status.set(paused.title() + ": " + ResultModel.count(paused.rowsProperty().get())
                        + " read; the server waits until you scroll to the end (or Fetch more)");
            } else {
                status.set(runSink.finishedText());
            }
            return;
        }
        runSink.stopAll();
        Throwable original = FxJobs.original(failure);
        String lost = lostTransaction ? "; the open transaction was rolled back" : "";
        if (original instanceof JobCancelledException
                || original instanceof ConsoleSqlException sqlFailure && sqlFailure.cancelled()) {
            status.set("Cancelled: the server stopped the statement" + lost);
            output("Cancelled" + lost);
            return;
        }
        if (original instanceof ConsoleSqlException sqlFailure && sqlFailure.sqlState() != null
                && sqlFailure.sqlState().startsWith("08")) {
            // The connection is gone (server restart, network): the next run opens a new session.
            ConsoleSession broken = session;
            session = null;
            if (broken != null) {
                io.execute(broken::close);
            }
            refreshTransaction();
            error.set(new ErrorMark(-1, -1, sqlFailure.serverMessage(),
                    "The connection to the server was lost" + lost + ". The next run connects again."));
            status.set("Connection lost");
            return;
        }
        if (original instanceof ConsoleSqlException sqlFailure) {
            ErrorMark mark = mark(runSink, sqlFailure);
            if (lostTransaction) {
                mark = new ErrorMark(mark.start(), mark.end(), mark.message(), (mark.hint() == null ? "" : mark.hint() + ". ")
                        + "The open transaction was rolled back: nothing of it was saved");
            }
            error.set(mark);
            status.set("Failed: " + firstLine(mark.message()));
            output("Failed: " + mark.message());
            return;
        }
        if (original instanceof IllegalArgumentException split) {
            error.set(new ErrorMark(-1, -1, split.getMessage(), null));
            status.set("Not run: " + split.getMessage());
            return;
        }
        ProblemText problem = ProblemText.of(failure);
        error.set(new ErrorMark(-1, -1, problem.summary(), problem.fix()));
        status.set("Failed: " + problem.summary());
    }

    /** The failing place in the editor's text: the column when the server gave one, else the statement's line. */
    private static ErrorMark mark(ResultsSink runSink, ConsoleSqlException e) {
        if (e.line() <= 0) {
            return new ErrorMark(-1, -1, e.serverMessage(), e.hint());
        }
        String where = " (line " + (runSink.baseLine + e.line() - 1) + (e.column() > 0 ? ", column " + e.column() : "") + ")";
        String sql = runSink.sql;
        int lineStart = ConsoleScript.offsetOfLine(sql, e.line());
        int lineEnd = sql.indexOf('\n', lineStart);
        lineEnd = lineEnd < 0 ? sql.length() : lineEnd;
        int start = Math.min(lineEnd, lineStart + Math.max(0, e.column() - 1));
        int end = lineEnd;
        if (e.column() > 0) {
            end = start;
            while (end < lineEnd && !Character.isWhitespace(sql.charAt(end))) {
                end++;
            }
            end = Math.max(end, Math.min(lineEnd, start + 1));
        }
        return new ErrorMark(runSink.base + start, runSink.base + end, e.serverMessage() + where, e.hint());
    }

    /**
     * Esc: stops the running statement on the server, or stops reading a paused result. The
     * server-side cancel opens a connection for MySQL, so it runs on the IO thread.
     */
    public void cancel() {
        if (job != null) {
            RunningJob<?> running = job;
            status.set("Cancelling…");
            io.execute(running::cancel);
            return;
        }
        if (paused != null) {
            ResultModel stopped = paused;
            paused = null;
            ConsoleSession.ConsoleRun current = run;
            submit("Stop reading rows on " + profile.name(), context -> {
                current.close();
                return false;
            }, (more, failure) -> {
                stopped.stopped();
                refreshTransaction();
                status.set(failure == null ? "Stopped reading: the rest of the result was not fetched"
                        : "Failed: " + ProblemText.of(failure).summary());
            });
        }
    }

    // ---------------------------------------------------------------- read-write and the transaction

    /** The question to ask before switching this production console to read-write. */
    public Confirmation readWriteQuestion() {
        return new Confirmation("Allow writes on " + profile.name(),
                "Allow writes on production database " + profile.database() + "?",
                protection.reason() + ". Until you switch back to read-only or close Railyard, this console's"
                        + " statements run in a transaction you commit or roll back yourself: nothing is saved until you"
                        + " press Commit.",
                null, protection.confirmationWord(), "Allow writes", true);
    }

    /**
     * Switches to read-write with what the user typed; the core guard decides. The next run
     * opens a read-write session.
     *
     * @throws dev.railyard.guard.ConfirmationRequiredException when {@code typed} is not the database name
     */
    public void allowWrites(String typed) {
        Clearance clearance = guard.clear(profile, GuardedAction.SQL_WRITE, typed);
        if (job != null) {
            status.set("Wait for the running statement, then allow writes");
            return;
        }
        replaceSession(clearance, "Writes allowed: statements run in a transaction; Commit saves them");
        readWrite.set(true);
    }

    /** Back to read-only; refused while a transaction is open. */
    public void backToReadOnly() {
        if (transactionSince.get() != null) {
            status.set("Commit or roll back the open transaction first");
            return;
        }
        if (job != null) {
            status.set("Wait for the running statement first");
            return;
        }
        replaceSession(null, "Read-only again");
        readWrite.set(false);
    }

    private void replaceSession(Clearance clearance, String done) {
        clearResults();
        ConsoleSession old = session;
        session = null;
        write = clearance;
        describeMode();
        if (old != null) {
            submit("Close the SQL session on " + profile.name(), context -> {
                old.close();
                return false;
            }, (more, failure) -> status.set(done));
        } else {
            status.set(done);
        }
    }

    public void commit() {
        finishTransaction(true);
    }

    public void rollback() {
        finishTransaction(false);
    }

    private void finishTransaction(boolean commit) {
        ConsoleSession s = session;
        if (job != null || s == null) {
            return;
        }
        paused = null;
        submit((commit ? "Commit" : "Roll back") + " on " + profile.name(), context -> {
            if (commit) {
                s.commit();
            } else {
                s.rollback();
            }
            return false;
        }, (more, failure) -> {
            results.forEach(ResultModel::stopped);
            refreshTransaction();
            if (failure == null) {
                status.set(commit ? "Committed" : "Rolled back");
                output(commit ? "Committed" : "Rolled back");
            } else {
                Throwable original = FxJobs.original(failure);
                String message = original instanceof ConsoleSqlException e ? e.getMessage() : ProblemText.of(failure).summary();
                status.set("Failed: " + message);
                output((commit ? "Commit" : "Rollback") + " failed: " + message);
            }
        });
    }

    /** Called every second by the view: the open transaction's age, and the warning once it is long. */
    public void tick() {
        Instant since = transactionSince.get();
        if (since == null) {
            transaction.set("");
            transactionWarning.set(false);
            return;
        }
        Duration age = Duration.between(since, clock.instant());
        boolean old = age.compareTo(LONG_TRANSACTION) > 0;
        transaction.set("Transaction open for " + age(age) + (old
                ? ": commit or roll back — it holds its locks and keeps vacuum from old rows"
                : " · nothing is saved until Commit"));
        transactionWarning.set(old);
    }

    private void refreshTransaction() {
        ConsoleSession s = session;
        transactionSince.set(s == null ? null : s.transactionOpenSince());
        tick();
    }

    private static String age(Duration age) {
        long s = age.toSeconds();
        return s < 120 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }

    private void describeMode() {
        Duration timeout = new ConsoleSettings(null, 0).timeoutFor(protection.production());
        String limit = timeout.isZero() ? "no statement timeout" : "statement timeout " + timeout.toSeconds() + " s";
        if (!protection.production()) {
            mode.set("Read-write · each run commits at its end · " + limit);
        } else if (write == null) {
            mode.set("Read-only (production) · " + limit);
        } else {
            mode.set("Read-write (production) · " + limit);
        }
    }

    // ---------------------------------------------------------------- history

    /** Ctrl+Up: the previous statement of the history in place of the editor's text; null at the oldest. */
    public String recallOlder(String current) {
        List<ConsoleHistory.Entry> entries = history.search("");
        if (recall + 1 >= entries.size()) {
            return null;
        }
        if (recall < 0) {
            draft = current;
        }
        recall++;
        return entries.get(recall).statement();
    }

    /** Ctrl+Down: the next newer statement, then what the editor held before recalling; null when not recalling. */
    public String recallNewer() {
        if (recall < 0) {
            return null;
        }
        recall--;
        return recall < 0 ? draft : history.search("").get(recall).statement();
    }

    private void showHistory() {
        historyShown.setAll(history.search(historySearch.get()));
    }

    // ---------------------------------------------------------------- export

    /**
     * Runs the result's statement again on its own session and streams every row to {@code file}
     * as CSV, as a job with progress in the task panel.
     */
    public RunningJob<Long> exportCsv(ResultModel result, Path file) {
        Clearance clearance = write;
        RunningJob<Long> export = exports.submit(JobSpec.reading("Export " + result.title() + " of " + profile.name()
                + " to " + file.getFileName(), profile.name()), context -> {
            try (ConsoleSession exporting = opener.open(profile, clearance);
                 JobContext.Registration cancel = context.onCancel(exporting::cancel)) {
                return CsvExport.write(exporting, result.statement(), file, context);
            }
        });
        FxJobs.deliver(export, uiThread, (rows, failure) -> {
            if (failure == null) {
                status.set("Exported " + ResultModel.count(rows) + " to " + file);
                output("Exported " + ResultModel.count(rows) + " to " + file);
            } else if (!(FxJobs.original(failure) instanceof JobCancelledException)) {
                Throwable original = FxJobs.original(failure);
                status.set("Export failed: " + (original instanceof ConsoleSqlException e ? e.getMessage()
                        : ProblemText.of(failure).summary()));
            }
        });
        return export;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface SessionWork {
        Boolean run(JobContext context) throws Exception;
    }

    private void submit(String title, SessionWork work, FxJobs.Outcome<Boolean> outcome) {
        JobSpec spec = write == null && protection.production() ? JobSpec.reading(title, profile.name())
                : JobSpec.writing(title, profile.name());
        running.set(true);
        RunningJob<Boolean> submitted = runner.submit(spec, work::run);
        job = submitted;
        FxJobs.deliver(submitted, uiThread, (value, failure) -> {
            job = null;
            running.set(false);
            List<ResultModel> closing = List.copyOf(closeWhenIdle);
            closeWhenIdle.clear();
            io.execute(() -> closing.forEach(ResultModel::close));
            if (!disposed) {
                outcome.done(value, failure);
            }
        });
    }

    /** The open session, or a new one (on the job thread). */
    private ConsoleSession session() throws Exception {
        ConsoleSession s = session;
        if (s == null) {
            Clearance clearance = write;
            s = opener.open(profile, clearance);
            s.keepTransactionOpen(clearance != null);
            session = s;
        }
        return s;
    }

    private void clearResults() {
        paused = null;
        List<ResultModel> old = new ArrayList<>(results);
        results.clear();
        io.execute(() -> old.forEach(ResultModel::close)); // deleting a spool file is file work
        resultNumber = 0;
    }

    /** A result tab was closed by the user. */
    public void closeResult(ResultModel result) {
        if (result == paused) {
            cancel();
        }
        results.remove(result);
        if (job != null && sink.owns(result)) {
            closeWhenIdle.add(result);
        } else {
            io.execute(result::close);
        }
    }

    private void output(String line) {
        output.add(line);
        if (output.size() > OUTPUT_LINES) {
            output.remove(0, output.size() - OUTPUT_LINES);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The window closes: the session ends (an open transaction is rolled back by the server). */
    public void dispose() {
        disposed = true;
        if (job != null) {
            io.execute(job::cancel);
        }
        List<ResultModel> old = new ArrayList<>(results);
        results.clear();
        ConsoleSession s = session;
        session = null;
        io.execute(() -> {
            if (s != null) {
                s.close();
            }
            old.forEach(ResultModel::close);
        });
    }

    /**
     * Where one run's rows go: each result set into a new {@link ResultModel}, handed to the UI
     * in batches; statements without rows into the output; every statement into the history.
     * Used by one job at a time.
     */
    private final class ResultsSink implements RowSink {

        final String sql;
        final int base;
        final int baseLine;
        private final List<ResultModel> mine = new ArrayList<>();
        private volatile ResultModel current;
        private ResultPages pages;
        private long lastBatch;
        private int statementCount;
        private ConsoleScript.Statement statement;
        private long statementStart;
        private Instant statementAt;
        private long statementRows;

        ResultsSink(String sql, int base, int baseLine) {
            this.sql = sql;
            this.base = base;
            this.baseLine = baseLine;
        }

        /** Reads one page (or the rest of the script); true when a result waits for more. */
        boolean pull(ConsoleSession.ConsoleRun started) throws ConsoleSqlException, IOException {
            statementCount = started.statements().size();
            boolean more;
            try {
                more = started.next(this, PAGE_ROWS);
            } catch (ConsoleSqlException e) {
                remember(e.cancelled() ? ConsoleHistory.Outcome.CANCELLED : ConsoleHistory.Outcome.FAILED, -1);
                throw e;
            }
            if (pages != null) {
                publish(more ? ResultModel.State.PAUSED : ResultModel.State.DONE);
            }
            // A paused statement goes into the history now, with the rows read so far: it may never be read further.
            remember(ConsoleHistory.Outcome.OK, statementRows);
            return more;
        }

        @Override
        public void statementStarted(ConsoleScript.Statement started) {
            remember(ConsoleHistory.Outcome.OK, statementRows);
            statement = started;
            statementStart = System.nanoTime();
            statementAt = clock.instant();
            statementRows = -1;
        }

        @Override
        public void columns(List<String> names) {
            pages = new ResultPages(names, spool, MEMORY_ROWS);
            String title = "Result " + (++resultNumber);
            ResultModel result = new ResultModel(title, statement == null ? sql : statement.text(), pages);
            mine.add(result);
            current = result;
            result.onMore(() -> more(result));
            lastBatch = System.nanoTime();
            statementRows = 0;
            uiThread.execute(() -> {
                if (!disposed) {
                    results.add(result);
                }
            });
        }

        @Override
        public void row(Object[] values) throws IOException {
            pages.add(values);
            statementRows++;
            long now = System.nanoTime();
            if (now - lastBatch >= BATCH_EVERY.toNanos()) {
                lastBatch = now;
                publish(ResultModel.State.STREAMING);
            }
        }

        @Override
        public void endOfRows(long rows) {
            publish(ResultModel.State.DONE);
            pages = null;
        }

        @Override
        public void updated(String text, long count) {
            String line = "Line " + (baseLine + (statement == null ? 1 : statement.line()) - 1) + ": " + summary(text, count) + " · "
                    + ResultModel.seconds(Duration.ofNanos(System.nanoTime() - statementStart));
            statementRows = count;
            uiThread.execute(() -> output(line));
        }

        private void publish(ResultModel.State state) {
            ResultModel result = current;
            long size = pages.size();
            Duration took = Duration.ofNanos(System.nanoTime() - statementStart);
            uiThread.execute(() -> result.update(size, state, took));
        }

        /** The statement that was running is over: into the history (once). */
        private void remember(ConsoleHistory.Outcome outcome, long rows) {
            if (statement == null) {
                return;
            }
            history.add(statement.text(), statementAt, Duration.ofNanos(System.nanoTime() - statementStart).toMillis(),
                    rows, outcome);
            statement = null;
        }

        private String planFormat = "";

        /** A plan in a result of its own: the plan viewer shows its tree; its rows are the server's text, a line each. */
        void plan(ExplainResult plan) throws IOException {
            planFormat = plan.format().toUpperCase(Locale.ROOT);
            String text = plan.format().equals("json") ? pretty(plan.raw()) : plan.raw();
            ResultPages lines = new ResultPages(List.of((plan.analyzed() ? "Analyzed plan" : "Plan") + " — raw "
                    + planFormat + " as the server wrote it"), spool, MEMORY_ROWS);
            for (String line : text.split("\n", -1)) {
                lines.add(new Object[] {line});
            }
            ResultModel result = new ResultModel(plan.analyzed() ? "Plan, analyzed" : "Plan", sql, lines, plan);
            mine.add(result);
            long size = lines.size();
            Duration took = Duration.ofNanos(System.nanoTime() - statementStart);
            uiThread.execute(() -> {
                if (!disposed) {
                    results.add(result);
                    result.update(size, ResultModel.State.DONE, took);
                }
            });
        }

        String finishedText() {
            return statementCount == 1 ? "Done" : "Done: " + statementCount + " statements";
        }

        boolean owns(ResultModel result) {
            return mine.contains(result);
        }

        /** UI thread: the run ended early; results still open stop where they are. */
        void stopAll() {
            mine.forEach(ResultModel::stopped);
        }
    }

    /** JSON indented for reading; the text as it came when it is not JSON. */
    static String pretty(String json) {
        try {
            var mapper = dev.railyard.home.Json.mapper();
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }

    /** "3 rows changed", "done": what a statement without rows did. */
    static String summary(String statement, long count) {
        String verb = statement.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (count < 0 || count == 0 && !(verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE")
                || verb.equals("MERGE") || verb.equals("REPLACE"))) {
            return verb + " done";
        }
        return verb + " · " + count + (count == 1 ? " row changed" : " rows changed");
    }
}
