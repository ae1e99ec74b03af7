package dev.railyard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * PostgreSQL 18 with pgvector, and its client tools (pg_dump 18, the schema oracle for servers
 * newer than Debian's 15), from the Debian sid tree that {@code sid-servers.sh install} builds.
 * The shared server starts once per JVM on a free port in a temp folder and stops with the JVM.
 * When the tree or the script is absent, the test fails with the command that installs them.
 */
public final class SidPostgres implements PgServer {

    /** Where the script is when the repository is not beside the project's shared folder. */
    public static final String SCRIPT_VARIABLE = "RAILYARD_SID_SERVERS";
    /** Where the project's machines keep the shared tools, for a clone that is not beside them. */
    private static final Path MACHINE_SCRIPT = Path.of("/work/shared/tools/sid-servers.sh");

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static SidPostgres shared;

    private final Path dataDir;
    private final int port;

    private SidPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The server shared by the whole test run. */
    public static synchronized SidPostgres shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /**
     * sid-servers.sh: the file {@value #SCRIPT_VARIABLE} names, else ../shared/tools/sid-servers.sh
     * beside the repository (the layout of the project's machines).
     */
    public static Path script() {
        String named = System.getenv(SCRIPT_VARIABLE);
        Path script = named != null && !named.isBlank() ? Path.of(named)
                : Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("shared/tools/sid-servers.sh");
        if (!Files.isRegularFile(script) && (named == null || named.isBlank()) && Files.isRegularFile(MACHINE_SCRIPT)) {
            script = MACHINE_SCRIPT; // a clone elsewhere on one of the project's machines
        }
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("sid-servers.sh is not at " + script + ": set " + SCRIPT_VARIABLE
                    + " to its path (the project's shared/tools/sid-servers.sh)");
        }
        return script;
    }

    /** The folder with the tree's launchers and client tools (psql, pg_dump 18, ...). */
    public static Path binDir() {
        String home = System.getenv().getOrDefault("SID_HOME", "/var/cache/sid-servers");
        String bin = System.getenv().getOrDefault("SID_PG_BIN", home + "/pg18-bin");
        Path dir = Path.of(bin);
        Path root = Path.of(System.getenv().getOrDefault("SID_ROOT", home + "/sid-root"));
        if (!Files.isExecutable(dir.resolve("postgres")) || !Files.isRegularFile(root.resolve(".sid-servers-complete"))) {
            throw new AssertionError("PostgreSQL 18 with pgvector from Debian sid is not installed in " + home
                    + ": run `sudo " + (System.getenv("SID_HOME") != null ? "SID_HOME=" + home + " " : "") + "bash " + scriptHint()
                    + " install` (about 550 MB, a minute)");
        }
        return dir;
    }

    /** A client tool of the tree, e.g. pg_dump (version 18). */
    public static Path tool(String name) {
        Path tool = binDir().resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new AssertionError(name + " is missing in " + tool.getParent() + ": run `sudo bash " + scriptHint() + " install`");
        }
        return tool;
    }

    private static String scriptHint() {
        try {
            return script().toString();
        } catch (AssertionError e) {
            return "../shared/tools/sid-servers.sh";
        }
    }

    private static SidPostgres start() {
        binDir();
        Path script = script();
        try {
            Path dataDir = Files.createTempDirectory("railyard-sid-pg");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            run(List.of("bash", script.toString(), "start-postgres", dataDir.toString(), Integer.toString(port),
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=100"),
                    dataDir.resolve("server.log"));
            SidPostgres server = new SidPostgres(dataDir, port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "sid-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL 18 from the sid tree", e);
        }
    }

    private void stop() {
        try {
            run(List.of("bash", script().toString(), "stop", dataDir.toString()), dataDir.resolve("server.log"));
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | AssertionError e) {
            // The JVM is ending; a data folder left in /tmp is all that can go wrong.
        }
    }

    private static void run(List<String> arguments, Path log) {
        List<String> command = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("sudo", "-n")); // the script's launchers need root (chroot, namespaces)
        }
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile("railyard-sid", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out: " + String.join(" ", command));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text
                        + (Files.isRegularFile(log) ? "\n" + log + ":\n" + Files.readString(log) : ""));
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
        return "18";
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
        return PgServer.createDatabase(this, prefix + "_sid_" + DATABASES.incrementAndGet());
    }
}
