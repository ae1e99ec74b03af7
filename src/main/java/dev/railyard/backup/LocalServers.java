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
 * MySQL needs a mariadbd or mysqld on PATH.
 */
final class LocalServers {

    private LocalServers() {
    }

    /** The unprivileged account a deep check restores as; it owns the verification database and nothing else. */
    static final String VERIFY_USER = "railyard_verify";

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
        return dialect == Dialect.POSTGRESQL ? postgres(workDir, database, extensions) : mysql(workDir, database);
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

    private static Server mysql(Path workDir, String database) throws IOException {
        Path server = findBinary("mariadbd").or(() -> findBinary("mysqld"))
                .orElseThrow(() -> new IOException("A deep check of a MySQL backup needs a local MariaDB or MySQL server binary "
                        + "(mariadbd or mysqld) on PATH: apt-get install mariadb-server (only the binary is used)"));
        Path data = Files.createTempDirectory(workDir, "verify-mysql"); // 0700 on POSIX, as the socket's folder
        Path files = Files.createTempDirectory(workDir, "verify-files"); // secure_file_priv: empty and private
        boolean mariaDb = server.getFileName().toString().startsWith("mariadb");
        List<String> init = new ArrayList<>();
        if (mariaDb) {
            Path installDb = findBinary("mariadb-install-db").or(() -> findBinary("mysql_install_db"))
                    .orElseThrow(() -> new IOException("mariadb-install-db is missing next to " + server));
            init.addAll(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + user()));
        } else {
            init.addAll(List.of(server.toString(), "--no-defaults", "--initialize-insecure", "--datadir=" + data, "--user=" + user()));
        }
        run(init, data.resolve("init.log"));
        int port = freePort();
        Process process = ChildEnvironment.apply(new ProcessBuilder(server.toString(), "--no-defaults", "--datadir=" + data,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + data.resolve("s.sock"),
                "--pid-file=" + data.resolve("m.pid"), "--user=" + user(), "--log-error=" + data.resolve("err.log"),
                "--skip-log-bin", "--secure-file-priv=" + files, "--local-infile=0"), Map.of())
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
            try (java.sql.ResultSet rs = s.executeQuery("SELECT user, host FROM mysql.user WHERE NOT (user = 'root' AND host = 'localhost')")) {
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

    private static Optional<Path> findBinary(String name) {
        List<String> folders = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
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
