package dev.railyard.task;

import dev.railyard.home.JsonLinesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished jobs, one JSON object per line in RAILYARD_HOME/jobs.jsonl. Appending a line is
 * the only write, so a crash costs at most the line being written; a damaged line is skipped
 * (and logged) when the history is read back.
 */
public final class JobHistory {

    private static final Logger LOG = LoggerFactory.getLogger(JobHistory.class);
    /** Records kept when the file is compacted. */
    static final int KEEP = 500;

    private final JsonLinesFile<JobRecord> file;
    private final List<JobRecord> records = new ArrayList<>();
    private final int skippedLines;

    public JobHistory(Path file) {
        this.file = new JsonLinesFile<>(file, JobRecord.class);
        records.addAll(this.file.read());
        skippedLines = this.file.skippedLines();
    }

    /** Oldest first. */
    public synchronized List<JobRecord> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    /** Lines that could not be read back at start. */
    public int skippedLines() {
        return skippedLines;
    }

    public synchronized void append(JobRecord record) {
        records.add(record);
        try {
            file.append(record);
            if (records.size() > KEEP * 2) {
                List<JobRecord> kept = new ArrayList<>(records.subList(records.size() - KEEP, records.size()));
                records.clear();
                records.addAll(kept);
                file.rewrite(kept);
            }
        } catch (IOException e) {
            LOG.warn("Could not write the job history to {}", file.file(), e);
        }
    }
}
