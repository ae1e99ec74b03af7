package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.SnapshotProbe;
import dev.railyard.db.SqlResources;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Sizes;
import dev.railyard.task.Workers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup made by the local pg_dump, when its version can dump the server. Its output goes
 * through the same safe path as the built-in engine's: compressed on the way (plain format),
 * written to {@code <out>.partial}, hashed, renamed only when complete, with a manifest.
 * Progress comes from pg_dump's --verbose lines; its stderr is shown when it fails.
 */
public final class NativePgDump implements Job<BackupResult> {

    public static final String ENGINE = "pg_dump";
    private static final Pattern DUMPING_TABLE = Pattern.compile("dumping contents of table \"?([^\"]+)\"?");
    private static final int STDERR_LINES_KEPT = 40;

    private final NativePgTools tools;
    private final NativePgTools.Tool pgDump;
    private final PgEndpoint source;
    private final BackupOptions options;
    private final Path out;
    private final String profileName;
    private final String serverVersion;
    private final boolean customFormat;
    private final SnapshotProbe probe;
    private final Connection holder;

    /**
     * @param customFormat pg_dump -Fc (compressed by pg_dump, restored with pg_restore) instead of a plain script
     */
    public NativePgDump(NativePgTools tools, NativePgTools.Tool pgDump, PgEndpoint source, BackupOptions options, Path out,
                        String profileName, String serverVersion, boolean customFormat) {
        this(tools, pgDump, source, options, out, profileName, serverVersion, customFormat, SnapshotProbe.NONE, null);
    }

    /**
     * @param probe  reads the migration head in the snapshot pg_dump reads, and hears the data size
     * @param holder a connection in a REPEATABLE READ transaction ({@link SnapshotSession#open}) that
     *               exports its snapshot for pg_dump ({@code --snapshot}) and keeps it alive until
     *               pg_dump has joined it; null to let pg_dump take its own (then no head is read).
     *               The caller closes it.
     */
    NativePgDump(NativePgTools tools, NativePgTools.Tool pgDump, PgEndpoint source, BackupOptions options, Path out,
                 String profileName, String serverVersion, boolean customFormat, SnapshotProbe probe, Connection holder) {
        this.probe = probe;
        this.holder = holder;
        this.tools = tools;
        this.pgDump = pgDump;
        this.source = source;
        this.options = options;
        this.out = out.toAbsolutePath();
        this.profileName = profileName;
        this.serverVersion = serverVersion;
        this.customFormat = customFormat;
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add(customFormat ? "--format=custom" : "--format=plain");
        args.add("--verbose");
        if (!options.owners()) {
            args.add("--no-owner");
        }
        if (!options.privileges()) {
            args.add("--no-privileges");
        }
        if (options.schemaOnly()) {
            args.add("--schema-only");
        }
        if (options.dataOnly()) {
            args.add("--data-only");
        }
        options.schemas().forEach(s -> args.add("--schema=" + s));
        options.tables().forEach(t -> args.add("--table=" + t));
        return args;
    }

