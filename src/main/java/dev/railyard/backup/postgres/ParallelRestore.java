package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.script.PsqlScriptRunner;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.ScriptOptions;
import dev.railyard.backup.script.ScriptResult;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a built-in backup in parts, as pg_restore -j does: definitions first, then the
 * tables' data on several connections at once (each table's data starts a compressed frame
 * of its own, at the offset the manifest gives), then sequence values, then indexes and
 * constraints (built in parallel too). Only outside a single transaction: into a new
 * database, where a failure drops the database, or when the user gave up atomicity.
 */
final class ParallelRestore {

    /** The session settings every part of a built-in backup expects (its header sets them). */
    private static final List<String> SESSION = List.of(
            "SET statement_timeout = 0", "SET lock_timeout = 0", "SET idle_in_transaction_session_timeout = 0",
            "SET standard_conforming_strings = on", "SELECT pg_catalog.set_config('search_path', '', false)",
            "SET check_function_bodies = false", "SET xmloption = content", "SET client_min_messages = warning",
            "SET row_security = off", "SET DateStyle = ISO", "SET IntervalStyle = postgres");

    private final ScriptFile script;
    private final Manifest manifest;
    private final PgEndpoint endpoint;
    private final RestoreOptions options;

    ParallelRestore(ScriptFile script, Manifest manifest, PgEndpoint endpoint, RestoreOptions options) {
        this.script = script;
        this.manifest = manifest;
        this.endpoint = endpoint;
        this.options = options;
    }

    /** Whether this file can be restored in parts: a built-in backup whose manifest knows where each part starts. */
    static boolean applies(ScriptFile script, Optional<Manifest> manifest, RestoreOptions options) {
        if (options.singleTransaction() || options.jobs() < 2 || options.clean() || manifest.isEmpty()) {
            return false;
        }
        Manifest m = manifest.get();
        return script.kind() == ScriptFile.Kind.PLAIN_SQL
                && BuiltinPgDump.ENGINE.equals(m.engine())
                && m.sections() != null
                && m.fileBytes() == script.size()
                && Compression.byName(m.compression()) == script.compression()
                && m.tables().stream().allMatch(t -> t.fileOffset() >= 0);
    }

