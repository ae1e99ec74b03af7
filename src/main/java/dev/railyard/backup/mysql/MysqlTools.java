package dev.railyard.backup.mysql;

import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.db.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MySQL and MariaDB client programs on this machine ({@code mariadb-dump}/{@code mysqldump},
 * {@code mariadb}/{@code mysql}), their family and version, and whether a dump tool can dump a
 * given server, with the flags that work around the known mismatches between the two families.
 */
public final class MysqlTools {

    /** A client program: where it is, which family and version. */
    public record Tool(Path path, String name, boolean mariaDb, String version, String versionLine) {
        /** "mariadb-dump 10.11.19 (MariaDB)". */
        public String display() {
            return name + " " + version + (mariaDb ? " (MariaDB)" : " (MySQL)");
        }

        int id() {
            try {
                return MysqlVersion.parse(version).id();
            } catch (IllegalArgumentException e) {
                return 0;
            }
        }
    }

    /**
     * Whether the native dump tool can dump the server.
     *
     * @param tool   the tool, null when none is installed
     * @param flags  extra arguments for the known mismatches
     * @param reason why (shown in the log: "auto: mariadb-dump 10.11.19 can dump MariaDB 10.11.19")
     */
    public record Decision(boolean usable, Tool tool, List<String> flags, String reason) { }

    private static final Pattern MARIA_VERSION = Pattern.compile("(?:Distrib|from) (\\d+\\.\\d+\\.\\d+)");
    private static final Pattern MYSQL_DISTRIB = Pattern.compile("Distrib (\\d+\\.\\d+\\.\\d+)");
    private static final Pattern MYSQL_VER = Pattern.compile("Ver (\\d+\\.\\d+\\.\\d+)");

    private final List<Path> directories;
    private final Path optionFileFolder;
    private final ConcurrentHashMap<String, List<Tool>> found = new ConcurrentHashMap<>();

    /** Looks in {@code directories}, in order. */
    public MysqlTools(List<Path> directories) {
        this(directories, null);
    }

    private MysqlTools(List<Path> directories, Path optionFileFolder) {
        this.directories = List.copyOf(directories);
        this.optionFileFolder = optionFileFolder;
    }

    /** The same tools, writing their option files (with the password) into {@code folder}: RAILYARD_HOME/run. */
    public MysqlTools withOptionFileFolder(Path folder) {
        return new MysqlTools(directories, folder);
    }

    /** Where option files go; null for the system's temp folder. */
    public Path optionFileFolder() {
        return optionFileFolder;
    }

