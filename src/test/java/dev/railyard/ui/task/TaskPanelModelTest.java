package dev.railyard.ui.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.task.Job;
import dev.railyard.task.JobHistory;
import dev.railyard.task.JobRecord;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.task.JobState;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.RunningJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task panel's model over a real JobRunner, without the FX toolkit. The "UI thread" is
 * this test: scheduled refreshes are only counted, and the test calls refresh() itself.
 */
class TaskPanelModelTest {

    @TempDir
    Path home;

    private JobRunner runner;
    private final AtomicInteger scheduled = new AtomicInteger();
    private TaskPanelModel model;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        runner = new JobRunner(3, 16, new JobHistory(home.resolve("jobs.jsonl")), Clock.systemUTC());
        model = new TaskPanelModel(runner, task -> scheduled.incrementAndGet());
    }

    @AfterEach
    void stop() {
        release.countDown();
        model.dispose();
        runner.shutdown(Duration.ofSeconds(5));
    }

    /** Blocks until the test releases it, saying when it started. */
    private Job<String> blocking(CountDownLatch started) {
        return context -> {
            started.countDown();
            while (!release.await(20, TimeUnit.MILLISECONDS)) {
                context.checkCancelled();
            }
            return "done";
        };
    }

    private static void awaitEnd(RunningJob job) throws Exception {
        job.result().handle((value, error) -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFinishedJobHasOneNoticeEvenWhenHeardOfAgainAfterItsRecordWasWritten() throws Exception {
        RunningJob<?> job = runner.submit(JobSpec.writing("Back up shop", "shop"), context -> "done");
        awaitEnd(job);
        model.refresh();
        model.refresh();
        // The runner tells its listeners again (as a late log line does) after the history has the record.
        java.lang.reflect.Method changed = TaskPanelModel.class.getDeclaredMethod("jobChanged", RunningJob.class);
        changed.setAccessible(true);
        changed.invoke(model, job);
        model.refresh();
        assertEquals(1, model.notices().size(), model.notices().toString());
        model.dismiss(model.notices().get(0));
        assertTrue(model.notices().isEmpty());
    }

    @Test
    void summaryCountsRunningAndQueuedJobs() throws Exception {
        assertEquals("No jobs running", model.summaryProperty().get());

        CountDownLatch backupStarted = new CountDownLatch(1);
        CountDownLatch readStarted = new CountDownLatch(1);
        RunningJob backup = runner.submit(JobSpec.writing("Backup shop", "shop"), blocking(backupStarted));
        RunningJob migrate = runner.submit(JobSpec.writing("Migrate shop", "shop"), blocking(new CountDownLatch(1)));
        assertTrue(backupStarted.await(5, TimeUnit.SECONDS));
        model.refresh();
        assertEquals("1 running, 1 queued", model.summaryProperty().get());

        RunningJob sizes = runner.submit(JobSpec.reading("Table sizes", "shop"), blocking(readStarted));
        assertTrue(readStarted.await(5, TimeUnit.SECONDS));
        model.refresh();
        assertEquals("2 running, 1 queued", model.summaryProperty().get());
        assertEquals(List.of("Backup shop", "Table sizes", "Migrate shop"),
                model.activeJobs().stream().map(JobRow::title).toList(), "running first, then queued");

        release.countDown();
        awaitEnd(backup);
        awaitEnd(migrate);
        awaitEnd(sizes);
        model.refresh();
        assertEquals("No jobs running", model.summaryProperty().get());
        assertTrue(model.activeJobs().isEmpty());
        assertEquals(3, model.history().size());
        assertTrue(model.history().stream().allMatch(record -> record.outcome() == JobState.SUCCEEDED));
    }

    @Test
    void queuedJobSaysWhatItWaitsForAndRunningJobShowsItsProgress() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        runner.submit(JobSpec.writing("Backup shop", "shop"), context -> {
            context.progress(50, 200, ProgressUnit.ROWS);
            context.message("Copying public.orders");
            reported.countDown();
            return blocking(started).run(context);
        });
        runner.submit(JobSpec.writing("Restore shop", "shop"), blocking(new CountDownLatch(1)));
        assertTrue(reported.await(5, TimeUnit.SECONDS));
        model.refresh();

        JobRow running = model.activeJobs().get(0);
        assertEquals(JobState.RUNNING, running.stateProperty().get());
        assertEquals(0.25, running.progressProperty().get());
        assertTrue(running.detailProperty().get().startsWith("50 of 200 rows"), running.detailProperty().get());
        assertEquals("Copying public.orders", running.messageProperty().get());

        JobRow queued = model.activeJobs().get(1);
        assertEquals(JobState.QUEUED, queued.stateProperty().get());
        assertEquals("Queued: waiting for 'Backup shop' on shop", queued.detailProperty().get());
    }

    @Test
    void jobWithoutATotalHasAnIndeterminateBarAndSaysHowLongItRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        runner.submit(JobSpec.reading("Check", null), blocking(started));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        model.refresh();

        JobRow row = model.activeJobs().get(0);
        assertEquals(-1, row.progressProperty().get());
        assertTrue(row.detailProperty().get().startsWith("Running for "), row.detailProperty().get());
        assertEquals("", row.profile());
    }

    @Test
    void thousandsOfProgressReportsScheduleOneRefresh() throws Exception {
        RunningJob chatty = runner.submit(JobSpec.reading("Chatty", "shop"), context -> {
            for (int i = 0; i < 100_000; i++) {
                context.progress(i, 100_000, ProgressUnit.ROWS);
            }
            return null;
        });
        awaitEnd(chatty);
        assertEquals(1, scheduled.get(), "one refresh pending at a time, however many reports");

        model.refresh();
        RunningJob next = runner.submit(JobSpec.reading("Next", "shop"), context -> null);
        awaitEnd(next);
        assertEquals(2, scheduled.get(), "after a refresh, the next news schedules the next one");
    }

    @Test
    void cancellingAQueuedJobEndsItAndPutsItInTheHistory() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        runner.submit(JobSpec.writing("Backup shop", "shop"), blocking(started));
        RunningJob queued = runner.submit(JobSpec.writing("Migrate shop", "shop"), blocking(new CountDownLatch(1)));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        model.refresh();

        JobRow row = model.activeJobs().stream().filter(r -> r.job() == queued).findFirst().orElseThrow();
        model.cancel(row);
        awaitEnd(queued);
        model.refresh();

        assertEquals(JobState.CANCELLED, queued.state());
        assertEquals("1 running", model.summaryProperty().get());
        JobRecord newest = model.history().get(0);
        assertEquals("Migrate shop", newest.title());
        assertEquals(JobState.CANCELLED, newest.outcome());
    }

    @Test
    void historyListsNewestFirstAcrossRestartsWithTheFailureAndLog() throws Exception {
        RunningJob first = runner.submit(JobSpec.reading("First", "shop"), context -> "ok");
        awaitEnd(first);
        RunningJob failing = runner.submit(JobSpec.writing("Second", "shop"), context -> {
            context.log("connecting to shop");
            throw new IllegalStateException("relation \"orders\" does not exist");
        });
        awaitEnd(failing);
        runner.shutdown(Duration.ofSeconds(5));

        // A new app: the history comes back from jobs.jsonl.
        JobRunner restarted = new JobRunner(1, 4, new JobHistory(home.resolve("jobs.jsonl")), Clock.systemUTC());
        try {
            TaskPanelModel fresh = new TaskPanelModel(restarted, task -> { });
            List<JobRecord> history = fresh.history();
            assertEquals(List.of("Second", "First"), history.stream().map(JobRecord::title).toList());
            assertTrue(history.stream().map(JobRecord::finished).sorted(Comparator.reverseOrder()).toList()
                    .equals(history.stream().map(JobRecord::finished).toList()));
            JobRecord failed = history.get(0);
            assertEquals(JobState.FAILED, failed.outcome());
            String log = fresh.logText(failed);
            assertTrue(log.contains("Error: relation \"orders\" does not exist"), log);
            assertTrue(log.contains("connecting to shop"), log);
            assertTrue(fresh.describe(failed).startsWith("Failed · shop · "), fresh.describe(failed));
            JobRecord backup = new JobRecord(9, "Backup shop", "shop", JobState.SUCCEEDED, failed.started(),
                    failed.finished(), 161_000, null, List.of());
            assertTrue(fresh.describe(backup).startsWith("Succeeded · 2 min 41 s · "), fresh.describe(backup));
            assertEquals("relation \"orders\" does not exist", TaskPanelModel.shortError(failed));
        } finally {
            restarted.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void closeWarningNamesTheJobsOnlyWhenOneWrites() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        runner.submit(JobSpec.reading("Table sizes", "shop"), blocking(readStarted));
        assertTrue(readStarted.await(5, TimeUnit.SECONDS));
        assertTrue(model.closeWarning().isEmpty(), "reading jobs can simply stop");

        CountDownLatch writeStarted = new CountDownLatch(1);
        runner.submit(JobSpec.writing("Backup shop", "shop"), blocking(writeStarted));
        runner.submit(JobSpec.writing("Restore shop", "shop"), blocking(new CountDownLatch(1)));
        assertTrue(writeStarted.await(5, TimeUnit.SECONDS));

        String warning = model.closeWarning().orElseThrow();
        assertTrue(warning.contains("Backup shop on shop (running, writes)"), warning);
        assertTrue(warning.contains("Restore shop on shop (queued, writes)"), warning);
        assertTrue(warning.contains("Table sizes on shop (running)"), warning);
    }
}
