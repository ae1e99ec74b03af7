package dev.railyard.backup.postgres;

import dev.railyard.db.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL client tools on this machine (pg_dump, pg_restore, psql): where they are,
 * which version they are, and whether they can work with a given server. pg_dump refuses to
 * dump a server newer than itself ("server version mismatch"), the most reported backup
 * failure of desktop tools; this class says so before trying, with the reason.
 *
 * <p>Commands get the connection settings and the password through libpq's environment
 * variables (PGHOST, PGPASSWORD, ...), never through their arguments, which other users of
 * the machine can read in the process list.
 */
public final class NativePgTools {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?([A-Za-z]+\\d*)?");

    /** A tool found on disk. {@code major} is 9.6 -> 9, 15.20 -> 15. */
    public record Tool(String name, Path path, String versionText, int major, int minor) {
        public String version() {
            return major + "." + minor;
        }
    }

    /** Whether a tool can be used, and why (shown in the log and to the user). */
    public record Decision(boolean usable, Tool tool, String reason) { }

    private final List<Path> folders;
    private final Map<String, Optional<Tool>> found = new ConcurrentHashMap<>();

    /** Looks in {@code folders}, in order. */
    public NativePgTools(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The configured folder first (may be null), then the PATH. */
    public static NativePgTools fromEnvironment(Path configuredFolder) {
        List<Path> folders = new ArrayList<>();
        if (configuredFolder != null) {
            folders.add(configuredFolder);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String part : path.split(Pattern.quote(File.pathSeparator))) {
                if (!part.isBlank()) {
                    folders.add(Path.of(part));
                }
            }
        }
        return new NativePgTools(folders);
    }

    public List<Path> folders() {
        return folders;
    }

    /** pg_dump, pg_restore or psql, with its version; empty when not installed or not runnable. */
    public Optional<Tool> find(String name) {
        return found.computeIfAbsent(name, this::locate);
    }

    private Optional<Tool> locate(String name) {
        String file = isWindows() ? name + ".exe" : name;
        for (Path folder : folders) {
            Path candidate = folder.resolve(file);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                Optional<Tool> tool = version(name, candidate);
                if (tool.isPresent()) {
                    return tool;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Tool> version(String name, Path path) {
        try {
            Process process = ChildEnvironment.apply(new ProcessBuilder(path.toString(), "--version"), Map.of())
                    .redirectErrorStream(true).start();
            String text;
            try (InputStream in = process.getInputStream()) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            int[] parsed = parseVersion(text);
            if (process.exitValue() != 0 || parsed == null) {
                return Optional.empty();
            }
            return Optional.of(new Tool(name, path, text, parsed[0], parsed[1]));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {major, minor} from "pg_dump (PostgreSQL) 15.20 (Debian ...)", "psql (PostgreSQL) 18beta1", "... 9.6.24"; null if unreadable. */
    static int[] parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return null;
        }
        // 9.6.24 reads as {9, 6}: older than every supported server either way.
        int first = Integer.parseInt(m.group(1));
        int second = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return new int[] {first, second};
    }

    /** Can pg_dump here dump a server of this major version? */
    public Decision forDump(int serverMajor) {
        Optional<Tool> tool = find("pg_dump");
        if (tool.isEmpty()) {
            return new Decision(false, null, "pg_dump was not found " + whereLooked());
        }
        Tool t = tool.get();
        if (t.major() < serverMajor) {
            return new Decision(false, t, "pg_dump " + t.version() + " at " + t.path() + " is older than the server ("
                    + serverMajor + "): pg_dump refuses to dump a newer server (\"server version mismatch\")");
        }
        return new Decision(true, t, "pg_dump " + t.version() + " at " + t.path() + " can dump a PostgreSQL "
                + serverMajor + " server");
    }

    /** Can pg_restore here read an archive made by pg_dump of {@code archiveMajor} (0 when unknown)? */
    public Decision forRestore(int archiveMajor) {
        Optional<Tool> tool = find("pg_restore");
        if (tool.isEmpty()) {
            return new Decision(false, null, "pg_restore was not found " + whereLooked()
                    + "; custom, directory and tar backups need it. Install the PostgreSQL client tools "
                    + "(postgresql-client) or set the tools folder in the settings");
        }
        Tool t = tool.get();
        if (archiveMajor > t.major()) {
            return new Decision(false, t, "pg_restore " + t.version() + " is older than the pg_dump " + archiveMajor
                    + " that wrote this archive; install pg_restore " + archiveMajor + " or newer");
        }
        return new Decision(true, t, "pg_restore " + t.version() + " at " + t.path());
    }

    /**
     * A process for {@code tool} against {@code endpoint}: connection settings and password in
     * the environment, {@code arguments} as given (they must carry no secret), never prompting.
     */
    public ProcessBuilder command(Tool tool, PgEndpoint endpoint, List<String> arguments, String purpose) {
        List<String> command = new ArrayList<>();
        command.add(tool.path().toString());
        command.add("--no-password");
        command.addAll(arguments);
        // An allow-listed environment: settings from the user's shell must not point the tool at
        // another server, and Railyard's own secrets (RAILYARD_VAULT_PASSWORD) must not reach it.
        return ChildEnvironment.apply(new ProcessBuilder(command), endpoint.libpqEnvironment(purpose));
    }

    private String whereLooked() {
        return "(looked in " + (folders.size() <= 6 ? folders.toString() : folders.subList(0, 6) + " and " + (folders.size() - 6) + " more") + ")";
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }
}
