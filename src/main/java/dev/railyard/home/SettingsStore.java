package dev.railyard.home;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RAILYARD_HOME/settings.json. Settings are conveniences: a missing or unreadable file means
 * the defaults (logged, never fatal), and the next save writes a good file atomically.
 */
public final class SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;
    private final ObjectMapper json = Json.mapper();
    private Settings current;

    public SettingsStore(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    /** Reads the file again; the defaults when it is missing or cannot be read. */
    public synchronized Settings load() {
        current = read();
        return current;
    }

    /** The settings last loaded or saved (loading them on first use). */
    public synchronized Settings current() {
        if (current == null) {
            current = read();
        }
        return current;
    }

    public synchronized void save(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            AtomicFiles.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(settings) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the settings to " + file + ": " + e.getMessage(), e);
        }
        current = settings;
    }

    /** Applies {@code change} to the current settings and saves the result. */
    public synchronized Settings update(UnaryOperator<Settings> change) {
        Settings next = change.apply(current());
        save(next);
        return next;
    }

    private Settings read() {
        if (!Files.isRegularFile(file)) {
            return Settings.defaults();
        }
        try {
            Settings settings = json.readerFor(Settings.class)
                    // A theme a newer Railyard added reads as the default instead of losing the whole file.
                    .with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                    .readValue(file.toFile());
            return settings == null ? Settings.defaults() : settings;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read the settings {}; using the defaults: {}", file, e.getMessage());
            return Settings.defaults();
        }
    }
}