    ScriptResult run(JobContext context) throws BackupException {
        long started = System.nanoTime();
        Manifest.Sections sections = manifest.sections();
        AtomicLong read = new AtomicLong();
        long total = script.size();
        List<ScriptResult> results = new ArrayList<>();
        ScriptOptions serial = ScriptOptions.defaults().withSingleTransaction(false).withStopOnError(options.stopOnError())
                .withEnding(ScriptOptions.Ending.NOT_CHECKED);
        try (Connection main = prepare(endpoint.connect("railyard-restore"))) {
            context.message("Restoring definitions");
            results.add(part(main, null, 0, sections.data(), serial, context, read, total));
            results.addAll(tables(context, read, total));
            context.message("Restoring sequence values");
            results.add(part(main, null, sections.sequences(), sections.postData() - sections.sequences(), serial, context,
                    read, total));
            context.message("Building indexes and constraints");
            ScriptOptions last = serial.withParallelism(options.jobs()).withEnding(ScriptOptions.Ending.CLOSING_LINE_REQUIRED);
            results.add(part(main, () -> prepare(endpoint.connect("railyard-restore")), sections.postData(),
                    script.size() - sections.postData(), last, context, read, total));
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException(PgErrors.describe("The restore into " + endpoint.address(), e), e);
        }
        return merge(results, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The tables' data, on {@code jobs} connections, biggest first. */
    private List<ScriptResult> tables(JobContext context, AtomicLong read, long total) throws BackupException {
        List<Manifest.TableEntry> tables = new ArrayList<>(manifest.tables());
        tables.sort(Comparator.comparingLong(Manifest.TableEntry::fileLength).reversed());
        if (tables.isEmpty()) {
            return List.of();
        }
        context.message("Loading " + tables.size() + " tables on " + options.jobs() + " connections");
        AtomicBoolean failed = new AtomicBoolean();
        JobContext shared = new StopsWithSiblings(context, failed);
        ScriptOptions data = ScriptOptions.defaults().withSingleTransaction(false).withStopOnError(options.stopOnError())
                .withEnding(ScriptOptions.Ending.NOT_CHECKED);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.jobs(), tables.size()), runnable -> {
            Thread thread = new Thread(runnable, "railyard-restore-data-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ThreadLocal<Connection> connections = new ThreadLocal<>();
        List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<ScriptResult>> futures = new ArrayList<>();
        try {
            for (Manifest.TableEntry table : tables) {
                futures.add(pool.submit(() -> {
                    try {
                        Connection connection = connections.get();
                        if (connection == null) {
                            connection = prepare(endpoint.connect("railyard-restore"));
                            opened.add(connection);
                            connections.set(connection);
                        }
                        shared.checkCancelled();
                        return part(connection, null, table.fileOffset(), table.fileLength(), data, shared, read, total);
                    } catch (Exception e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            List<ScriptResult> results = new ArrayList<>();
            Exception first = null;
            for (Future<ScriptResult> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
                    // A sibling's cancel is not the story; the failure that caused it is.
                    if (first == null || first instanceof JobCancelledException) {
                        first = cause;
                    }
                }
            }
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            if (first instanceof BackupException b) {
                throw b;
            }
            if (first instanceof SQLException s) {
                throw new BackupException(PgErrors.describe("Loading table data into " + endpoint.address(), s), s);
            }
            if (first != null) {
                throw new BackupException("Loading table data failed: " + first.getMessage(), first);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Nothing left to do with it.
                }
            }
        }
    }

    private ScriptResult part(Connection connection, PsqlScriptRunner.ConnectionFactory more, long offset, long length,
                              ScriptOptions scriptOptions, JobContext context, AtomicLong read, long total)
            throws BackupException, SQLException {
        try (InputStream in = script.openPart(offset, length, read)) {
            return new PsqlScriptRunner(scriptOptions).run(connection, more, in, new Progress(context, read, total),
                    PsqlScriptRunner.Progress.none());
        } catch (IOException e) {
            throw new BackupException("Reading " + script.path().getFileName() + " at byte " + offset + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Applies the session settings in one round trip. */
    private static Connection prepare(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(String.join("; ", SESSION));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static ScriptResult merge(List<ScriptResult> results, Duration duration) {
        long statements = 0;
        long copies = 0;
        long rows = 0;
        long errorCount = 0;
        List<ScriptResult.ScriptError> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ScriptResult r : results) {
            statements += r.statements();
            copies += r.copies();
            rows += r.rows();
            errorCount += r.errorCount();
            errors.addAll(r.errors());
            notes.addAll(r.notes());
        }
        return new ScriptResult(statements, copies, rows, errors, errorCount, notes, duration);
    }

    /** The job's context, cancelled too when another part failed; progress is the bytes read from the whole file. */
    private static final class StopsWithSiblings implements JobContext {
        private final JobContext parent;
        private final AtomicBoolean failed;

        StopsWithSiblings(JobContext parent, AtomicBoolean failed) {
            this.parent = parent;
            this.failed = failed;
        }

        @Override
        public void progress(long done, long total, ProgressUnit unit) {
            parent.progress(done, total, unit);
        }

        @Override
        public void message(String step) {
            parent.message(step);
        }

        @Override
        public void log(String line) {
            parent.log(line);
        }

        @Override
        public boolean isCancelled() {
            return parent.isCancelled() || failed.get();
        }
    }

    /** Reports the bytes read from the whole file, whichever part is running. */
    private static final class Progress implements JobContext {
        private final JobContext parent;
        private final AtomicLong read;
        private final long total;

        Progress(JobContext parent, AtomicLong read, long total) {
            this.parent = parent;
            this.read = read;
            this.total = total;
        }

        @Override
        public void progress(long done, long ignored, ProgressUnit unit) {
            parent.progress(Math.min(read.get(), total), total, ProgressUnit.BYTES);
        }

        @Override
        public void message(String step) {
            parent.message(step);
        }

        @Override
        public void log(String line) {
            parent.log(line);
        }

        @Override
        public boolean isCancelled() {
            return parent.isCancelled();
        }
    }
}
