package dev.railyard.ui.task;

import dev.railyard.task.JobProgress;
import dev.railyard.task.JobState;
import dev.railyard.task.RunningJob;
import dev.railyard.task.Sizes;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.BooleanProperty;

/**
 * One running or queued job as the task panel shows it. The row lives as long as the job is
 * active and is updated in place, so its card (and its cancel button) stays put while the job
 * reports progress. Updated only on the UI thread, by {@link TaskPanelModel#refresh()}.
 */
public final class JobRow {

    private final RunningJob<?> job;
    private final ObjectProperty<JobState> state = new SimpleObjectProperty<>(JobState.QUEUED);
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty detail = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty cancelRequested = new SimpleBooleanProperty();

    JobRow(RunningJob<?> job) {
        this.job = job;
        update();
    }

    public RunningJob<?> job() { return job; }

    public long id() { return job.id(); }

    public String title() { return job.title(); }

    /** The profile it works on, or "" for jobs on none. */
    public String profile() { return job.spec().profile() == null ? "" : job.spec().profile(); }

    public boolean writes() { return job.spec().writes(); }

    public ReadOnlyObjectProperty<JobState> stateProperty() { return state; }

    /** 0..1, or -1 for an indeterminate bar (total unknown, or still queued). */
    public ReadOnlyDoubleProperty progressProperty() { return progress; }

    /** "1.2 GB of 3.4 GB · 45.0 MB/s · 52 s left", "Running for 12 s", or what a queued job waits for. */
    public ReadOnlyStringProperty detailProperty() { return detail; }

    /** The job's current step. */
    public ReadOnlyStringProperty messageProperty() { return message; }

    public ReadOnlyBooleanProperty cancelRequestedProperty() { return cancelRequested; }

    void update() {
        JobState now = job.state();
        state.set(now);
        cancelRequested.set(job.isCancelRequested());
        message.set(job.message());
        JobProgress snapshot = job.progress();
        if (now == JobState.QUEUED) {
            progress.set(0);
            detail.set(job.waitingFor().isBlank() ? "Queued: waiting for a free worker" : "Queued: " + job.waitingFor());
        } else if (snapshot.total() < 0 && snapshot.done() == 0) {
            // A job that has not counted anything yet: say how long it has been going instead of "0 steps".
            progress.set(-1);
            detail.set("Running for " + Sizes.duration(snapshot.elapsed()));
        } else {
            progress.set(snapshot.fraction());
            detail.set(snapshot.describe());
        }
    }

    @Override
    public String toString() {
        return "row of " + job;
    }
}
