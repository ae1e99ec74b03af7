package dev.railyard.task;

/**
 * Told when a job is submitted, changes state, reports progress or logs. Called on the job's
 * own thread (or the submitter's): a UI listener hands the news to its toolkit thread.
 */
@FunctionalInterface
public interface JobListener {
    void changed(RunningJob<?> job);
}
