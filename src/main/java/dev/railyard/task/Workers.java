package dev.railyard.task;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job's own helper threads (parallel copy workers, a child process's stderr reader): a
 * fixed number of named daemon threads, owned by the job that opens them and ended by it in a
 * {@code try}-with-resources. The work handed to them is bounded by the job (one task per
 * table, one reader per stream), so the queue is not; a submission after {@link #close()} or
 * {@link #stop()} is refused.
 *
 * <p>{@link #close()} lets running work finish and waits for it up to the grace period, then
 * interrupts what is left; {@link #stop()} interrupts it first, for a job that failed or was
 * cancelled. The caller's interrupt status is restored when it is interrupted while waiting.
 */
public final class Workers implements AutoCloseable {

    /** Every worker thread's name starts with this, followed by the pool's name. */
    public static final String THREAD_PREFIX = "railyard-";

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Duration grace;
    private final ThreadPoolExecutor pool;

    private Workers(String name, int threads, Duration grace) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.grace = Objects.requireNonNull(grace, "grace");
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, THREAD_PREFIX + name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @param name    what the threads do, for thread dumps: "backup-worker" gives
     *                "railyard-backup-worker-1", ...
     * @param threads how many may run at once
     */
    public static Workers open(String name, int threads) {
        return new Workers(name, threads, DEFAULT_GRACE);
    }

    /** As {@link #open(String, int)}, waiting up to {@code grace} for the work when closed. */
    public static Workers open(String name, int threads, Duration grace) {
        return new Workers(name, threads, grace);
    }

    public String name() {
        return name;
    }

    /** @throws RejectedExecutionException once the workers were closed or stopped */
    public <T> Future<T> submit(Callable<T> work) {
        return pool.submit(work);
    }

    /** @throws RejectedExecutionException once the workers were closed or stopped */
    public Future<?> submit(Runnable work) {
        return pool.submit(work);
    }

    /** Interrupts the running work and drops the queued work; {@link #close()} still waits for the end. */
    public void stop() {
        pool.shutdownNow();
    }

    /** True once every thread has ended. */
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    /**
     * Takes no more work and waits up to the grace period for the running and queued work to
     * end; work still running then is interrupted (and left to end on its own).
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