    /** Looks on PATH, then in the usual install folders. */
    public static MysqlTools fromPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/local/mysql/bin", "/opt/homebrew/bin",
                "/opt/homebrew/opt/mysql-client/bin", "/usr/local/opt/mysql-client/bin")) {
            dirs.add(Path.of(d));
        }
        return new MysqlTools(new ArrayList<>(dirs));
    }

    /** The dump tool: {@code mariadb-dump} or {@code mysqldump}, the one of the server's family first. */
    public Optional<Tool> dump(boolean preferMariaDb) {
        Optional<Tool> own = ofFamily(preferMariaDb ? List.of("mariadb-dump", "mysqldump") : List.of("mysqldump"), preferMariaDb);
        return own.or(() -> ofFamily(List.of("mysqldump", "mariadb-dump"), !preferMariaDb));
    }

    /** The command-line client: {@code mariadb} or {@code mysql}. */
    public Optional<Tool> client() {
        return tool("mariadb").or(() -> tool("mysql"));
    }

    /**
     * The command-line client of the server's family ({@code mariadb} for MariaDB, Oracle's
     * {@code mysql} for MySQL), else empty: the two families' clients read a dump by different rules
     * (Oracle's stops at the first line of a recent mariadb-dump file, {@code /*M!999999\- enable the
     * sandbox mode *}{@code /}, as an unknown command).
     */
    public Optional<Tool> client(boolean mariaDb) {
        return ofFamily(mariaDb ? List.of("mariadb", "mysql") : List.of("mysql"), mariaDb);
    }

    public Optional<Tool> tool(String name) {
        return all(name).stream().findFirst();
    }

    /** Every program called {@code name} in the folders, in order (on Debian /usr/bin/mysqldump is MariaDB's). */
    private List<Tool> all(String name) {
        return found.computeIfAbsent(name, this::probe);
    }

    /** The first program of {@code names} that belongs to the family asked for. */
    private Optional<Tool> ofFamily(List<String> names, boolean mariaDb) {
        for (String n : names) {
            for (Tool t : all(n)) {
                if (t.mariaDb() == mariaDb) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Can an installed dump tool dump {@code server}, and with which flags? Only a tool of the
     * server's own family is taken: MySQL's mysqldump of at least the server's major for MySQL,
     * MariaDB's mariadb-dump for MariaDB. A tool of the other family makes files that do not
     * restore (MariaDB's writes MySQL's generated columns with values, "ERROR 3105"), so
     * {@code auto} then uses the built-in engine and says why.
     */
    public Decision forDump(MysqlVersion server) {
        List<String> flags = new ArrayList<>();
        flags.add("--no-tablespaces"); // MySQL 8.0.21+ needs the PROCESS privilege to dump tablespaces
        if (server.mariaDb()) {
            Optional<Tool> maria = ofFamily(List.of("mariadb-dump", "mysqldump"), true);
            if (maria.isPresent()) {
                return new Decision(true, maria.get(), flags, maria.get().display() + " can dump " + server.display());
            }
            Optional<Tool> other = ofFamily(List.of("mysqldump"), false);
            return new Decision(false, other.orElse(null), List.of(), other.map(t -> "only " + t.display()
                    + " is installed, a MySQL tool, and a MariaDB server needs MariaDB's mariadb-dump (install mariadb-client)")
                    .orElse("no mariadb-dump or mysqldump on PATH; a MariaDB server needs MariaDB's mariadb-dump "
                            + "(install mariadb-client)"));
        }
        List<Tool> oracle = new ArrayList<>();
        for (Tool t : all("mysqldump")) {
            if (!t.mariaDb()) {
                oracle.add(t);
            }
        }
        String need = "a MySQL " + server.major() + " server needs MySQL's own mysqldump " + server.major()
                + " or later (install mysql-client " + server.major() + ".x from dev.mysql.com or your package manager)";
        for (Tool tool : oracle) {
            MysqlVersion toolVersion = MysqlVersion.parse(tool.version());
            if (toolVersion.major() < server.major()) {
                continue;
            }
            // MySQL's mysqldump asks for GTID state unless told not to.
            flags.add("--set-gtid-purged=OFF");
            if (toolVersion.major() >= 8 && server.id() < 80000) {
                flags.add("--column-statistics=0"); // MySQL 5.7 has no COLUMN_STATISTICS table
            }
            return new Decision(true, tool, flags, tool.display() + " can dump " + server.display());
        }
        if (!oracle.isEmpty()) {
            Tool newest = oracle.get(0);
            return new Decision(false, newest, List.of(), newest.display() + " is older than the server (" + server.display()
                    + "): an old mysqldump fails on newer catalogs; " + need);
        }
        Optional<Tool> maria = ofFamily(List.of("mariadb-dump", "mysqldump"), true);
        if (maria.isPresent()) {
            return new Decision(false, maria.get(), List.of(), "only " + maria.get().display() + " is installed, a MariaDB "
                    + "tool, which writes MySQL's generated columns and other MySQL syntax so that the file does not "
                    + "restore; " + need);
        }
        return new Decision(false, null, List.of(), "no mariadb-dump or mysqldump on PATH; " + need);
    }

    private List<Tool> probe(String name) {
        List<Tool> tools = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : directories) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && seen.add(real(candidate))) {
                describe(candidate, name).ifPresent(tools::add);
            }
        }
        return List.copyOf(tools);
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath();
        }
    }

    private static Optional<Tool> describe(Path path, String name) {
        try {
            Process p = ChildEnvironment.apply(new ProcessBuilder(path.toString(), "--version"), Map.of())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return parseVersion(path, name, out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads "mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB" or "mysqldump  Ver 8.0.36 for Linux". */
    static Optional<Tool> parseVersion(Path path, String name, String output) {
        String line = output.lines().filter(l -> !l.isBlank() && !l.contains("Deprecated")).findFirst().orElse("").strip();
        if (output.contains("MariaDB")) {
            Matcher m = MARIA_VERSION.matcher(output);
            return m.find() ? Optional.of(new Tool(path, name, true, m.group(1), line)) : Optional.empty();
        }
        Matcher m = MYSQL_DISTRIB.matcher(output);
        if (m.find()) {
            return Optional.of(new Tool(path, name, false, m.group(1), line));
        }
        m = MYSQL_VER.matcher(output);
        return m.find() ? Optional.of(new Tool(path, name, false, m.group(1), line)) : Optional.empty();
    }
}
