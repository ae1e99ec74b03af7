package dev.railyard.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL 15 client tools (psql, pg_dump), the oracle of the round-trip tests; for
 * servers newer than 15, pg_dump 18 of the sid tree ({@link SidPostgres#tool}).
 * A missing tool fails the test with what to install, never skips it.
 */
public final class PgClientTools {

    private static final Path BIN = Path.of("/usr/bin");

    private PgClientTools() {
    }

    public static Path tool(String name) {
        Path path = BIN.resolve(name);
        if (!Files.isExecutable(path)) {
            throw new AssertionError(name + " is not installed at " + path
                    + ": install Debian's PostgreSQL 15 client tools (apt-get install postgresql-client-15)");
        }
        return path;
    }

    /** Runs psql -v ON_ERROR_STOP=1 with extra arguments against a database of the server; returns stdout. */
    public static String psql(PgServer pg, String database, String... args) {
        List<String> command = new ArrayList<>(List.of(tool("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", "postgres", "-d", database));
        command.addAll(List.of(args));
        return run(command);
    }

    /**
     * pg_dump --schema-only --no-owner --no-privileges of a database, as text: Debian's pg_dump 15
     * up to PostgreSQL 15, the sid tree's pg_dump 18 for newer servers.
     */
    public static String schemaDump(PgServer pg, String database, String... options) {
        List<String> command = new ArrayList<>(List.of(pgDumpFor(pg).toString(), "--schema-only", "--no-owner", "--no-privileges"));
        command.addAll(List.of(options));
        command.addAll(List.of("-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", "postgres", database));
        return run(command);
    }

    /** A pg_dump of the server's major or newer. */
    public static Path pgDumpFor(PgServer pg) {
        return Integer.parseInt(pg.major()) <= 15 ? tool("pg_dump") : SidPostgres.tool("pg_dump");
    }

    /** A schema dump without comments, blank lines and the per-run \restrict keys: what must match between two databases. */
    public static String comparableSchema(PgServer pg, String database) {
        StringBuilder kept = new StringBuilder();
        for (String line : schemaDump(pg, database).split("\n")) {
            if (line.isBlank() || line.startsWith("--") || line.startsWith("\\restrict") || line.startsWith("\\unrestrict")) {
                continue;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }

    private static String run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("PGPASSWORD");
            Path stderr = Files.createTempFile("railyard-tool", ".err");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out: " + command);
            }
            String err = Files.readString(stderr);
            Files.deleteIfExists(stderr);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("Could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
