package dev.railyard.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobHistoryTest {

    @TempDir
    Path home;

    private static JobRecord record(long id, JobState outcome) {
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        return new JobRecord(id, "Backup " + id, "prod", outcome, start, start.plusSeconds(5), 5000,
                outcome == JobState.FAILED ? "boom" : null, List.of("line 1", "line 2"));
    }

    @Test
    void historySurvivesARestart() {
        Path file = home.resolve("jobs.jsonl");
        JobHistory history = new JobHistory(file);
        history.append(record(1, JobState.SUCCEEDED));
        history.append(record(2, JobState.FAILED));

        JobHistory reopened = new JobHistory(file);
        assertEquals(List.of(record(1, JobState.SUCCEEDED), record(2, JobState.FAILED)), reopened.records());
    }

    @Test
    void aDamagedLineIsSkippedAndTheRestIsKept() throws Exception {
        Path file = home.resolve("jobs.jsonl");
        JobHistory history = new JobHistory(file);
        history.append(record(1, JobState.SUCCEEDED));
        // A crash in the middle of a line, then more records after a restart.
        Files.writeString(file, "{\"id\":2,\"title\":\"Backup 2\",\"outc", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(file, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        new JobHistory(file).append(record(3, JobState.CANCELLED));

        JobHistory reopened = new JobHistory(file);
        assertEquals(1, reopened.skippedLines());
        assertEquals(List.of(1L, 3L), reopened.records().stream().map(JobRecord::id).toList());
    }

    @Test
    void aMissingFileIsAnEmptyHistory() {
        assertEquals(List.of(), new JobHistory(home.resolve("nothing-here.jsonl")).records());
    }
}
