package dev.railyard.task;

import java.time.Instant;
import java.util.List;

/** A finished job as the history keeps it. */
public record JobRecord(
        long id,
        String title,
        String profile,
        JobState outcome,
        Instant started,
        Instant finished,
        long durationMillis,
        String error,
        List<String> logTail) {

    public JobRecord {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }
}
