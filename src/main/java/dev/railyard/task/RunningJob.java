package dev.railyard.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A submitted job as its watchers see it: state, progress, current step, log, and the way to
 * cancel it. Thread-safe; the JobRunner drives its state, anyone may read it.
 *
 * @param <T> what the job returns
 */
public final class RunningJob<T> {

    /** The log lines kept in memory per job; the history keeps a shorter tail. */
    static final int LOG_LIMIT = 5_000;

    private final long id;
    private final JobSpec spec;
    private final Clock clock;
    private final Instant submitted;
    private final Consumer<RunningJob<?>> onChange;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final CancelSignal cancelRequested;
    private final ArrayDeque<String> log = new ArrayDeque<>();

    private volatile JobState state = JobState.QUEUED;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile long done;
    private volatile long total = -1;
    private volatile ProgressUnit unit = ProgressUnit.STEPS;
    private volatile String message = "";
    private volatile String waitingFor = "";
    private volatile Throwable failure;
    private volatile Thread thread;

    /**
     * @param cancelActions where the job's {@link JobContext#onCancel} actions run when it is
     *                      cancelled, so the canceller (often the UI thread) never waits on them
     */
    RunningJob(long id, JobSpec spec, Clock clock, Consumer<RunningJob<?>> onChange, Executor cancelActions) {
        this.id = id;
        this.cancelRequested = new CancelSignal(cancelActions);
        this.spec = spec;
        this.clock = clock;
        this.submitted = clock.instant();
        this.onChange = onChange;
    }

    public long id() { return id; }

    public JobSpec spec() { return spec; }

    public String title() { return spec.title(); }

    public JobState state() { return state; }

    public Instant submitted() { return submitted; }

    public Optional<Instant> started() { return Optional.ofNullable(started); }

    public Optional<Instant> finished() { return Optional.ofNullable(finished); }

    /** The current step, or "" before the job said anything. */
    public String message() { return message; }

    /** While queued behind another writing job: what it waits for; "" otherwise. */
    public String waitingFor() { return waitingFor; }

    public Optional<Throwable> failure() { return Optional.ofNullable(failure); }

    public boolean isCancelRequested() { return cancelRequested.isCancelled(); }

    public JobProgress progress() {
        Instant begin = started;
        Instant end = finished != null ? finished : clock.instant();
        Duration elapsed = begin == null ? Duration.ZERO : Duration.between(begin, end);
        return new JobProgress(done, total, unit, elapsed);
    }

    /** How long it ran, or runs so far; zero while queued. */
    public Duration duration() {
        return progress().elapsed();
    }

    public List<String> log() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    public List<String> logTail(int lines) {
        synchronized (log) {
            List<String> all = new ArrayList<>(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }
    }

    /**
     * Completes with the job's result, or exceptionally with its failure (the job's own
     * exception, unwrapped) or a {@link JobCancelledException}. Dependent stages see a
     * {@code CompletionException} around it; the UI receives it through {@code ui/FxJobs}.
     */
    public CompletableFuture<T> result() {
        return result;
    }

    /**
     * Asks the job to stop. A queued job ends at once; a running one is told through
     * {@link JobContext#isCancelled()} and its thread is interrupted.
     */
    public void cancel() {
        // Sets the flag before the actions run, so an action that unblocks the job finds it cancelled.
        if (state.isFinished() || !cancelRequested.cancel()) {
            return;
        }
        addLog("Cancel requested");
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
        // A job still queued in the pool ends when its thread picks it up and sees the flag.
        changed();
    }

    JobContext context() {
        return new JobContext() {
            @Override
            public void progress(long amountDone, long amountTotal, ProgressUnit progressUnit) {
                done = amountDone;
                total = amountTotal;
                unit = progressUnit;
                changed();
            }

            @Override
            public void message(String step) {
                message = step == null ? "" : step;
                addLog(message);
                changed();
            }

            @Override
            public void status(String text) {
                message = text == null ? "" : text;
                changed();
            }

            @Override
            public void log(String line) {
                addLog(line);
                changed();
            }

            @Override
            public boolean isCancelled() {
                return cancelRequested.isCancelled();
            }

            @Override
            public Registration onCancel(Runnable action) {
                return cancelRequested.onCancel(action);
            }
        };
    }

    void attach(Future<?> future) {
        // Kept for symmetry with the executor; cancellation goes through the flag and interrupt.
    }

    void waitFor(String what) {
        waitingFor = what;
        changed();
    }

    void markRunning(Thread runningThread) {
        thread = runningThread;
        waitingFor = "";
        started = clock.instant();
        state = JobState.RUNNING;
        changed();
    }

    /** Sets the final state; the runner records the job, then {@link #complete} wakes whoever waits on it. */
    void markFinished(JobState outcome, Throwable error) {
        thread = null;
        if (started == null) {
            started = clock.instant();
        }
        finished = clock.instant();
        failure = error;
        state = outcome;
    }

    void complete(T value) {
        if (state == JobState.SUCCEEDED) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure != null ? failure : new JobCancelledException());
        }
    }

    private void addLog(String line) {
        synchronized (log) {
            log.addLast(line);
            while (log.size() > LOG_LIMIT) {
                log.removeFirst();
            }
        }
    }

    private void changed() {
        onChange.accept(this);
    }

    @Override
    public String toString() {
        return "job " + id + " '" + spec.title() + "' " + state;
    }
}
