package dev.railyard.ui;

import dev.railyard.task.RunningJob;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The one way a view model receives the end of background work: the typed result, or the
 * original exception (never a {@link CompletionException} around it), on the UI executor
 * (the FX thread in the app, a direct executor in model tests).
 */
public final class FxJobs {

    private FxJobs() {
    }

    /** How a piece of work ended: exactly one of the two is meaningful; {@code failure} is null on success. */
    @FunctionalInterface
    public interface Outcome<T> {
        void done(T value, Throwable failure);
    }

    /** Calls {@code onResult} or {@code onFailure} on {@code uiThread} when the job ends; returns the job. */
    public static <T> RunningJob<T> deliver(RunningJob<T> job, Executor uiThread, Consumer<? super T> onResult,
                                            Consumer<? super Throwable> onFailure) {
        Objects.requireNonNull(onResult, "onResult");
        Objects.requireNonNull(onFailure, "onFailure");
        return deliver(job, uiThread, (T value, Throwable failure) -> {
            if (failure == null) {
                onResult.accept(value);
            } else {
                onFailure.accept(failure);
            }
        });
    }

    /** Calls {@code outcome} on {@code uiThread} when the job ends; returns the job. */
    public static <T> RunningJob<T> deliver(RunningJob<T> job, Executor uiThread, Outcome<? super T> outcome) {
        deliver(job.result(), uiThread, outcome);
        return job;
    }

    /** Calls {@code outcome} on {@code uiThread} when {@code future} completes. */
    public static <T> void deliver(CompletableFuture<T> future, Executor uiThread, Outcome<? super T> outcome) {
        Objects.requireNonNull(uiThread, "uiThread");
        Objects.requireNonNull(outcome, "outcome");
        future.whenComplete((value, failure) -> uiThread.execute(() -> {
            if (failure == null) {
                outcome.done(value, null);
            } else {
                outcome.done(null, original(failure));
            }
        }));
    }

    /**
     * Runs quick local work (files, profiles.json) on {@code io}, never on the FX thread, and
     * delivers its result or its exception on {@code uiThread}. A refused submission is
     * delivered as the failure.
     */
    public static <T> CompletableFuture<T> onIo(Executor io, Callable<? extends T> work, Executor uiThread,
                                                Outcome<? super T> outcome) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            io.execute(() -> {
                try {
                    future.complete(work.call());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        deliver(future, uiThread, outcome);
        return future;
    }

    /** The failure itself: futures' dependent stages wrap it in a {@link CompletionException}. */
    public static Throwable original(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
