package dev.railyard.ui.task;

import dev.railyard.task.JobHistory;
import dev.railyard.task.JobListener;
import dev.railyard.task.JobRecord;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobState;
import dev.railyard.task.RunningJob;
import dev.railyard.task.Sizes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The task panel's state: the runner's active jobs, the finished ones newest first, and the
 * one-line summary for the status bar.
 *
 * <p>The runner tells its listeners on job threads, and a job may report progress thousands of
 * times a second. The listener only raises a dirty flag; the first raise hands one
 * {@link #refresh()} to the UI executor, and further news waits for that refresh. So at most
 * one refresh is ever pending, and the UI thread reads the jobs' state instead of receiving
 * every event.
 */
public final class TaskPanelModel {

    /** Log lines the history keeps, as the runner's own record does. */
    private static final int LOG_TAIL = 40;
    private static final int ERROR_CHARS = 160;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH);

    private final JobRunner runner;
    private final JobHistory history;
    private final Executor uiThread;
    private final Clock clock;
    private final ZoneId zone;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** Jobs that ended since the last refresh, even those that ended before a refresh saw them run. */
    private final Queue<RunningJob<?>> ended = new ConcurrentLinkedQueue<>();
    private final JobListener listener = this::jobChanged;

    private final ObservableList<JobRow> activeJobs = FXCollections.observableArrayList();
    private final ObservableList<JobRow> activeView = FXCollections.unmodifiableObservableList(activeJobs);
    private final ObservableList<JobRecord> finishedJobs = FXCollections.observableArrayList();
    private final ObservableList<JobRecord> finishedView = FXCollections.unmodifiableObservableList(finishedJobs);
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper queued = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(summaryOf(0, 0));
    private final ObservableList<JobRecord> notices = FXCollections.observableArrayList();
    /** Jobs that already had their notice, by {@link #key}. UI thread only. */
    private final Set<String> noticed = new HashSet<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<JobRow> current = new javafx.beans.property.ReadOnlyObjectWrapper<>();

    /** Rows by job id, for updating in place. UI thread only. */
    private final Map<Long, JobRow> rows = new LinkedHashMap<>();
    /**
     * Jobs that finished in this session and may not be in the history file yet (the runner
     * appends the record just after telling its listeners). UI thread only.
     */
    private final List<JobRecord> recentlyFinished = new ArrayList<>();

    /**
     * @param uiThread where refreshes run: the FX thread (throttled) in the app; tests pass an
     *                 executor they drain themselves
     */
    public TaskPanelModel(JobRunner runner, Executor uiThread) {
        this(runner, uiThread, Clock.systemDefaultZone());
    }

    public TaskPanelModel(JobRunner runner, Executor uiThread, Clock clock) {
        this.runner = runner;
        this.history = runner.history();
        this.uiThread = uiThread;
        this.clock = clock;
        this.zone = clock.getZone();
        runner.addListener(listener);
        refresh();
        reloadHistory();
    }

    /** Running jobs first, then queued ones, each oldest first. */
    public ObservableList<JobRow> activeJobs() {
        return activeView;
    }

    /** Finished jobs, newest first: this session's and those in the history file. */
    public ObservableList<JobRecord> history() {
        return finishedView;
    }

    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty queuedProperty() {
        return queued.getReadOnlyProperty();
    }

    /** "2 running, 1 queued", or "No jobs running". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Asks the job to stop; a queued one ends at once. The job's thread does the rest. */
    public void cancel(JobRow row) {
        runner.cancel(row.job());
        row.update();
    }

    /**
     * When quitting would stop a writing job: the question to ask, naming every active job.
     * Empty when nothing writes and the app may close without asking.
     */
    public Optional<String> closeWarning() {
        if (!runner.hasWritingJobs()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("Quitting now cancels these jobs:\n");
        for (RunningJob<?> job : runner.activeJobs()) {
            text.append("\n• ").append(job.title());
            if (job.spec().profile() != null) {
                text.append(" on ").append(job.spec().profile());
            }
            text.append(" (").append(job.state().displayName().toLowerCase(Locale.ROOT));
            text.append(job.spec().writes() ? ", writes" : "").append(')');
        }
        text.append("\n\nA cancelled job stops at its next safe point; check its log in the task history afterwards.");
        return Optional.of(text.toString());
    }

    /**
     * "Succeeded · prod-main · 12 s · 14:03": short enough for one line of the panel. The
     * profile is left out when the title already names it ("Backup prod-main").
     */
    public String describe(JobRecord record) {
        StringBuilder text = new StringBuilder();
        text.append(record.outcome() == null ? "Unknown" : record.outcome().displayName());
        if (record.profile() != null && !record.profile().isBlank() && !record.title().contains(record.profile())) {
            text.append(" · ").append(record.profile());
        }
        text.append(" · ").append(Sizes.duration(Duration.ofMillis(record.durationMillis())));
        if (record.finished() != null) {
            ZonedDateTime at = record.finished().atZone(zone);
            text.append(" · ").append(at.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(at) : DATE_TIME.format(at));
        }
        return text.toString();
    }

    /** A failure in at most a few lines for the history list; the log dialog has all of it. */
    public static String shortError(JobRecord record) {
        String error = record.error() == null ? "" : record.error().strip();
        int newline = error.indexOf('\n');
        if (newline >= 0) {
            error = error.substring(0, newline) + " …";
        }
        return error.length() > ERROR_CHARS ? error.substring(0, ERROR_CHARS) + "…" : error;
    }

    /** The text shown when the user opens a finished job's log. */
    public String logText(JobRecord record) {
        StringBuilder text = new StringBuilder();
        text.append(record.title()).append('\n').append(describe(record)).append('\n');
        if (record.error() != null && !record.error().isBlank()) {
            text.append("\nError: ").append(record.error()).append('\n');
        }
        text.append('\n');
        if (record.logTail().isEmpty()) {
            text.append("(the job logged nothing)\n");
        } else {
            if (record.logTail().size() >= LOG_TAIL) {
                text.append("… last ").append(record.logTail().size()).append(" lines:\n");
            }
            record.logTail().forEach(line -> text.append(line).append('\n'));
        }
        return text.toString();
    }

    /**
     * Jobs that finished in this window and were not dismissed yet, newest last: each shows a
     * short notice with its outcome and a link to its log. Failures stay until dismissed.
     */
    public ObservableList<JobRecord> notices() {
        return notices;
    }

    /** The user has seen a finished job's notice. */
    public void dismiss(JobRecord record) {
        notices.remove(record);
    }

    /** The first running job (what the status bar's progress shows), or null. */
    public javafx.beans.property.ReadOnlyObjectProperty<JobRow> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** Stops listening to the runner. */
    public void dispose() {
        runner.removeListener(listener);
    }

    private void jobChanged(RunningJob<?> job) {
        if (job.state().isFinished()) {
            ended.add(job);
        }
        if (dirty.compareAndSet(false, true)) {
            uiThread.execute(this::refresh);
        }
    }

    /**
     * Reads the runner's jobs into the rows, lists and summary. Call on the UI thread; the view
     * also calls it once a second while jobs run, so "Running for 12 s" keeps counting.
     */
    public void refresh() {
        // Cleared first: news arriving while we read schedules the next refresh.
        dirty.set(false);
        List<RunningJob<?>> active = runner.activeJobs();
        Set<Long> stillActive = new HashSet<>();
        int runningCount = 0;
        int queuedCount = 0;
        for (RunningJob<?> job : active) {
            if (job.state().isFinished()) {
                continue;
            }
            stillActive.add(job.id());
            rows.computeIfAbsent(job.id(), id -> new JobRow(job)).update();
            if (job.state() == JobState.RUNNING) {
                runningCount++;
            } else {
                queuedCount++;
            }
        }
        boolean finishedSome = false;
        for (RunningJob<?> job; (job = ended.poll()) != null; ) {
            rows.remove(job.id());
            finishedSome |= rememberFinished(job);
        }
        for (var it = rows.values().iterator(); it.hasNext(); ) {
            JobRow row = it.next();
            if (!stillActive.contains(row.id())) {
                it.remove();
                finishedSome |= rememberFinished(row.job());
            }
        }
        List<JobRow> ordered = new ArrayList<>(rows.values());
        ordered.sort(Comparator.comparing((JobRow row) -> row.stateProperty().get() == JobState.RUNNING ? 0 : 1)
                .thenComparingLong(JobRow::id));
        if (!ordered.equals(activeJobs)) {
            activeJobs.setAll(ordered);
        }
        JobRow first = ordered.stream().filter(row -> row.stateProperty().get() == JobState.RUNNING).findFirst()
                .orElse(ordered.isEmpty() ? null : ordered.get(0));
        if (current.get() != first) {
            current.set(first);
        }
        running.set(runningCount);
        queued.set(queuedCount);
        summary.set(summaryOf(runningCount, queuedCount));
        if (finishedSome) {
            reloadHistory();
        }
    }

    static String summaryOf(int running, int queued) {
        if (running == 0 && queued == 0) {
            return "No jobs running";
        }
        List<String> parts = new ArrayList<>();
        if (running > 0) {
            parts.add(running + " running");
        }
        if (queued > 0) {
            parts.add(queued + " queued");
        }
        return String.join(", ", parts);
    }

    private void reloadHistory() {
        List<JobRecord> stored = history == null ? List.of() : history.records();
        Set<String> storedKeys = new HashSet<>();
        stored.forEach(record -> storedKeys.add(key(record)));
        // Once the file has a job's record, the copy made here is no longer needed.
        recentlyFinished.removeIf(record -> storedKeys.contains(key(record)));
        List<JobRecord> all = new ArrayList<>(stored);
        all.addAll(recentlyFinished);
        all.sort(Comparator.comparing(JobRecord::finished, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(JobRecord::id)
                .reversed());
        finishedJobs.setAll(all);
    }

    private boolean rememberFinished(RunningJob<?> job) {
        JobRecord record = recordOf(job);
        String key = key(record);
        if (recentlyFinished.stream().anyMatch(known -> key(known).equals(key))) {
            return false;
        }
        recentlyFinished.add(record);
        // Once per job: a job heard of again after its record reached the history file is not news.
        if (noticed.add(key)) {
            notices.add(record);
        }
        return true;
    }

    /** Job ids restart with each run of the app, so a record is known by its id and start. */
    private static String key(JobRecord record) {
        return record.id() + "@" + record.started();
    }

    private JobRecord recordOf(RunningJob<?> job) {
        String error = job.state() == JobState.FAILED ? job.failure().map(JobRunner::describe).orElse(null) : null;
        return new JobRecord(job.id(), job.title(), job.spec().profile(), job.state(),
                job.started().orElse(job.submitted()), job.finished().orElse(clock.instant()),
                job.duration().toMillis(), error, job.logTail(LOG_TAIL));
    }
}
