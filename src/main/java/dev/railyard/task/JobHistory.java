package dev.railyard.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.home.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private final Path file;
    private final ObjectMapper json = Json.mapper();
    private final List<JobRecord> records = new ArrayList<>();
    private int skippedLines;

    public JobHistory(Path file) {
        this.file = file;
        load();
    }

    /** Oldest first. */
    public synchronized List<JobRecord> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    /** Lines that could not be read back at start. */
    public synchronized int skippedLines() {
        return skippedLines;
    }

    public synchronized void append(JobRecord record) {
        records.add(record);
        try {
            dev.railyard.home.AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                try {
                    dev.railyard.home.AtomicFiles.createPrivateFile(file);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another run made it first: append to it.
                }
            }
            String line = json.writeValueAsString(record) + "\n";
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(line);
            }
            if (records.size() > KEEP * 2) {
                compact();
            }
        } catch (IOException e) {
            LOG.warn("Could not write the job history to {}", file, e);
        }
    }

    private void compact() throws IOException {
        List<JobRecord> kept = new ArrayList<>(records.subList(records.size() - KEEP, records.size()));
        records.clear();
        records.addAll(kept);
        StringBuilder content = new StringBuilder();
        for (JobRecord record : kept) {
            content.append(json.writeValueAsString(record)).append('\n');
        }
        dev.railyard.home.AtomicFiles.writeString(file, content.toString());
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Could not read the job history {}", file, e);
            return;
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(json.readValue(line, JobRecord.class));
            } catch (JsonProcessingException e) {
                skippedLines++;
                LOG.warn("Skipped a damaged line in {}: {}", file, e.getOriginalMessage());
            }
        }
    }
}
