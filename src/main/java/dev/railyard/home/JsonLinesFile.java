package dev.railyard.home;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private (0600) file of records, one JSON object per line. Appending a line is the only
 * ordinary write, so a crash costs at most the line being written; a damaged line is skipped (and
 * logged) when the file is read back. Not thread-safe: its owner synchronizes.
 */
public final class JsonLinesFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesFile.class);

    private final Path file;
    private final Class<T> type;
    private final ObjectMapper json = Json.mapper();
    private int skippedLines;

    public JsonLinesFile(Path file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    public Path file() {
        return file;
    }

    /** Lines the last {@link #read()} could not understand. */
    public int skippedLines() {
        return skippedLines;
    }

    /** The records, oldest first; none when the file does not exist or cannot be read (logged). */
    public List<T> read() {
        List<T> records = new ArrayList<>();
        skippedLines = 0;
        if (!Files.isRegularFile(file)) {
            return records;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Could not read {}", file, e);
            return records;
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(json.readValue(line, type));
            } catch (JsonProcessingException e) {
                skippedLines++;
                LOG.warn("Skipped a damaged line in {}: {}", file, e.getOriginalMessage());
            }
        }
        return records;
    }

    /** Appends one record; creates the file (and its folder) private to the user first. */
    public void append(T record) throws IOException {
        AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            try {
                AtomicFiles.createPrivateFile(file);
            } catch (FileAlreadyExistsException raced) {
                // Another run made it first: append to it.
            }
        }
        String line = json.writeValueAsString(record) + "\n";
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(line);
        }
    }

    /** Replaces the file with {@code kept}, atomically. */
    public void rewrite(List<T> kept) throws IOException {
        StringBuilder content = new StringBuilder();
        for (T record : kept) {
            content.append(json.writeValueAsString(record)).append('\n');
        }
        AtomicFiles.writeString(file, content.toString());
    }
}