    @Override
    public BackupResult run(JobContext context) throws Exception {
        Instant started = Instant.now();
        Compression compression = customFormat ? Compression.NONE : options.compression();
        List<String> warnings = new ArrayList<>();
        Shared shared = holder == null ? new Shared(null, -1, null) : share(context, warnings);
        List<String> arguments = arguments();
        if (shared.snapshot() != null) {
            arguments.add("--snapshot=" + shared.snapshot());
        }
        ProcessBuilder builder = tools.command(pgDump, source, arguments, "railyard-backup");
        context.log("Running " + pgDump.path() + " " + String.join(" ", arguments) + " (connection settings in the environment)");
        context.message("pg_dump " + pgDump.version() + " is dumping " + source.database());
        Path manifestFile = ManifestIO.manifestPathFor(out);
        Deque<String> stderrTail = new ArrayDeque<>();
        Process process = builder.start();
        Workers stderr = Workers.open("pg_dump-stderr", 1, Duration.ofSeconds(5));
        Future<?> stderrRead = stderr.submit(() -> readStderr(process.getErrorStream(), stderrTail, context));
        boolean manifestWritten = false;
        boolean published = false;
        try (BackupFileWriter writer = BackupFileWriter.open(out, compression, options.engineLevel());
             JobContext.Registration cancel = context.onCancel(() -> destroy(process))) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            // Table sizes on disk approach a plain script's size; pg_dump compresses a custom archive itself.
            long estimate = customFormat ? -1 : shared.dataBytes();
            try (InputStream stdout = process.getInputStream()) {
                int n;
                while ((n = stdout.read(buffer)) > 0) {
                    writer.stream().write(buffer, 0, n);
                    total += n;
                    if ((total & 0xfffff) < n) {
                        context.progress(total, estimate, ProgressUnit.BYTES);
                    }
                }
            }
            int exit = process.waitFor();
            awaitQuietly(stderrRead);
            context.checkCancelled();
            if (exit != 0) {
                String errors = String.join("\n", snapshot(stderrTail));
                ConnectionProblem problem = ConnectionProblem.ofToolOutput(source.endpoint(), errors, source.password() != null);
                if (problem != null) {
                    throw new BackupException("pg_dump could not connect: " + problem.getMessage(), problem);
                }
                throw new BackupException("pg_dump " + pgDump.version() + " failed (exit code " + exit + "):\n" + errors);
            }
            BackupFileWriter.Summary summary = writer.finish();
            context.checkCancelled();
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, ENGINE, pgDump.version(), "postgres", serverVersion,
                    source.address(), profileName, source.database(), started, Instant.now(), out.getFileName().toString(),
                    customFormat ? "custom" : "sql", customFormat ? "pg_dump" : compression.id(), summary.fileBytes(),
                    summary.uncompressedBytes(), summary.sha256(), options, List.of(), warnings, options.note(), shared.head(), null);
            new ManifestIO().write(manifestFile, manifest);
            manifestWritten = true;
            writer.publish();
            published = true;
            context.log("Backup written by pg_dump " + pgDump.version() + ": " + out + " (" + Sizes.human(summary.fileBytes()) + ")");
            return new BackupResult(out, manifestFile, manifest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } catch (IOException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException("Writing " + out + " failed: " + e.getMessage(), e);
        } finally {
            destroy(process);
            // The process is gone, so its stderr ends: the reader follows at once.
            stderr.close();
            if (manifestWritten && !published) {
                Files.deleteIfExists(manifestFile);
            }
        }
    }

    /** The snapshot pg_dump joins, the data size, and the migration head in that snapshot. */
    private record Shared(String snapshot, long dataBytes, String head) { }

    /**
     * Exports the holder's snapshot for pg_dump and reads, in the same round trip, the size of the
     * tables; then the migration head in that snapshot. pg_dump imports the snapshot as it starts
     * (the holder stays open until pg_dump ends), so the head is the one of the data in the file.
     * Where a snapshot cannot be exported (a standby before PostgreSQL 10, say), pg_dump takes its
     * own, the head is read just before it starts, and the manifest says so.
     */
    private Shared share(JobContext context, List<String> warnings) {
        context.message("Taking the snapshot pg_dump will read");
        String snapshot = null;
        long bytes = -1;
        try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery(SqlResources.MARK
                + "SELECT pg_catalog.pg_export_snapshot(), (SELECT coalesce(sum(pg_catalog.pg_table_size(c.oid)), 0) "
                + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema'))")) {
            rs.next();
            snapshot = rs.getString(1);
            bytes = rs.getLong(2);
            probe.dataBytes(bytes);
        } catch (SQLException e) {
            context.log("Could not export a snapshot for pg_dump (" + e.getMessage().strip() + "); it takes its own");
            try {
                holder.rollback();
            } catch (SQLException again) {
                context.log("Ending the snapshot transaction failed: " + again.getMessage());
            }
        }
        String head = SnapshotSession.migrationHead(holder, probe, context).orElse(null);
        if (snapshot == null && head != null) {
            warnings.add("The migration head (" + head + ") was read just before pg_dump took its snapshot: a migration "
                    + "applied at that moment would be in the file but not in the head");
        }
        return new Shared(snapshot, bytes, head);
    }

    /** Waits up to 5 s for the stderr reader to reach the end of the stream. */
    private static void awaitQuietly(Future<?> read) throws InterruptedException {
        try {
            read.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // What was read so far is what the error message shows.
        }
    }

    private static void readStderr(InputStream stderr, Deque<String> tail, JobContext context) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_LINES_KEPT) {
                        tail.removeFirst();
                    }
                }
                Matcher m = DUMPING_TABLE.matcher(line);
                if (m.find()) {
                    context.message("Copying " + m.group(1));
                }
                if (line.contains("error") || line.contains("warning")) {
                    context.log(line);
                }
            }
        } catch (IOException ignored) {
            // The process ended; its exit code tells the rest.
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    private static void destroy(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
