package dev.railyard.backup;

import dev.railyard.db.ChildEnvironment;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throwaway database servers on this machine, for deep verification: restore a backup into one,
 * count its rows, throw it away. PostgreSQL comes from the embedded binaries Railyard ships;
 * a MySQL backup needs a server of the source's family, of at least its major version: MariaDB's
 * mariadbd for MariaDB, Oracle's mysqld for MySQL (a MySQL 9 dump uses collations and types MariaDB
 * does not know). The program is looked for in {@value #MYSQLD_VARIABLE} / {@value #MARIADBD_VARIABLE},
 * on PATH and in the usual install folders.
 */
final class LocalServers {

    private LocalServers() {
    }

    /** The unprivileged account a deep check restores as; it owns the verification database and nothing else. */
    static final String VERIFY_USER = "railyard_verify";

    /** An Oracle MySQL {@code mysqld} to use for deep checks, where it is not on PATH. */
    static final String MYSQLD_VARIABLE = "RAILYARD_MYSQLD";
    /** A MariaDB {@code mariadbd} to use for deep checks, where it is not on PATH. */
    static final String MARIADBD_VARIABLE = "RAILYARD_MARIADBD";

    private static final List<String> SERVER_FOLDERS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
            "/usr/local/mysql/bin", "/opt/homebrew/bin", "/opt/homebrew/opt/mysql/bin", "/opt/homebrew/opt/mariadb/bin",
            "/usr/local/opt/mysql/bin", "/usr/local/opt/mariadb/bin");

    /**
     * No installed server can take the backup: the deep check cannot run (which is not a failed check).
     * The message names what to install.
     */
    static final class NoServerException extends IOException {
        NoServerException(String message) {
            super(message);
        }
    }

    /** A server program found on this machine: its path, family and version. */
    record ServerProgram(Path path, dev.railyard.backup.script.MysqlVersion version) { }

    /**
     * A running local server and the unprivileged account that reaches it; closing it stops it
     * and deletes its data. The servers are locked down before the account is handed out: a
     * password is needed for every account (the superuser's is known only to this object),
     * sockets live in a private folder, and the account cannot run programs, read or write the
     * server's files or change its configuration, so a hostile backup cannot act on this machine.
     */
    interface Server extends AutoCloseable {
        /** The unprivileged account's profile, on the verification database. */
        ConnectionProfile profile();

        /** The unprivileged account's password (random, for this server's life only). */
        String password();

        /** "MySQL 9.7.4", "MariaDB 10.11.19", "PostgreSQL": what the backup was restored into. */
        default String description() {
            return profile().dialect().displayName();
        }

        @Override
        void close();
    }

    /**
     * Starts a locked-down server. PostgreSQL: {@code database} is created, owned by the
     * unprivileged role, with {@code extensions} that only a superuser may create already in
     * it (the extensions' own scripts, installed on this machine, run as superuser; nothing
     * from the backup does). MySQL: the account may create {@code database} and has every
     * right on it, none on the server.
     */
    static Server start(Dialect dialect, Path workDir, String database, List<String> extensions) throws IOException {
        return start(dialect, workDir, database, extensions, null, List.of());
    }

    /**
     * As above; for MySQL, a server of {@code source}'s family and at least its major version (any
     * installed server when {@code source} is null), looked for first in {@code serverFolders}.
     *
     * @throws NoServerException when no installed server fits; its message says what to install
     */
    static Server start(Dialect dialect, Path workDir, String database, List<String> extensions,
                        dev.railyard.backup.script.MysqlVersion source, List<Path> serverFolders) throws IOException {
        if (dialect == Dialect.POSTGRESQL) {
            return postgres(workDir, database, extensions);
        }
        return mysql(workDir, database, mysqlServerFor(source, serverFolders));
    }

    /** The installed server a MySQL backup from {@code source} restores into, or why there is none. */
    static ServerProgram mysqlServerFor(dev.railyard.backup.script.MysqlVersion source, List<Path> serverFolders)
            throws NoServerException {
        List<ServerProgram> found = mysqlServers(serverFolders);
        for (ServerProgram p : found) {
            if (source == null || (p.version().mariaDb() == source.mariaDb() && p.version().major() >= source.major())) {
                return p;
            }
        }
        String have = found.isEmpty() ? "none is installed" : "installed: " + String.join(", ",
                found.stream().map(p -> p.version().display() + " (" + p.path() + ")").toList());
        if (source == null) {
            throw new NoServerException("A deep check of a MySQL backup needs a local MariaDB or MySQL server program; "
                    + have + ". Install mariadb-server or mysql-server (only the server program is used).");
        }
        String install = source.mariaDb()
                ? "install MariaDB " + source.major() + ".x or later (apt-get install mariadb-server; only mariadbd is used)"
                : "install MySQL " + source.major() + ".x or later from dev.mysql.com or your package manager (only mysqld "
                        + "is used), or name its mysqld in " + MYSQLD_VARIABLE;
        throw new NoServerException("The backup comes from " + source.display() + " and restores only into a "
                + (source.mariaDb() ? "MariaDB" : "MySQL") + " server of version " + source.major() + " or later; " + have
                + ". To check it deeply, " + install + ".");
    }

    /** Every MariaDB and Oracle MySQL server program on this machine, the named ones first. */
    private static List<ServerProgram> mysqlServers(List<Path> serverFolders) {
        java.util.LinkedHashSet<Path> candidates = new java.util.LinkedHashSet<>();
        for (String variable : List.of(MYSQLD_VARIABLE, MARIADBD_VARIABLE)) {
            String named = System.getenv(variable);
            if (named != null && !named.isBlank()) {
                candidates.add(Path.of(named));
            }
        }
        List<Path> folders = new ArrayList<>(serverFolders);
        for (String f : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!f.isBlank()) {
                folders.add(Path.of(f));
            }
        }
        SERVER_FOLDERS.forEach(f -> folders.add(Path.of(f)));
        for (Path folder : folders) {
            candidates.add(folder.resolve("mariadbd"));
            candidates.add(folder.resolve("mysqld"));
        }
        List<ServerProgram> programs = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path candidate : candidates) {
            if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
                continue;
            }
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (IOException e) {
                real = candidate;
            }
            if (seen.add(real)) {
                versionOf(candidate).ifPresent(v -> programs.add(new ServerProgram(candidate, v)));
            }
        }
        return programs;
    }

    /** What {@code PROGRAM --version} says ("mysqld  Ver 9.7.4-2 for Linux", "mariadbd  Ver 10.11.19-MariaDB ..."). */
    private static Optional<dev.railyard.backup.script.MysqlVersion> versionOf(Path program) {
        try {
            Process p = ChildEnvironment.apply(new ProcessBuilder(program.toString(), "--version"), Map.of())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Ver (\\S+)").matcher(out);
            if (!m.find()) {
                return Optional.empty();
            }
            String text = m.group(1) + (out.contains("MariaDB") && !m.group(1).contains("MariaDB") ? "-MariaDB" : "");
            return Optional.of(dev.railyard.backup.script.MysqlVersion.parse(text));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Server postgres(Path workDir, String database, List<String> extensions) throws IOException {
        Path data = Files.createTempDirectory(workDir, "verify-pg");
        Path sockets = Files.createTempDirectory(workDir, "verify-sock"); // 0700 on POSIX
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDir.resolve("runtime").toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", sockets.toString())
                .setServerConfig("unix_socket_permissions", "0700")
                .setServerConfig("password_encryption", "scram-sha-256")
                .start();
        String password = newPassword();
        try {
            lockDownPostgres(pg.getPort(), data, database, password, extensions);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(pg);
            deleteTree(sockets);
            throw e instanceof IOException io ? io : new IOException("Could not prepare the local PostgreSQL server: "
                    + e.getMessage(), e);
        }
        ConnectionProfile profile = local("verify-postgres", Dialect.POSTGRESQL, pg.getPort(), database, VERIFY_USER);
        return new Server() {
            @Override
            public ConnectionProfile profile() {
                return profile;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public void close() {
                closeQuietly(pg);
                deleteTree(sockets);
            }
        };
    }

    /**
     * Zonky's server starts with trust authentication for everyone. Before anything of the backup
     * runs: the superuser gets a random password only this method knows, the verification role
     * (no superuser, no CREATEDB, no CREATEROLE) its own, every connection needs a password, and
     * the database and untrusted extensions are made.
     */
    private static void lockDownPostgres(int port, Path data, String database, String password, List<String> extensions)
            throws IOException, SQLException {
        Endpoint admin = new Endpoint("verify-postgres", Dialect.POSTGRESQL, "127.0.0.1", port, "postgres", "postgres",
                SslMode.DISABLE, null);
        String adminPassword = newPassword();
        try (Connection c = Connections.open(admin, null, Connections.Purpose.ADMIN); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE postgres PASSWORD " + pgLiteral(adminPassword));
            s.execute("CREATE ROLE " + VERIFY_USER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                    + "PASSWORD " + pgLiteral(password));
            s.execute("CREATE DATABASE " + pgQuote(database) + " OWNER " + VERIFY_USER + " TEMPLATE template0");
            Files.writeString(data.resolve("pg_hba.conf"), "local all all scram-sha-256\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
            s.execute("SELECT pg_reload_conf()");
        }
        awaitPasswordRequired(admin);
        try (Connection c = Connections.open(admin, adminPassword, Connections.Purpose.ADMIN); Statement s = c.createStatement()) {
            // Whoever got in during the few milliseconds of trust is shown out, and must have left nothing behind.
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    + "AND backend_type = 'client backend'");
            try (java.sql.ResultSet rs = s.executeQuery("SELECT string_agg(rolname, ', ') FROM pg_roles "
                    + "WHERE rolname NOT LIKE 'pg\\_%' AND rolname NOT IN ('postgres', '" + VERIFY_USER + "')")) {
                if (rs.next() && rs.getString(1) != null) {
                    throw new IOException("Someone else changed the local PostgreSQL server while it started (roles "
                            + rs.getString(1) + "); the deep check stops");
                }
            }
        }
        if (extensions.isEmpty()) {
            return;
        }
        try (Connection c = Connections.open(admin.withDatabase(database), adminPassword, Connections.Purpose.ADMIN)) {
            for (String extension : new java.util.LinkedHashSet<>(extensions)) {
                if (!needsSuperuser(c, extension)) {
                    continue; // trusted, or not installed here: the restore creates it or says it cannot
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS " + pgQuote(extension) + " WITH SCHEMA public CASCADE");
                }
                // The backup's COMMENT ON EXTENSION needs the extension's owner.
                try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE pg_catalog.pg_extension SET extowner = "
                        + "(SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ?) WHERE extname = ?")) {
                    ps.setString(1, VERIFY_USER);
                    ps.setString(2, extension);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** True when the extension is installed on this machine and only a superuser may create it. */
    private static boolean needsSuperuser(Connection c, String extension) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT bool_or(superuser AND NOT trusted) "
                + "FROM pg_catalog.pg_available_extension_versions WHERE name = ?")) {
            ps.setString(1, extension);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** pg_reload_conf() only signals the postmaster: wait until a connection without password is refused. */
    private static void awaitPasswordRequired(Endpoint admin) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Connection ignored = Connections.open(admin, null, Connections.Purpose.ADMIN, Duration.ofSeconds(2))) {
                pause();
            } catch (SQLException refused) {
                return;
            }
        }
        throw new IOException("The local PostgreSQL server still lets anyone in without a password");
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // The data folder is temporary; nothing to keep.
        }
    }

    private static Server mysql(Path workDir, String database, ServerProgram program) throws IOException {
        Path server = program.path();
        Path data = Files.createTempDirectory(workDir, "verify-mysql"); // 0700 on POSIX, as the socket's folder
        Path files = Files.createTempDirectory(workDir, "verify-files"); // secure_file_priv: empty and private
        boolean mariaDb = program.version().mariaDb();
        // MySQL's --initialize wants an empty data directory: the logs, socket and pid file stay beside it.
        Path dbDir = mariaDb ? data : data.resolve("db");
        List<String> init = new ArrayList<>();
        if (mariaDb) {
            Path installDb = findBinary("mariadb-install-db", server.getParent()).or(() -> findBinary("mysql_install_db", server.getParent()))
                    .orElseThrow(() -> new IOException("mariadb-install-db is missing next to " + server));
            init.addAll(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + user()));
        } else {
            init.addAll(List.of(server.toString(), "--no-defaults", "--initialize-insecure", "--datadir=" + dbDir, "--user=" + user()));
        }
        run(init, data.resolve("init.log"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults", "--datadir=" + dbDir,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + data.resolve("s.sock"),
                "--pid-file=" + data.resolve("m.pid"), "--user=" + user(), "--log-error=" + data.resolve("err.log"),
                "--skip-log-bin", "--secure-file-priv=" + files, "--local-infile=0"));
        if (!mariaDb) {
            command.add("--mysqlx=OFF"); // MySQL's X plugin would listen on 33060 for everyone
        }
        Process process = ChildEnvironment.apply(new ProcessBuilder(command), Map.of())
                .redirectErrorStream(true).redirectOutput(data.resolve("out.log").toFile()).start();
        String password = newPassword();
        try {
            waitForMysql(port, process, data);
            lockDownMysql(port, database, password, mariaDb);
        } catch (IOException | SQLException | RuntimeException e) {
            stop(process);
            deleteTree(data);
            deleteTree(files);
            throw e instanceof IOException io ? io : new IOException("Could not prepare the local MySQL server: "
                    + e.getMessage(), e);
        }
        ConnectionProfile profile = local("verify-mysql", Dialect.MYSQL, port, database, VERIFY_USER);
        String description = program.version().display();
        return new Server() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public ConnectionProfile profile() {
                return profile;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public void close() {
                stop(process);
                deleteTree(data);
                deleteTree(files);
            }
        };
    }

    /**
     * The fresh server's root has no password: give it a random one nobody keeps, remove every
     * other account, and make the verification account with rights on its database only (no
     * FILE, SUPER or other server-wide right, except naming another definer where the server
     * has a right for just that, as views and routines in dumps do).
     */
    private static void lockDownMysql(int port, String database, String password, boolean mariaDb) throws SQLException {
        Endpoint root = new Endpoint("verify-mysql", Dialect.MYSQL, "127.0.0.1", port, "", "root", SslMode.DISABLE, null);
        try (Connection c = Connections.open(root, "", Connections.Purpose.ADMIN); Statement s = c.createStatement()) {
            List<String> others = new ArrayList<>();
            // MySQL's own locked system accounts (mysql.sys, mysql.session, mysql.infoschema) stay: the server needs them.
            try (java.sql.ResultSet rs = s.executeQuery("SELECT user, host FROM mysql.user WHERE NOT (user = 'root' AND host = 'localhost')"
                    + (mariaDb ? "" : " AND NOT (user IN ('mysql.sys', 'mysql.session', 'mysql.infoschema') AND host = 'localhost' "
                    + "AND account_locked = 'Y')"))) {
                while (rs.next()) {
                    others.add(myLiteral(rs.getString(1)) + "@" + myLiteral(rs.getString(2)));
                }
            }
            for (String account : others) {
                try {
                    s.execute("DROP USER IF EXISTS " + account);
                } catch (SQLException role) {
                    // A role (MariaDB lists them with the users): it has no login.
                }
            }
            String account = myLiteral(VERIFY_USER) + "@" + myLiteral("localhost");
            s.execute("CREATE USER " + account + " IDENTIFIED BY " + myLiteral(password));
            s.execute("GRANT ALL PRIVILEGES ON " + myQuote(database) + ".* TO " + account);
            for (String grant : mariaDb ? List.of("SET USER") : List.of("SET_ANY_DEFINER", "SET_USER_ID")) {
                try {
                    s.execute("GRANT " + grant + " ON *.* TO " + account);
                    break;
                } catch (SQLException older) {
                    // An older server without this right: views and routines of other definers will not restore.
                }
            }
            s.execute("ALTER USER " + myLiteral("root") + "@" + myLiteral("localhost") + " IDENTIFIED BY " + myLiteral(newPassword()));
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pgLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String pgQuote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String myLiteral(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String myQuote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static void pause() throws IOException {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while preparing the local server", e);
        }
    }

    private static ConnectionProfile local(String name, Dialect dialect, int port, String database, String user) {
        return new ConnectionProfile(name, dialect, "127.0.0.1", port, database, user, SslMode.DISABLE, null,
                EnvironmentTag.DEVELOPMENT, "throwaway server for deep verification", null, null, SecretMode.ASK, null, 0);
    }

    private static void waitForMysql(int port, Process process, Path data) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The local MySQL server stopped at start; see " + data.resolve("err.log"));
            }
            // Log in only once the port answers: a refused connection is the normal state while it starts.
            if (listening(port)) {
                try (Connection ignored = Connections.open(new Endpoint("verify-mysql", Dialect.MYSQL, "127.0.0.1", port, "",
                        "root", SslMode.DISABLE, null), "", Connections.Purpose.VERIFY, Duration.ofSeconds(2))) {
                    return;
                } catch (SQLException e) {
                    last = e;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while the local MySQL server started", e);
            }
        }
        throw new IOException("The local MySQL server did not answer within 60 s", last);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = ChildEnvironment.apply(new ProcessBuilder(command), Map.of()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while preparing the local server", e);
        }
    }

    private static Optional<Path> findBinary(String name, Path besideServer) {
        List<String> folders = new ArrayList<>();
        if (besideServer != null) {
            folders.add(besideServer.toString());
            if (besideServer.getParent() != null) {
                folders.add(besideServer.getParent().resolve("bin").toString());
            }
        }
        folders.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        folders.add("/usr/sbin");
        folders.add("/usr/local/sbin");
        return folders.stream().filter(f -> !f.isBlank()).map(f -> Path.of(f, name)).filter(Files::isExecutable).findFirst();
    }

    private static String user() {
        return System.getProperty("user.name", "root");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp folder left behind is harmless.
        }
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
