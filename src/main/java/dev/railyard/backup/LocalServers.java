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

    /** A running local server and the profile that reaches it; closing it stops it and deletes its data. */
    interface Server extends AutoCloseable {
        ConnectionProfile profile();

        @Override
        void close();
    }

    static Server start(Dialect dialect, Path workDir) throws IOException {
        return dialect == Dialect.POSTGRESQL ? postgres(workDir) : mysql(workDir);
    }

    private static Server postgres(Path workDir) throws IOException {
        Path data = Files.createTempDirectory(workDir, "verify-pg");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDir.resolve("runtime").toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
        ConnectionProfile profile = local("verify-postgres", Dialect.POSTGRESQL, pg.getPort(), "postgres", "postgres");
        return new Server() {
            @Override
            public ConnectionProfile profile() {
                return profile;
            }

            @Override
            public void close() {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // The data folder is temporary; nothing to keep.
                }
            }
        };
    }

    private static Server mysql(Path workDir) throws IOException {
        Path server = findBinary("mariadbd").or(() -> findBinary("mysqld"))
                .orElseThrow(() -> new IOException("A deep check of a MySQL backup needs a local MariaDB or MySQL server binary "
                        + "(mariadbd or mysqld) on PATH: apt-get install mariadb-server (only the binary is used)"));
        Path data = Files.createTempDirectory(workDir, "verify-mysql");
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
                "--skip-log-bin"), Map.of())
                .redirectErrorStream(true).redirectOutput(data.resolve("out.log").toFile()).start();
        ConnectionProfile profile = local("verify-mysql", Dialect.MYSQL, port, "mysql", "root");
        waitForMysql(port, process, data);
        return new Server() {
            @Override
            public ConnectionProfile profile() {
                return profile;
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
                deleteTree(data);
            }
        };
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
