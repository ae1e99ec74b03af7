package dev.railyard.task;

/** Thrown inside a job when the user cancelled it; the runner records the job as cancelled. */
public class JobCancelledException extends RuntimeException {
    public JobCancelledException() {
        super("Cancelled by the user");
    }
}
