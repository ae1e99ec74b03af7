package dev.railyard.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.home.AtomicFiles;
import dev.railyard.home.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The profiles in RAILYARD_HOME/profiles.json. Every change rewrites the file atomically.
 * A file that cannot be read (corrupt) is copied aside and reported; a file written by a newer
 * Railyard is left alone and the store turns read-only, so neither is ever overwritten silently.
 */
public final class ProfileStore {

    /** The format version this build writes. */
    public static final int FORMAT_VERSION = 1;

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final List<ConnectionProfile> profiles = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private String problem;
    private boolean readOnly;

    public ProfileStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public ProfileStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        load();
    }

    public Path file() {
        return file;
    }

    /** What went wrong reading the file at start, worded for the user; empty when all was well. */
    public synchronized Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public synchronized boolean isReadOnly() {
        return readOnly;
    }

    /** Sorted by environment (production first), then name. */
    public synchronized List<ConnectionProfile> list() {
        List<ConnectionProfile> sorted = new ArrayList<>(profiles);
        sorted.sort(Comparator.comparing(ConnectionProfile::environment).thenComparing(p -> p.name().toLowerCase()));
        return List.copyOf(sorted);
    }

    public synchronized Optional<ConnectionProfile> find(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The profile, or an error that lists the ones there are. */
    public ConnectionProfile require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No profile named '" + name + "'"
                + (profiles.isEmpty() ? "; add one with: railyard profile add NAME --url URL"
                : "; known profiles: " + String.join(", ", list().stream().map(ConnectionProfile::name).toList()))));
    }

    /**
     * Throws unless {@code name} is free for a profile: no profile but {@code except} (null for none)
     * has it, in any case.
     */
    public synchronized void requireNameFree(String name, String except) {
        for (ConnectionProfile p : profiles) {
            if (ProfileNames.same(p.name(), name) && !p.name().equals(except)) {
                throw new IllegalArgumentException("A profile named '" + p.name() + "' already exists"
                        + (p.name().equals(name) ? "" : " (names differ only in case, and would share one backup folder)")
                        + ": choose another name");
            }
        }
    }

    /** Adds the profile, or replaces the one with the same name. */
    public void save(ConnectionProfile profile) {
        synchronized (this) {
            checkWritable();
            ProfileNames.require(profile.name());
            requireNameFree(profile.name(), profile.name());
            List<ConnectionProfile> next = new ArrayList<>(profiles);
            next.removeIf(p -> p.name().equals(profile.name()));
            next.add(profile);
            write(next);
        }
        fire();
    }

    /** Saves {@code profile} in place of the one called {@code oldName} (a rename keeps its position). */
    public void replace(String oldName, ConnectionProfile profile) {
        synchronized (this) {
            checkWritable();
            ProfileNames.require(profile.name());
            requireNameFree(profile.name(), oldName);
            List<ConnectionProfile> next = new ArrayList<>(profiles);
            next.removeIf(p -> p.name().equals(oldName) || p.name().equals(profile.name()));
            next.add(profile);
            write(next);
        }
        fire();
    }

    public boolean remove(String name) {
        boolean removed;
        synchronized (this) {
            checkWritable();
            List<ConnectionProfile> next = new ArrayList<>(profiles);
            removed = next.removeIf(p -> p.name().equals(name));
            if (removed) {
                write(next);
            }
        }
        if (removed) {
            fire();
        }
        return removed;
    }

    /** Told after every change, on the thread that made it. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException(problem);
        }
    }

    private void write(List<ConnectionProfile> next) {
        ObjectNode root = json.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode array = root.putArray("profiles");
        next.forEach(p -> array.add(json.valueToTree(p)));
        try {
            AtomicFiles.writePrivateString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the profiles to " + file + ": " + e.getMessage(), e);
        }
        profiles.clear();
        profiles.addAll(next);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
            if (root == null || !root.isObject() || !root.path("profiles").isArray()) {
                throw new IOException("not a Railyard profiles file");
            }
        } catch (IOException e) {
            keepAside("could not be read (" + firstLine(e.getMessage()) + ")");
            return;
        }
        int version = root.path("version").asInt(0);
        if (version > FORMAT_VERSION) {
            readOnly = true;
            problem = file + " was written by a newer Railyard (format " + version + "; this one reads "
                    + FORMAT_VERSION + "). Profiles are read-only until you update Railyard.";
        }
        List<ConnectionProfile> read = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (JsonNode node : root.path("profiles")) {
            try {
                read.add(json.treeToValue(node, ConnectionProfile.class));
            } catch (IOException | IllegalArgumentException e) {
                broken.add(node.path("name").asText("?"));
            }
        }
        if (!broken.isEmpty() && !readOnly) {
            keepAside("has profiles that could not be read: " + String.join(", ", broken));
        }
        profiles.addAll(read);
    }

    private void keepAside(String why) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
        Path aside = file.resolveSibling(file.getFileName() + ".broken-" + stamp);
        try {
            Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
            problem = file.getFileName() + " " + why + ". A copy was kept at " + aside
                    + "; Railyard starts from the profiles it could read.";
        } catch (IOException e) {
            readOnly = true;
            problem = file + " " + why + ", and a copy could not be kept aside (" + e.getMessage()
                    + "). Profiles are read-only so the file is not overwritten.";
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown error";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
