package dev.railyard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one delivery helper, without the FX toolkit: a queue stands in for the FX thread. */
class FxJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final UiQueue ui = new UiQueue();
    private final JobRunner runner = new JobRunner(2, 8, null, Clock.systemUTC());

    @AfterEach
    void stop() {
        runner.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void theTypedResultArrivesOnTheUiExecutorOnly() throws Exception {
        AtomicReference<Integer> value = new AtomicReference<>();
        AtomicReference<Thread> on = new AtomicReference<>();
        RunningJob<Integer> job = runner.submit(JobSpec.reading("Count", null), context -> 42);
        FxJobs.deliver(job, ui, (Integer v) -> {
            value.set(v);
            on.set(Thread.currentThread());
        }, failure -> { });
        job.result().get(10, TimeUnit.SECONDS);
        assertNull(value.get(), "nothing is delivered until the UI executor runs it");
        ui.runUntil(() -> value.get() != null, WAIT);
        assertEquals(42, value.get());
        assertSame(Thread.currentThread(), on.get());
    }

    @Test
    void aFailureArrivesAsTheJobsOwnExceptionNotAWrapper() throws Exception {
        IOException thrown = new IOException("disk full");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RunningJob<String> job = runner.submit(JobSpec.reading("Fail", null), context -> {
            throw thrown;
        });
        FxJobs.deliver(job, ui, value -> { }, failure::set);
        ui.runUntil(() -> failure.get() != null, WAIT);
        assertSame(thrown, failure.get());
    }

    @Test
    void aCancelledJobArrivesAsJobCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RunningJob<String> job = runner.submit(JobSpec.reading("Wait", null), context -> {
            started.countDown();
            new CountDownLatch(1).await();
            return "never";
        });
        FxJobs.deliver(job, ui, value -> { }, failure::set);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        job.cancel();
        ui.runUntil(() -> failure.get() != null, WAIT);
        assertTrue(failure.get() instanceof JobCancelledException, String.valueOf(failure.get()));
    }

    @Test
    void aDependentStagesWrapperIsTakenOff() {
        IllegalStateException thrown = new IllegalStateException("no such backup");
        CompletableFuture<String> source = new CompletableFuture<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        FxJobs.deliver(source.thenApply(String::strip), ui, (value, error) -> failure.set(error));
        source.completeExceptionally(thrown);
        ui.drain();
        assertSame(thrown, failure.get());
    }

    @Test
    void ioWorkRunsOnTheIoExecutorAndARefusalIsDeliveredAsTheFailure() {
        UiQueue io = new UiQueue();
        AtomicReference<String> value = new AtomicReference<>();
        FxJobs.onIo(io, () -> "read", ui, (v, error) -> value.set(v));
        ui.drain();
        assertNull(value.get(), "the work waits for the IO executor");
        io.drain();
        ui.drain();
        assertEquals("read", value.get());

        AtomicReference<Throwable> refused = new AtomicReference<>();
        FxJobs.onIo(task -> {
            throw new RejectedExecutionException("shut down");
        }, () -> "never", ui, (v, error) -> refused.set(error));
        ui.drain();
        assertTrue(refused.get() instanceof RejectedExecutionException, String.valueOf(refused.get()));
    }
}
