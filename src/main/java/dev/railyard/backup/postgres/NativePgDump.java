package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
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

    /**
     * @param customFormat pg_dump -Fc (compressed by pg_dump, restored with pg_restore) instead of a plain script
     */
    public NativePgDump(NativePgTools tools, NativePgTools.Tool pgDump, PgEndpoint source, BackupOptions options, Path out,
                        String profileName, String serverVersion, boolean customFormat) {
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
        ProcessBuilder builder = tools.command(pgDump, source, arguments(), "railyard-backup");
        context.log("Running " + pgDump.path() + " " + String.join(" ", arguments()) + " (connection settings in the environment)");
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
            long estimate = -1;
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
                throw new BackupException("pg_dump " + pgDump.version() + " failed (exit code " + exit + "):\n"
                        + String.join("\n", snapshot(stderrTail)));
            }
            BackupFileWriter.Summary summary = writer.finish();
            context.checkCancelled();
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, ENGINE, pgDump.version(), "postgres", serverVersion,
                    source.address(), profileName, source.database(), started, Instant.now(), out.getFileName().toString(),
                    customFormat ? "custom" : "sql", customFormat ? "pg_dump" : compression.id(), summary.fileBytes(),
                    summary.uncompressedBytes(), summary.sha256(), options, List.of(), List.of(), options.note(), null, null);
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
