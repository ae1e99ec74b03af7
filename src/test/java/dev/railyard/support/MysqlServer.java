package dev.railyard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB or Oracle MySQL server for tests: a {@code mariadbd}/{@code mysqld} run on a
 * fresh data directory in a temp folder, on a free loopback port, user root with an empty password.
 * {@link #sharedMariadb()} (also {@link #shared()}) and {@link #sharedMysql9()} are each started once
 * per JVM; {@link #start(Flavour, boolean, TestCertificates)} gives a private one. Every instance is
 * stopped and its data directory deleted by {@link #close()} or at JVM exit.
 *
 * <p>MySQL 9 is found, in this order: the {@code mysqld} named by {@value #MYSQLD_VARIABLE}; the
 * launcher of the sid tree that {@code sid-servers.sh install} builds ({@code $SID_MYSQL_BIN},
 * {@code $SID_HOME/mysql9-bin} or {@code /var/cache/sid-servers/mysql9-bin}); a {@code mysqld} on
 * PATH that is Oracle MySQL (on Debian bookworm {@code /usr/sbin/mysqld} is MariaDB's). Its client
 * tools are taken from the same folder ({@link #client(String)}).
 */
public final class MysqlServer implements AutoCloseable {

    /** The two server families Railyard backs up; tests ask for one explicitly. */
    public enum Flavour {
        MARIADB("MariaDB"), MYSQL("MySQL");

        private final String displayName;

        Flavour(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    static final String INSTALL_HINT = "install mariadb-server (apt-get install -y mariadb-server)";
    /** An Oracle MySQL {@code mysqld} (or a launcher that behaves like one) to use for the MySQL 9 tests. */
    public static final String MYSQLD_VARIABLE = "RAILYARD_TEST_MYSQLD";
    static final String MYSQL9_INSTALL_HINT = "install MySQL 9 for the tests: as root run "
            + "/work/shared/tools/sid-servers.sh install (Debian sid's mysql-server-core 9.7 in a private tree under "
            + "/var/cache/sid-servers, the host untouched), or set " + MYSQLD_VARIABLE
            + " to an Oracle MySQL 9 mysqld whose folder also holds mysql and mysqldump";
    private static final Path SID_DEFAULT_HOME = Path.of("/var/cache/sid-servers");
    private static final String CLIENT_HINT = "install mariadb-client (apt-get install -y mariadb-client)";
    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
            "/usr/bin", "/usr/local/mysql/bin");

    private final Path baseDir;
    private final Path dataDir;
    private final Process process;
    private final int port;
    private final boolean performanceSchema;
    private final String version;
    private final Flavour flavour;
    private final Path serverBinary;
    private final AtomicInteger databaseCounter = new AtomicInteger();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private MysqlServer(Path baseDir, Path dataDir, Process process, int port, boolean performanceSchema, String version,
                        Flavour flavour, Path serverBinary) {
        this.flavour = flavour;
        this.serverBinary = serverBinary;
        this.baseDir = baseDir;
        this.dataDir = dataDir;
        this.process = process;
        this.port = port;
        this.performanceSchema = performanceSchema;
        this.version = version;
        this.shutdownHook = new Thread(this::stop, "mysql-server-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The MariaDB server shared by the whole test JVM, performance_schema on. Never close it. */
    public static MysqlServer shared() {
        return sharedMariadb();
    }

    /** The MariaDB server shared by the whole test JVM, performance_schema on. Never close it. */
    public static MysqlServer sharedMariadb() {
        return MARIADB_SHARED.get();
    }

    /**
     * The Oracle MySQL 9 server shared by the whole test JVM, performance_schema on. Never close it.
     * Fails with the command that installs MySQL 9 where none is found.
     */
    public static MysqlServer sharedMysql9() {
        return MYSQL9_SHARED.get();
    }

    /** The shared server of {@code flavour} (MySQL: {@link #sharedMysql9()}). */
    public static MysqlServer shared(Flavour flavour) {
        return flavour == Flavour.MYSQL ? sharedMysql9() : sharedMariadb();
    }

    /** A private MariaDB server; the caller closes it. {@code performanceSchema=false} is for fallback tests. */
    public static MysqlServer start(boolean performanceSchema) {
        return start(Flavour.MARIADB, performanceSchema, null);
    }

    /** A private MariaDB server offering TLS with the given certificate (null: no TLS, MariaDB 10.11's default). */
    public static MysqlServer start(boolean performanceSchema, TestCertificates tls) {
        return start(Flavour.MARIADB, performanceSchema, tls);
    }

    /** A private server of {@code flavour} (MySQL: 9 or later); the caller closes it. {@code tls} may be null. */
    public static MysqlServer start(Flavour flavour, boolean performanceSchema, TestCertificates tls) {
        Path server = flavour == Flavour.MYSQL ? mysql9Binary() : serverBinary();
        IllegalStateException last = null;
        // The free port is found by binding and releasing it, so another process may take it in between: retry.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return launch(server, flavour, performanceSchema, tls);
            } catch (PortTakenException e) {
                last = new IllegalStateException(flavour.displayName() + " could not bind a free port", e);
            }
        }
        throw last;
    }

    /** Whether an Oracle MySQL 9 server is installed where {@link #sharedMysql9()} looks. */
    public static boolean mysql9Installed() {
        return findMysql9().isPresent();
    }

    public Flavour flavour() {
        return flavour;
    }

    /** The server's major version: 10 or 11 for MariaDB, 8 or 9 for MySQL. */
    public int major() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:5\\.5\\.5-)?(\\d+)\\.").matcher(version);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * A client tool of this server's own flavour: for MariaDB {@link #clientBinary(String)}; for MySQL
     * the Oracle tool ({@code mysql}, {@code mysqldump}, ...) beside the server binary, else one on PATH
     * that is not MariaDB's. Fails with the install hint when there is none.
     */
    public Path client(String name) {
        if (flavour == Flavour.MARIADB) {
            return clientBinary(name);
        }
        String oracleName = switch (name) {
            case "mariadb" -> "mysql";
            case "mariadb-dump" -> "mysqldump";
            default -> name;
        };
        List<Path> candidates = new ArrayList<>();
        Path dir = serverBinary.toAbsolutePath().getParent();
        if (dir != null) {
            candidates.add(dir.resolve(oracleName));
            if (dir.getParent() != null) {
                candidates.add(dir.getParent().resolve("bin").resolve(oracleName));
            }
        }
        for (String d : searchDirs()) {
            candidates.add(Path.of(d, oracleName));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && !versionText(candidate).contains("MariaDB")) {
                return candidate;
            }
        }
        throw new IllegalStateException("No Oracle MySQL " + oracleName + " beside " + serverBinary + " or on PATH: "
                + MYSQL9_INSTALL_HINT);
    }

    public int port() {
        return port;
    }

    public boolean performanceSchema() {
        return performanceSchema;
    }

    /** The server's version as it reports it, e.g. "10.11.19-MariaDB-0+deb12u1". */
    public String version() {
        return version;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A URL with user and (empty) password in it; {@code db} may be empty for no default database. */
    public String jdbcUrl(String db) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + (db == null ? "" : db)
                + "?user=root&password=&allowPublicKeyRetrieval=true&useSSL=false&connectTimeout=5000";
    }

    public Connection connect(String db) {
        try {
            return DriverManager.getConnection(jdbcUrl(db));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the test " + flavour.displayName() + " on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Creates a fresh, empty database named after {@code prefix} and returns its name. */
    public String createDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = clean + "_" + ProcessHandle.current().pid() + "_" + databaseCounter.incrementAndGet();
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * A client tool installed beside the server: {@code mariadb}, {@code mariadb-dump}, or their
     * {@code mysql}/{@code mysqldump} names (either spelling finds whichever is installed).
     */
    public static Path clientBinary(String name) {
        List<String> names = new ArrayList<>(List.of(name));
        switch (name) {
            case "mariadb" -> names.add("mysql");
            case "mysql" -> names.add("mariadb");
            case "mariadb-dump" -> names.add("mysqldump");
            case "mysqldump" -> names.add("mariadb-dump");
            default -> { }
        }
        return find(names).orElseThrow(() -> new IllegalStateException(
                "No " + String.join(" or ", names) + " on PATH or in /usr/bin: " + CLIENT_HINT));
    }

    /** Stops the server and deletes its data directory. Not for {@link #shared()}, which stops at JVM exit. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // Already shutting down: the hook runs stop(), which is idempotent.
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy(); // SIGTERM: mariadbd and mysqld shut down cleanly (the sid launcher's pid is mysqld's)
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(baseDir);
    }

    private static MysqlServer launch(Path server, Flavour flavour, boolean performanceSchema, TestCertificates tls) {
        Path base;
        try {
            base = Files.createTempDirectory("railyard-mysql-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path data = base.resolve("data");
        boolean mariaDb = flavour == Flavour.MARIADB;
        initialize(server, mariaDb, base, data);

        // Its own temporary folder: internal temporary tables live there, and a sweep of /tmp by
        // anything else on the machine must not pull them from under a running test.
        Path tmp = base.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults",
                "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + base.resolve("s.sock"), "--pid-file=" + base.resolve("m.pid"),
                "--user=root", "--performance-schema=" + (performanceSchema ? "ON" : "OFF"),
                "--log-error=" + base.resolve("err.log"), "--tmpdir=" + tmp,
                // A throwaway server: stopping it need not write its buffer pool back (the folder is deleted next).
                "--innodb-fast-shutdown=2"));
        if (tls != null) {
            command.add("--ssl-cert=" + tls.certificate());
            command.add("--ssl-key=" + tls.privateKey());
        }
        if (!mariaDb) {
            command.add("--mysqlx=OFF"); // MySQL's X plugin would claim port 33060
        }
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(base.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(base);
            throw new IllegalStateException("Cannot run " + server + ": " + e.getMessage() + "; "
                    + (mariaDb ? INSTALL_HINT : MYSQL9_INSTALL_HINT), e);
        }
        String version = awaitReady(process, port, base, flavour);
        return new MysqlServer(base, data, process, port, performanceSchema, version, flavour, server);
    }

    private static void initialize(Path server, boolean mariaDb, Path base, Path data) {
        List<String> command;
        if (mariaDb) {
            Path installer = find(List.of("mariadb-install-db", "mysql_install_db")).orElseThrow(() ->
                    new IllegalStateException("No mariadb-install-db on PATH or in /usr/bin: " + INSTALL_HINT));
            command = List.of(installer.toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--user=root");
        } else {
            command = List.of(server.toString(), "--no-defaults", "--initialize-insecure",
                    "--datadir=" + data, "--user=root");
        }
        Path log = base.resolve("install.log");
        String what = mariaDb ? "MariaDB" : "MySQL";
        try {
            Process install = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!install.waitFor(3, TimeUnit.MINUTES)) {
                install.destroyForcibly();
                throw new IllegalStateException("Initialising the " + what + " data directory took over 3 minutes");
            }
            if (install.exitValue() != 0) {
                throw new IllegalStateException("Initialising the " + what + " data directory failed (exit "
                        + install.exitValue() + "):\n" + tail(log));
            }
        } catch (IOException e) {
            deleteTree(base);
            throw new IllegalStateException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(base);
            throw new IllegalStateException("Interrupted while initialising " + what, e);
        } catch (IllegalStateException e) {
            deleteTree(base);
            throw e;
        }
    }

    /** Connects until the server answers; fails early if the process dies. Returns the server's version. */
    private static String awaitReady(Process process, int port, Path base, Flavour flavour) {
        String url = "jdbc:mysql://127.0.0.1:" + port
                + "/?user=root&password=&useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=1000";
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        SQLException last = null;
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String log = tail(base.resolve("err.log")) + tail(base.resolve("stdout.log"));
                    deleteTree(base);
                    if (log.contains("Address already in use") || log.contains("Do you already have another")) {
                        throw new PortTakenException();
                    }
                    throw new IllegalStateException(flavour.displayName() + " exited with code " + process.exitValue()
                            + " while starting:\n" + log);
                }
                try (Connection c = DriverManager.getConnection(url);
                     Statement s = c.createStatement();
                     var rs = s.executeQuery("SELECT VERSION()")) {
                    rs.next();
                    return rs.getString(1);
                } catch (SQLException e) {
                    last = e;
                }
                // Waits for the process to exit or 50 ms, whichever comes first.
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        String log = tail(base.resolve("err.log"));
        deleteTree(base);
        throw new IllegalStateException(flavour.displayName() + " did not accept connections on port " + port + " within "
                + START_TIMEOUT_MILLIS / 1000 + " s (" + (last == null ? "interrupted" : last.getMessage()) + "):\n" + log, last);
    }

    /** MariaDB's server: {@code mariadbd}, else a {@code mysqld} that is MariaDB's. */
    private static Path serverBinary() {
        java.util.Optional<Path> mariadbd = find(List.of("mariadbd"));
        if (mariadbd.isPresent()) {
            return mariadbd.get();
        }
        return find(List.of("mysqld")).filter(p -> versionText(p).contains("MariaDB")).orElseThrow(() ->
                new IllegalStateException("No mariadbd (or a MariaDB mysqld) on PATH or in /usr/sbin: " + INSTALL_HINT));
    }

    private static Path mysql9Binary() {
        return findMysql9().orElseThrow(() -> new IllegalStateException("No Oracle MySQL 9 server found ("
                + MYSQLD_VARIABLE + ", the sid tree's mysql9-bin/mysqld, mysqld on PATH): " + MYSQL9_INSTALL_HINT));
    }

    /** The first Oracle MySQL {@code mysqld} of major 9 or later among the places the class comment lists. */
    private static java.util.Optional<Path> findMysql9() {
        List<Path> candidates = new ArrayList<>();
        String named = System.getenv(MYSQLD_VARIABLE);
        if (named != null && !named.isBlank()) {
            candidates.add(Path.of(named));
        }
        String sidBin = System.getenv("SID_MYSQL_BIN");
        if (sidBin != null && !sidBin.isBlank()) {
            candidates.add(Path.of(sidBin, "mysqld"));
        }
        String sidHome = System.getenv("SID_HOME");
        if (sidHome != null && !sidHome.isBlank()) {
            candidates.add(Path.of(sidHome, "mysql9-bin", "mysqld"));
        }
        candidates.add(SID_DEFAULT_HOME.resolve("mysql9-bin").resolve("mysqld"));
        for (String dir : searchDirs()) {
            candidates.add(Path.of(dir, "mysqld"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                String text = versionText(candidate);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Ver (\\d+)\\.").matcher(text);
                if (!text.contains("MariaDB") && m.find() && Integer.parseInt(m.group(1)) >= 9) {
                    return java.util.Optional.of(candidate);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** What {@code PROGRAM --version} prints, empty when it does not run. */
    private static String versionText(Path program) {
        try {
            Process p = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static Set<String> searchDirs() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        dirs.removeIf(String::isBlank);
        return dirs;
    }

    private static java.util.Optional<Path> find(List<String> names) {
        Set<String> dirs = searchDirs();
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return java.util.Optional.of(candidate);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp folder is not worth failing a test run.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException() {
            super(null, null, false, false);
        }
    }

    private static final Shared MARIADB_SHARED = new Shared(Flavour.MARIADB);
    private static final Shared MYSQL9_SHARED = new Shared(Flavour.MYSQL);

    /** Starts a shared server on first use; remembers a failure so every test reports the same cause. */
    private static final class Shared {
        private final Flavour flavour;
        private MysqlServer server;
        private RuntimeException failure;

        Shared(Flavour flavour) {
            this.flavour = flavour;
        }

        synchronized MysqlServer get() {
            if (server == null && failure == null) {
                try {
                    server = start(flavour, true, null);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            return server;
        }
    }
}
