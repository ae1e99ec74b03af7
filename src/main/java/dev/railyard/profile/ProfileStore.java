package dev.railyard.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.home.AtomicFiles;
import dev.railyard.home.Json;
import dev.railyard.home.SharedFileLock;
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
        change(current -> {
            ProfileNames.require(profile.name());
            requireNameFree(profile.name(), profile.name());
            List<ConnectionProfile> next = new ArrayList<>(current);
            next.removeIf(p -> p.name().equals(profile.name()));
            next.add(profile);
            return next;
        });
    }

    /** Saves {@code profile} in place of the one called {@code oldName} (a rename keeps its position). */
    public void replace(String oldName, ConnectionProfile profile) {
        change(current -> {
            ProfileNames.require(profile.name());
            requireNameFree(profile.name(), oldName);
            List<ConnectionProfile> next = new ArrayList<>(current);
            next.removeIf(p -> p.name().equals(oldName) || p.name().equals(profile.name()));
            next.add(profile);
            return next;
        });
    }

    public boolean remove(String name) {
        boolean[] removed = new boolean[1];
        change(current -> {
            List<ConnectionProfile> next = new ArrayList<>(current);
            removed[0] = next.removeIf(p -> p.name().equals(name));
            return removed[0] ? next : null;
        });
        return removed[0];
    }

    /**
     * One read-modify-write of profiles.json, shared safely with every other Railyard process: under
     * the lock file beside it, the file is read again (another process may have changed it since),
     * the change applied to what it holds, and the result written by atomic replace.
     *
     * @param edit the new list from the current one; null to write nothing
     */
    private void change(java.util.function.UnaryOperator<List<ConnectionProfile>> edit) {
        boolean changed;
        synchronized (this) {
            checkWritable();
            try {
                changed = SharedFileLock.with(lockFile(), () -> {
                    reload();
                    List<ConnectionProfile> next = edit.apply(List.copyOf(profiles));
                    if (next == null) {
                        return false;
                    }
                    write(next);
                    return true;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not lock " + lockFile() + " to change the profiles: " + e.getMessage(), e);
            }
        }
        if (changed) {
            fire();
        }
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** Reads the file again; when it cannot be read (kept aside at start), the profiles in memory stay. */
    private void reload() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.isObject() || !root.path("profiles").isArray()) {
                return;
            }
            if (root.path("version").asInt(0) > FORMAT_VERSION) {
                readOnly = true;
                problem = file + " was written by a newer Railyard (format " + root.path("version").asInt(0)
                        + "; this one reads " + FORMAT_VERSION + "). Profiles are read-only until you update Railyard.";
                checkWritable();
            }
            List<ConnectionProfile> read = new ArrayList<>();
            for (JsonNode node : root.path("profiles")) {
                try {
                    read.add(json.treeToValue(node, ConnectionProfile.class));
                } catch (IOException | IllegalArgumentException e) {
                    // A profile this version cannot read: kept as it is in memory if it was there, dropped otherwise.
                    profiles.stream().filter(p -> p.name().equals(node.path("name").asText())).findFirst().ifPresent(read::add);
                }
            }
            profiles.clear();
            profiles.addAll(read);
        } catch (IOException e) {
            // Not readable now: the copy in memory is what this process knows; the start already kept a broken file aside.
        }
    }

    /**
     * Reads profiles.json again, as another process (the command line, a second window) may have
     * changed it; listeners are told when what it holds differs from what this store knew.
     */
    public void refresh() {
        boolean changed;
        synchronized (this) {
            List<ConnectionProfile> before = List.copyOf(profiles);
            reload();
            changed = !before.equals(profiles);
        }
        if (changed) {
            fire();
        }
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
