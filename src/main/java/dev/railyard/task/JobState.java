package dev.railyard.task;

/** Where a job is in its life; the last three are final. */
public enum JobState {
    QUEUED("Queued", false),
    RUNNING("Running", false),
    SUCCEEDED("Succeeded", true),
    FAILED("Failed", true),
    CANCELLED("Cancelled", true);

    private final String displayName;
    private final boolean finished;

    JobState(String displayName, boolean finished) {
        this.displayName = displayName;
        this.finished = finished;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isFinished() {
        return finished;
    }
}
