package dev.railyard.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.db.ChildEnvironment;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.home.AtomicFiles;
import dev.railyard.home.Json;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local PostgreSQL holding a demo shop, so a newcomer sees every tab filled without a
 * Railway account: zonky's binaries, data kept in RAILYARD_HOME/sandbox between runs, Flyway
 * migrations from resources/sandbox with the last one pending, pg_stat_statements with a
 * recorded workload, and a profile named {@value #PROFILE}. The server outlives the process
 * that started it (so `railyard sandbox start` works from a shell) until {@link #stop()}, which
 * any process may call: the CLI and the window share it.
 */
public final class Sandbox {

    public static final String PROFILE = "sandbox";
    public static final String DATABASE = "railway";
    public static final String MIGRATIONS = "classpath:sandbox/migrations";
    /** The migration the sandbox is seeded up to; later ones stay pending. */
    static final String SEEDED_VERSION = "2";

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final Path root;
    private final ProfileStore profiles;
    private final ObjectMapper json = Json.mapper();

    public Sandbox(RailyardHome home, ProfileStore profiles) {
        this.root = home.sandbox();
        this.profiles = profiles;
    }

    /** What the sandbox is doing now. */
    public record Status(boolean running, int port, boolean seeded, Path dataDirectory) {
    }

    public Status status() {
        int port = savedPort().orElse(0);
        boolean running = port > 0 && Files.exists(data().resolve("postmaster.pid")) && answers(port);
        return new Status(running, port, Files.exists(seededMarker()), data());
    }

    /**
     * Starts the sandbox (creating and seeding it on the first run) and returns its profile,
     * saved under the name {@value #PROFILE}. Returns at once when it already runs, whoever
     * started it: the window and the CLI share one server, and neither holds a lock on its
     * data folder once it runs (PostgreSQL's own postmaster.pid guards it).
     */
    public synchronized ConnectionProfile start(JobContext context) {
        Status status = status();
        if (status.running()) {
            context.message("The sandbox already runs on port " + status.port());
            return saveProfile(status.port());
        }
        try {
            AtomicFiles.createPrivateDirectories(root);
            int port = choosePort();
            if (!Files.exists(data().resolve("postgresql.conf")) || findBinary("pg_ctl").isEmpty()) {
                context.message("Creating the sandbox PostgreSQL (first run)");
                create(port);
            }
            context.message("Starting the sandbox PostgreSQL on port " + port);
            startServer(port);
            AtomicFiles.writeString(settingsFile(), json.writeValueAsString(Map.of("port", port)));
            context.checkCancelled();
            if (!Files.exists(seededMarker())) {
                seed(port, context);
                AtomicFiles.writeString(seededMarker(), "seeded\n");
            }
            return saveProfile(port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the sandbox PostgreSQL in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first run: zonky unpacks the binaries and runs initdb. Its server holds a lock on the
     * data folder for as long as this process keeps it, so it is stopped at once and the
     * sandbox runs under pg_ctl like any later start.
     */
    private void create(int port) throws IOException {
        EmbeddedPostgres created;
        try {
            created = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(runtime().toFile())
                    .setDataDirectory(data())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .start();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Another Railyard process is creating the sandbox in " + root
                    + "; try again when it has finished (" + e.getMessage() + ")", e);
        }
        created.close();
    }

    /** Starts the server with pg_ctl; when another process started it meanwhile, uses that one. */
    private void startServer(int port) {
        Path pgCtl = findBinary("pg_ctl")
                .orElseThrow(() -> new IllegalStateException("pg_ctl is missing under " + runtime()
                        + "; delete that folder and start the sandbox again to unpack it anew"));
        String options = "-p " + port + " -F"
                + " -c shared_preload_libraries=pg_stat_statements"
                + " -c pg_stat_statements.track=all"
                + " -c track_io_timing=on"
                + " -c max_connections=50";
        String output = pgCtl(pgCtl, List.of("-D", data().toString(), "-o", options, "-l", root.resolve("server.log").toString(),
                "-w", "-t", "60", "start"), 70);
        if (output == null) {
            return;
        }
        Status now = status();
        if (now.running()) {
            // Another process (the window or the CLI) started it between our check and pg_ctl.
            return;
        }
        throw new IllegalStateException("Could not start the sandbox: " + holder().map(pid ->
                "its data folder " + data() + " is held by process " + pid + " (postmaster.pid), which does not answer on port "
                        + now.port() + "; stop it with: railyard sandbox stop").orElse(output.trim()
                        + " (server log: " + root.resolve("server.log") + ")"));
    }

    /** The process named in postmaster.pid, when the file is there. */
    private Optional<Long> holder() {
        try {
            Path pid = data().resolve("postmaster.pid");
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pid, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            long number = Long.parseLong(first);
            return ProcessHandle.of(number).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the sandbox server if it runs, whoever started it; its data stays for the next start. */
    public synchronized boolean stop() {
        if (!Files.exists(data().resolve("postmaster.pid"))) {
            return false;
        }
        Path pgCtl = findBinary("pg_ctl")
                .orElseThrow(() -> new IllegalStateException("The sandbox runs, but pg_ctl is missing under " + runtime()));
        String output = pgCtl(pgCtl, List.of("-D", data().toString(), "stop", "-m", "fast", "-w", "-t", "30"), 40);
        if (output != null) {
            throw new IllegalStateException("Could not stop the sandbox: " + output.trim());
        }
        return true;
    }

    /** Runs pg_ctl; null when it succeeded, else what it printed. */
    private static String pgCtl(Path pgCtl, List<String> arguments, int seconds) {
        try {
            List<String> command = new java.util.ArrayList<>();
            if (runsAsRootOnLinux()) {
                // PostgreSQL refuses to run as root; a user namespace makes it run as a mapped user (as zonky does).
                command.addAll(List.of("unshare", "-U"));
            }
            command.add(pgCtl.toString());
            command.addAll(arguments);
            Process process = ChildEnvironment.apply(new ProcessBuilder(command), Map.of())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroy();
                return "pg_ctl did not finish within " + seconds + " s. " + output;
            }
            return process.exitValue() == 0 ? null : output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run pg_ctl for the sandbox: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running pg_ctl for the sandbox", e);
        }
    }

    private void seed(int port, JobContext context) {
        try (Connection admin = Connections.open(endpoint(port, "postgres"), null, Connections.Purpose.ADMIN);
             Statement statement = admin.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the sandbox database: " + e.getMessage(), e);
        }
        context.message("Applying the demo migrations up to V" + SEEDED_VERSION);
        Flyway.configure()
                .dataSource(Connections.unpooled(endpoint(port, DATABASE), null, Connections.Purpose.MIGRATION))
                .locations(MIGRATIONS)
                .target(SEEDED_VERSION)
                .load()
                .migrate();
        try (Connection connection = Connections.open(endpoint(port, DATABASE), null, Connections.Purpose.ADMIN)) {
            context.message("Loading the demo data");
            context.progress(1, 3, ProgressUnit.STEPS);
            try (Statement statement = connection.createStatement()) {
                statement.execute(resource("sandbox/seed.sql"));
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                statement.execute("SELECT pg_stat_statements_reset()");
            }
            context.checkCancelled();
            context.message("Recording a workload for pg_stat_statements");
            context.progress(2, 3, ProgressUnit.STEPS);
            runWorkload(connection, context);
            context.progress(3, 3, ProgressUnit.STEPS);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the sandbox data: " + e.getMessage(), e);
        }
    }

    /** The queries a small shop's app would send, so Queries and Indexes have something to show. */
    private static void runWorkload(Connection connection, JobContext context) throws SQLException {
        try (PreparedStatement byCustomer = connection.prepareStatement(
                     "SELECT id, status, total_cents FROM shop.orders WHERE customer_id = ? ORDER BY placed_at DESC LIMIT 20");
             PreparedStatement product = connection.prepareStatement("SELECT * FROM shop.products WHERE id = ?");
             PreparedStatement stock = connection.prepareStatement("UPDATE shop.products SET stock = stock - 1 WHERE id = ?");
             PreparedStatement event = connection.prepareStatement(
                     "INSERT INTO shop.events (kind, payload) VALUES ('page_view', jsonb_build_object('n', ?::int))");
             PreparedStatement recent = connection.prepareStatement(
                     "SELECT count(*) FROM shop.orders WHERE placed_at > now() - ?::interval");
             PreparedStatement byEmail = connection.prepareStatement("SELECT id FROM shop.customers WHERE email = ?");
             Statement plain = connection.createStatement()) {
            for (int i = 1; i <= 400; i++) {
                byCustomer.setLong(1, 1 + (i * 97L) % 40000);
                byCustomer.executeQuery().close();
                product.setInt(1, 1 + i % 2000);
                product.executeQuery().close();
                byEmail.setString(1, "customer" + (i * 13) + "@example.com");
                byEmail.executeQuery().close();
                if (i % 2 == 0) {
                    stock.setInt(1, 1 + i % 2000);
                    stock.executeUpdate();
                    event.setInt(1, i);
                    event.executeUpdate();
                }
                if (i % 40 == 0) {
                    context.checkCancelled();
                    recent.setString(1, (i / 40) + " days");
                    recent.executeQuery().close();
                }
            }
            for (int i = 0; i < 6; i++) {
                // The slow ones: a sequential scan on a text column and a report without an index.
                plain.executeQuery("SELECT count(*) FROM shop.order_items WHERE note LIKE '%gift%'").close();
                plain.executeQuery("SELECT c.country, count(*), sum(o.total_cents) FROM shop.orders o "
                        + "JOIN shop.customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY 3 DESC").close();
                plain.executeQuery("SELECT kind, count(*) FROM shop.events WHERE payload->>'path' = '/p/42' GROUP BY kind").close();
            }
        }
    }

    private ConnectionProfile saveProfile(int port) {
        ConnectionProfile profile = new ConnectionProfile(PROFILE, Dialect.POSTGRESQL, "localhost", port, DATABASE, "postgres",
                SslMode.DISABLE, null, EnvironmentTag.DEVELOPMENT,
                "Local demo database started by Railyard (no password). Stop it with: railyard sandbox stop",
                null, new MigrationSettings(List.of(MIGRATIONS), List.of(), null, Map.of(), null),
                SecretMode.ASK, null, 0);
        Optional<ConnectionProfile> existing = profiles.find(PROFILE);
        if (existing.isEmpty() || existing.get().port() != port || !existing.get().host().equals("localhost")) {
            profiles.save(profile);
        }
        return profiles.find(PROFILE).orElse(profile);
    }

    private int choosePort() throws IOException {
        Optional<Integer> saved = savedPort();
        if (saved.isPresent() && isFree(saved.get())) {
            return saved.get();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Optional<Integer> savedPort() {
        try {
            if (!Files.exists(settingsFile())) {
                return Optional.empty();
            }
            int port = json.readTree(settingsFile().toFile()).path("port").asInt(0);
            return port > 0 ? Optional.of(port) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("Ignoring an unreadable {}", settingsFile(), e);
            return Optional.empty();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runsAsRootOnLinux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && "root".equals(System.getProperty("user.name"));
    }

    private Optional<Path> findBinary(String name) {
        if (!Files.isDirectory(runtime())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(runtime(), 4)) {
            return files.filter(p -> p.getFileName().toString().equals(name) || p.getFileName().toString().equals(name + ".exe"))
                    .filter(p -> p.getParent().getFileName().toString().equals("bin"))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local sandbox server: no TLS, PostgreSQL trusts local connections. */
    private static Endpoint endpoint(int port, String database) {
        return new Endpoint("sandbox", Dialect.POSTGRESQL, "localhost", port, database, "postgres", SslMode.DISABLE, null);
    }

    static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?ApplicationName=railyard-sandbox";
    }

    private Path data() {
        return root.resolve("data");
    }

    private Path runtime() {
        return root.resolve("runtime");
    }

    private Path settingsFile() {
        return root.resolve("sandbox.json");
    }

    private Path seededMarker() {
        return root.resolve("seeded");
    }
}
