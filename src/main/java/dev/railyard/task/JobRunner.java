package dev.railyard.task;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on an owned, named, bounded pool of threads. At most one writing job runs per
 * profile at a time; later writers for the same profile wait in a visible queue. Reading jobs
 * run as soon as a thread is free. Finished jobs go to the {@link JobHistory}.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final int HISTORY_LOG_TAIL = 40;

    private final ThreadPoolExecutor executor;
    /** Runs jobs' cancel actions, so that whoever cancels (often the UI thread) never waits on a server. */
    private final ThreadPoolExecutor cancelActions;
    private final JobHistory history;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final List<RunningJob<?>> active = new CopyOnWriteArrayList<>();
    /** Writing jobs waiting for their profile, per profile; guarded by {@code this}. */
    private final Map<String, Deque<Pending<?>>> waitingWriters = new HashMap<>();
    /** The writing job that holds each profile; guarded by {@code this}. */
    private final Map<String, RunningJob<?>> writers = new HashMap<>();

    private record Pending<T>(RunningJob<T> job, Job<T> work) { }

    /**
     * @param threads  jobs that may run at once
     * @param capacity jobs that may wait for a thread before submissions are refused
     * @param history  where finished jobs are recorded; may be null for none
     */
    public JobRunner(int threads, int capacity, JobHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), namedThreads("railyard-job-"), new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        // A cancel action is short (abort a socket, end a process, send a cancel request); when
        // all threads are busy the canceller runs it itself rather than dropping it.
        this.cancelActions = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), namedThreads("railyard-cancel-"), new ThreadPoolExecutor.CallerRunsPolicy());
        this.cancelActions.allowCoreThreadTimeOut(true);
    }

    public JobRunner(JobHistory history) {
        this(4, 64, history, Clock.systemUTC());
    }

    public void addListener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    /** Queued and running jobs, oldest first. */
    public List<RunningJob<?>> activeJobs() {
        return new ArrayList<>(active);
    }

    /** True while a writing job runs or waits: closing the app then asks first. */
    public boolean hasWritingJobs() {
        return active.stream().anyMatch(job -> job.spec().writes());
    }

    public JobHistory history() {
        return history;
    }

    /**
     * Submits a job. Returns at once; watch the returned job or its {@code result()}.
     *
     * @throws RejectedExecutionException when too many jobs already wait
     */
    public <T> RunningJob<T> submit(JobSpec spec, Job<T> work) {
        Objects.requireNonNull(work, "work");
        RunningJob<T> job = new RunningJob<>(ids.incrementAndGet(), spec, clock, this::notifyListeners, cancelActions);
        active.add(job);
        notifyListeners(job);
        if (spec.writes() && spec.profile() != null) {
            RunningJob<?> holder;
            synchronized (this) {
                holder = writers.get(spec.profile());
                if (holder != null) {
                    waitingWriters.computeIfAbsent(spec.profile(), p -> new ArrayDeque<>()).addLast(new Pending<>(job, work));
                } else {
                    writers.put(spec.profile(), job);
                }
            }
            if (holder != null) {
                job.waitFor("waiting for '" + holder.title() + "' on " + spec.profile());
                return job;
            }
        }
        dispatch(job, work);
        return job;
    }

    private <T> void dispatch(RunningJob<T> job, Job<T> work) {
        try {
            job.attach(executor.submit(() -> execute(job, work)));
        } catch (RejectedExecutionException e) {
            finish(job, JobState.FAILED, null,
                    new RejectedExecutionException("Too many jobs are waiting; try again when some have finished", e));
            throw e;
        }
    }

    private <T> void execute(RunningJob<T> job, Job<T> work) {
        if (job.isCancelRequested()) {
            finish(job, JobState.CANCELLED, null, new JobCancelledException());
            return;
        }
        job.markRunning(Thread.currentThread());
        T value = null;
        JobState outcome;
        Throwable error = null;
        try {
            value = work.run(job.context());
            outcome = job.isCancelRequested() ? JobState.CANCELLED : JobState.SUCCEEDED;
        } catch (JobCancelledException | InterruptedException e) {
            outcome = JobState.CANCELLED;
            error = e instanceof JobCancelledException ? e : new JobCancelledException();
        } catch (Throwable e) {
            outcome = job.isCancelRequested() ? JobState.CANCELLED : JobState.FAILED;
            error = outcome == JobState.CANCELLED ? new JobCancelledException() : e;
            if (outcome == JobState.FAILED && e instanceof ReportedFailure) {
                LOG.info("Job '{}' failed: {}", job.title(), e.getMessage());
            } else if (outcome == JobState.FAILED && e instanceof Exception && !(e instanceof RuntimeException)) {
                // A checked failure (BackupException, ConnectionProblem, SQLException…) is one the code
                // anticipated and worded: one line, the stack trace at debug level.
                LOG.warn("Job '{}' failed: {}", job.title(), e.toString());
                LOG.debug("Job '{}' failed", job.title(), e);
            } else if (outcome == JobState.FAILED) {
                LOG.warn("Job '{}' failed", job.title(), e); // unchecked: a defect, with its stack trace
            }
        } finally {
            // The pool thread may be reused: never leave it interrupted.
            Thread.interrupted();
        }
        if (outcome == JobState.CANCELLED && error == null) {
            error = new JobCancelledException();
        }
        finish(job, outcome, value, error);
    }

    private <T> void finish(RunningJob<T> job, JobState outcome, T value, Throwable error) {
        job.markFinished(outcome, error);
        active.remove(job);
        // Recorded before anyone waiting on the result or listening is told, so they find it in the history.
        record(job);
        job.complete(value);
        notifyListeners(job);
        releaseProfile(job);
    }

    private void releaseProfile(RunningJob<?> job) {
        String profile = job.spec().profile();
        if (!job.spec().writes() || profile == null) {
            return;
        }
        Pending<?> next = null;
        synchronized (this) {
            if (writers.get(profile) == job) {
                writers.remove(profile);
                Deque<Pending<?>> queue = waitingWriters.get(profile);
                while (queue != null && !queue.isEmpty()) {
                    Pending<?> candidate = queue.pollFirst();
                    if (!candidate.job().isCancelRequested()) {
                        next = candidate;
                        writers.put(profile, candidate.job());
                        break;
                    }
                    cancelledWhileWaiting(candidate.job());
                }
                if (queue != null && queue.isEmpty()) {
                    waitingWriters.remove(profile);
                }
            } else {
                // A waiting writer that was cancelled before its turn.
                Deque<Pending<?>> queue = waitingWriters.get(profile);
                if (queue != null) {
                    queue.removeIf(p -> p.job() == job);
                }
            }
        }
        if (next != null) {
            dispatchPending(next);
        }
    }

    private <T> void dispatchPending(Pending<T> pending) {
        dispatch(pending.job(), pending.work());
    }

    private void cancelledWhileWaiting(RunningJob<?> job) {
        job.markFinished(JobState.CANCELLED, new JobCancelledException());
        active.remove(job);
        record(job);
        job.complete(null);
        notifyListeners(job);
    }

    /**
     * Ends a waiting writer at once when cancelled, instead of when its turn comes.
     * Called by the UI's cancel action through {@link #cancel(RunningJob)}.
     */
    public void cancel(RunningJob<?> job) {
        job.cancel();
        if (job.state() != JobState.QUEUED || !job.spec().writes() || job.spec().profile() == null) {
            return;
        }
        boolean removed;
        synchronized (this) {
            Deque<Pending<?>> queue = waitingWriters.get(job.spec().profile());
            removed = queue != null && queue.removeIf(p -> p.job() == job);
        }
        if (removed) {
            cancelledWhileWaiting(job);
        }
    }

    private void record(RunningJob<?> job) {
        if (history == null) {
            return;
        }
        String error = job.failure()
                .filter(e -> job.state() == JobState.FAILED)
                .map(JobRunner::describe)
                .orElse(null);
        history.append(new JobRecord(job.id(), job.title(), job.spec().profile(), job.state(),
                job.started().orElse(job.submitted()), job.finished().orElse(clock.instant()),
                job.duration().toMillis(), error, job.logTail(HISTORY_LOG_TAIL)));
    }

    /** The message a user reads for a failure: the exception's own words, without a class name when it has some. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private void notifyListeners(RunningJob<?> job) {
        for (JobListener listener : listeners) {
            try {
                listener.changed(job);
            } catch (RuntimeException e) {
                LOG.warn("A job listener failed", e);
            }
        }
    }

    /** Cancels every job and waits up to {@code grace} for them to stop. */
    public void shutdown(Duration grace) {
        for (RunningJob<?> job : activeJobs()) {
            cancel(job);
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // The cancel actions were handed over before the jobs ended; let them finish.
        cancelActions.shutdown();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
