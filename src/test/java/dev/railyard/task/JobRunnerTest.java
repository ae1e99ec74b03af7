package dev.railyard.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {

    @TempDir
    Path home;

    private JobRunner runner;

    private JobRunner runner() {
        runner = new JobRunner(3, 4, new JobHistory(home.resolve("jobs.jsonl")), Clock.systemUTC());
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.shutdown(Duration.ofSeconds(5));
        }
    }

    /** A job that blocks until released, reporting that it started. */
    private static Job<String> blocking(CountDownLatch started, CountDownLatch release) {
        return context -> {
            started.countDown();
            while (!release.await(20, TimeUnit.MILLISECONDS)) {
                context.checkCancelled();
            }
            return "done";
        };
    }

    private static Object await(RunningJob<?> job) throws Exception {
        return job.result().get(10, TimeUnit.SECONDS);
    }

    @Test
    void jobSucceedsWithItsResultAndProgress() throws Exception {
        JobRunner jobs = runner();
        RunningJob<?> job = jobs.submit(JobSpec.reading("Count", "p"), context -> {
            context.message("Counting");
            context.progress(50, 100, ProgressUnit.ROWS);
            return 42;
        });
        assertEquals(42, await(job));
        assertEquals(JobState.SUCCEEDED, job.state());
        assertEquals(50, job.progress().done());
        assertEquals(0.5, job.progress().fraction());
        assertTrue(job.log().contains("Counting"));
    }

    @Test
    void aLiveStatusShowsAsTheStepButStaysOutOfTheLog() throws Exception {
        JobRunner jobs = runner();
        RunningJob<?> job = jobs.submit(JobSpec.reading("Copy", "p"), context -> {
            context.message("Copying public.events");
            for (int i = 1; i <= 500; i++) {
                context.status("Copying public.events: " + i + " rows copied");
            }
            return 0;
        });
        await(job);
        assertEquals("Copying public.events: 500 rows copied", job.message());
        assertEquals(List.of("Copying public.events"), job.log().stream().filter(l -> l.startsWith("Copying")).toList());
    }

    @Test
    void secondWriterOnTheSameProfileWaitsVisiblyForTheFirst() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        RunningJob<?> first = jobs.submit(JobSpec.writing("Backup prod", "prod"), blocking(firstStarted, releaseFirst));
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));

        CountDownLatch secondStarted = new CountDownLatch(1);
        RunningJob<?> second = jobs.submit(JobSpec.writing("Migrate prod", "prod"), blocking(secondStarted, new CountDownLatch(0)));
        assertEquals(JobState.QUEUED, second.state());
        assertTrue(second.waitingFor().contains("Backup prod"), second.waitingFor());
        assertEquals(1, secondStarted.getCount(), "the second writer must not start while the first runs");

        releaseFirst.countDown();
        await(first);
        assertEquals("done", await(second));
        assertEquals(JobState.SUCCEEDED, second.state());
    }

    @Test
    void writersOnDifferentProfilesAndReadersRunAtTheSameTime() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch allStarted = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        List<RunningJob<?>> started = List.of(
                jobs.submit(JobSpec.writing("Backup a", "a"), blocking(allStarted, release)),
                jobs.submit(JobSpec.writing("Backup b", "b"), blocking(allStarted, release)),
                jobs.submit(JobSpec.reading("Inspect a", "a"), blocking(allStarted, release)));
        assertTrue(allStarted.await(5, TimeUnit.SECONDS), "all three should run together");
        assertTrue(jobs.hasWritingJobs());
        release.countDown();
        for (RunningJob<?> job : started) {
            await(job);
        }
        assertTrue(!jobs.hasWritingJobs());
    }

    @Test
    void aJobsResultIsTyped() throws Exception {
        RunningJob<Integer> job = runner().submit(JobSpec.reading("Count", "p"), context -> 42);
        int value = job.result().get(10, TimeUnit.SECONDS);
        assertEquals(42, value);
    }

    @Test
    void aFailedJobCompletesWithItsOwnException() {
        // A checked failure, as jobs throw them (an unchecked one is a defect and logs its stack trace).
        java.io.IOException thrown = new java.io.IOException("disk full");
        RunningJob<String> job = runner().submit(JobSpec.reading("Fail", "p"), context -> {
            throw thrown;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get(10, TimeUnit.SECONDS));
        assertSame(thrown, e.getCause());
        assertSame(thrown, job.failure().orElseThrow());
    }

    @Test
    void aCancelRunsTheJobsCancelActionOnceOffTheCancellingThread() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch unblocked = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> actionThread = new AtomicReference<>();
        RunningJob<String> job = jobs.submit(JobSpec.reading("Blocked", "p"), context -> {
            try (JobContext.Registration cancel = context.onCancel(() -> {
                runs.incrementAndGet();
                actionThread.set(Thread.currentThread().getName());
                unblocked.countDown();
            })) {
                started.countDown();
                // Deaf to interrupts, as a thread in a socket read is: only the action ends the wait.
                while (true) {
                    try {
                        if (unblocked.await(10, TimeUnit.SECONDS)) {
                            break;
                        }
                    } catch (InterruptedException ignored) {
                        // keep waiting
                    }
                }
            }
            context.checkCancelled();
            return "not cancelled";
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        long before = System.nanoTime();
        jobs.cancel(job);
        job.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof JobCancelledException, String.valueOf(e.getCause()));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1), "the action ended the wait at once");
        assertEquals(1, runs.get(), "once, however often cancel was called");
        assertTrue(actionThread.get().startsWith("railyard-cancel-"), actionThread.get());
    }

    @Test
    void aCancelActionRegisteredAfterTheCancelRunsAtOnceOnTheJobsThread() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> jobThread = new AtomicReference<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        RunningJob<String> job = jobs.submit(JobSpec.reading("Late", "p"), context -> {
            jobThread.set(Thread.currentThread());
            started.countDown();
            while (!context.isCancelled()) {
                try {
                    new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // the cancel's interrupt; the flag is set before it
                }
            }
            context.onCancel(() -> ranOn.set(Thread.currentThread())).close();
            return "done";
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        job.cancel();
        job.result().handle((value, failure) -> null).get(5, TimeUnit.SECONDS);
        assertSame(jobThread.get(), ranOn.get(), "ran before onCancel returned, on the registering thread");
        assertEquals(JobState.CANCELLED, job.state());
    }

    @Test
    void cancellingARunningJobStopsItWithinASecond() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch started = new CountDownLatch(1);
        RunningJob<?> job = jobs.submit(JobSpec.writing("Long", "p"), context -> {
            started.countDown();
            while (true) {
                context.checkCancelled();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        long before = System.nanoTime();
        jobs.cancel(job);
        ExecutionException e = assertThrows(ExecutionException.class, () -> job.result().get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof JobCancelledException);
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1));
        assertEquals(JobState.CANCELLED, job.state());
    }

    @Test
    void aJobBlockedInInterruptibleIoIsCancelledThroughTheInterrupt() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch started = new CountDownLatch(1);
        RunningJob<?> job = jobs.submit(JobSpec.reading("Blocked", "p"), context -> {
            started.countDown();
            new CountDownLatch(1).await(); // never released: only the interrupt ends it
            return null;
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        job.cancel();
        assertThrows(ExecutionException.class, () -> job.result().get(1, TimeUnit.SECONDS));
        assertEquals(JobState.CANCELLED, job.state());
    }

    @Test
    void cancellingAQueuedWriterEndsItAtOnceAndTheNextOneRuns() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        RunningJob<?> first = jobs.submit(JobSpec.writing("First", "p"), blocking(firstStarted, releaseFirst));
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        RunningJob<?> second = jobs.submit(JobSpec.writing("Second", "p"), context -> "second");
        RunningJob<?> third = jobs.submit(JobSpec.writing("Third", "p"), context -> "third");

        jobs.cancel(second);
        assertEquals(JobState.CANCELLED, second.state(), "a queued job ends at once");
        releaseFirst.countDown();
        await(first);
        assertEquals("third", await(third));
    }

    @Test
    void aFailedJobKeepsItsErrorAndGoesToTheHistory() throws Exception {
        JobRunner jobs = runner();
        RunningJob<?> job = jobs.submit(JobSpec.writing("Doomed", "p"), context -> {
            context.log("about to fail");
            throw new java.io.IOException("disk full");
        });
        assertThrows(ExecutionException.class, () -> await(job));
        assertEquals(JobState.FAILED, job.state());
        JobRecord record = jobs.history().records().get(0);
        assertEquals("Doomed", record.title());
        assertEquals(JobState.FAILED, record.outcome());
        assertEquals("disk full", record.error());
        assertTrue(record.logTail().contains("about to fail"));
    }

    @Test
    void submissionsBeyondCapacityAreRefusedWithAClearMessage() throws Exception {
        JobRunner jobs = new JobRunner(1, 1, null, Clock.systemUTC());
        runner = jobs;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        jobs.submit(JobSpec.reading("Running", null), blocking(started, release));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        jobs.submit(JobSpec.reading("Queued", null), context -> null);
        RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                () -> jobs.submit(JobSpec.reading("One too many", null), context -> null));
        assertTrue(refused.getMessage() != null);
        release.countDown();
    }

    @Test
    void listenersHearEveryStateChange() throws Exception {
        JobRunner jobs = runner();
        List<JobState> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        jobs.addListener(job -> {
            if (seen.isEmpty() || seen.get(seen.size() - 1) != job.state()) {
                seen.add(job.state());
            }
            if (job.state().isFinished()) {
                finished.countDown();
            }
        });
        jobs.submit(JobSpec.reading("Quick", null), context -> null);
        assertTrue(finished.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED), seen);
    }

    @Test
    void resultTimesOutWhileRunning() throws Exception {
        JobRunner jobs = runner();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RunningJob<?> job = jobs.submit(JobSpec.reading("Slow", null), blocking(started, release));
        assertThrows(TimeoutException.class, () -> job.result().get(50, TimeUnit.MILLISECONDS));
        release.countDown();
        await(job);
    }
}
