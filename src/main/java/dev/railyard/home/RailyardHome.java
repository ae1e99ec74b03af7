package dev.railyard.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The one folder that holds Railyard's state: profiles.json, the vault, job history,
 * settings and the default backup catalog. {@code RAILYARD_HOME} overrides the default
 * (the OS's config directory + "/railyard"), so tests and scripts can point it at a temp folder.
 */
public record RailyardHome(Path root) {

    public static final String VARIABLE = "RAILYARD_HOME";

    public RailyardHome {
        root = root.toAbsolutePath().normalize();
    }

    /** Resolves the home from the environment and system properties of this process. */
    public static RailyardHome fromEnvironment() {
        return resolve(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    static RailyardHome resolve(Map<String, String> env, String osName, String userHome) {
        String explicit = env.get(VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return new RailyardHome(Path.of(explicit.trim()));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        Path config;
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            config = appData != null ? Path.of(appData) : Path.of(userHome, "AppData", "Roaming");
        } else if (os.contains("mac")) {
            config = Path.of(userHome, "Library", "Application Support");
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
        }
        return new RailyardHome(config.resolve("railyard"));
    }

    /** The root folder, created if missing. */
    public Path ensureExists() {
        try {
            return AtomicFiles.createPrivateDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Railyard's home folder " + root, e);
        }
    }

    public Path profiles() { return root.resolve("profiles.json"); }

    public Path vault() { return root.resolve("vault.json"); }

    public Path jobHistory() { return root.resolve("jobs.jsonl"); }

    public Path settings() { return root.resolve("settings.json"); }

    public Path logs() { return root.resolve("logs"); }

    public Path backups() { return root.resolve("backups"); }

    public Path sandbox() { return root.resolve("sandbox"); }

    /** The SQL console's statement history, one file per profile. */
    public Path consoleHistory(String profile) { return root.resolve("console").resolve(profile + ".jsonl"); }

    /** Private files of running processes (native clients' option files), swept at start: see RunFiles. */
    public Path run() { return root.resolve("run"); }
}
