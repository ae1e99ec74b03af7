package dev.railyard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL 15 server with PostGIS (postgresql-15-postgis-3), for extensions zonky's
 * binaries lack: a cluster of its own (initdb) in a temp folder on a free port, started once per
 * JVM and stopped with it; never the machine's own cluster. Under root it runs as the postgres user.
 * When the packages are absent, the test fails with the command that installs them.
 */
public final class DebianPostgres implements PgServer {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Path POSTGIS = Path.of("/usr/share/postgresql/15/extension/postgis.control");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static DebianPostgres shared;

    private final Path dataDir;
    private final int port;

    private DebianPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The server shared by the whole test run. */
    public static synchronized DebianPostgres sharedWithPostgis() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static DebianPostgres start() {
        if (!Files.isExecutable(BIN.resolve("postgres")) || !Files.isRegularFile(POSTGIS)) {
            throw new AssertionError("Debian's PostgreSQL 15 with PostGIS is not installed (" + BIN.resolve("postgres") + ", "
                    + POSTGIS + "): run `sudo apt-get install -y postgresql-15-postgis-3`");
        }
        try {
            Path dir = Files.createTempDirectory("railyard-debian-pg");
            Path dataDir = dir.resolve("data");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (asRoot()) {
                // initdb and postgres refuse root: the folder goes to the postgres user, who runs them.
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            run(List.of(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8"), null);
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "120", "-l",
                    dir.resolve("server.log").toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"),
                    dir.resolve("server.log"));
            DebianPostgres server = new DebianPostgres(dataDir, port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "debian-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Debian's PostgreSQL 15", e);
        }
    }

    private void stop() {
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), null);
            try (Stream<Path> files = Files.walk(dataDir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | AssertionError e) {
            // The JVM is ending; a folder left in /tmp is all that can go wrong.
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, Path log) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Path output = Files.createTempFile("railyard-debian-pg", ".out");
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out: " + String.join(" ", full));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", full) + " failed (" + process.exitValue() + "):\n" + text
                        + (log != null && Files.isReadable(log) ? "\n" + Files.readString(log) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    @Override
    public String major() {
        return "15";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String createDatabase(String prefix) {
        return PgServer.createDatabase(this, prefix + "_deb_" + DATABASES.incrementAndGet());
    }
}
