package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.script.CopyShare;
import dev.railyard.backup.script.PsqlScriptRunner;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.ScriptOptions;
import dev.railyard.backup.script.ScriptResult;
import dev.railyard.task.CancelSignal;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Workers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a built-in backup in parts, as pg_restore -j does: definitions first, then the
 * tables' data on several connections at once (each table's data starts a compressed frame
 * of its own, at the offset the manifest gives), each table's indexes and key constraints as
 * soon as its rows are in ({@link EarlyIndexes}), then sequence values, then the rest of the
 * post-data section (its other indexes built in parallel too). Only outside a single transaction: into a new
 * database, where a failure drops the database, or when the user gave up atomicity.
 */
final class ParallelRestore {

    /** The session settings every part of a built-in backup expects (its header sets them). */
    private static final List<String> SESSION = List.of(
            "SET statement_timeout = 0", "SET lock_timeout = 0", "SET idle_in_transaction_session_timeout = 0",
            "SET standard_conforming_strings = on", "SELECT pg_catalog.set_config('search_path', '', false)",
            "SET check_function_bodies = false", "SET xmloption = content", "SET client_min_messages = warning",
            "SET row_security = off", "SET DateStyle = ISO", "SET IntervalStyle = postgres",
            // Each table's COPY and each definition commits on its own here; none waits for its WAL
            // to reach the disk. The last step (see flush) commits synchronously, which flushes them all.
            "SET synchronous_commit = off");

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
        // Going on after errors: one pass over the whole file, so every failure is listed with its line in the file.
        if (options.singleTransaction() || options.jobs() < 2 || options.clean() || manifest.isEmpty() || !options.stopOnError()) {
            return false;
        }
        Manifest m = manifest.get();
        return script.kind() == ScriptFile.Kind.PLAIN_SQL
                && BuiltinPgDump.ENGINE.equals(m.engine())
                && m.sections() != null
                && m.fileBytes() == script.size()
                && Compression.byName(m.compression()) == script.compression()
                && tablesTile(m);
    }

    /**
     * Where the tables' data lies in the file, as {offset, length} pairs, when this restore runs in
     * parts; empty when it does not. These bytes run only as table data (see {@link
     * PsqlScriptRunner#onlyTableData}): a check before the run may leave them to the load, which
     * refuses anything in them but a table's COPY ... FROM stdin.
     */
    static List<long[]> tableParts(ScriptFile script, Optional<Manifest> manifest, RestoreOptions options) {
        if (!applies(script, manifest, options)) {
            return List.of();
        }
        return manifest.get().tables().stream().map(t -> new long[] {t.fileOffset(), t.fileLength()}).toList();
    }

    /**
     * Whether the tables' parts cover the data section exactly, one after another in the
     * manifest's order, as a built-in backup writes them: no part reaches into the definitions
     * or past the data, and no two overlap. A manifest that says otherwise is not run in parts.
     */
    private static boolean tablesTile(Manifest m) {
        Manifest.Sections s = m.sections();
        if (s.data() < 0 || s.data() > s.sequences() || s.sequences() > s.postData() || s.postData() > m.fileBytes()) {
            return false;
        }
        long at = s.data();
        for (Manifest.TableEntry t : m.tables()) {
            if (t.fileOffset() != at || t.fileLength() < 0) {
                return false;
            }
            at += t.fileLength();
        }
        return at == s.sequences();
    }

    ScriptResult run(JobContext context) throws BackupException {
        long started = System.nanoTime();
        Manifest.Sections sections = manifest.sections();
        AtomicLong read = new AtomicLong();
        long total = script.size();
        List<ScriptResult> results = new ArrayList<>();
        ScriptOptions serial = ScriptOptions.defaults().withSingleTransaction(false).withStopOnError(options.stopOnError())
                .withEnding(ScriptOptions.Ending.NOT_CHECKED);
        JobContext whole = new PartContext(context, read, total, new CancelSignal());
        try (Connection main = prepare(endpoint.connect("railyard-restore"))) {
            context.message("Restoring definitions");
            results.add(part(main, null, 0, sections.data(), serial, Set.of(), whole, read));
            EarlyIndexes early = planEarlyIndexes(main, context);
            Set<String> built = ConcurrentHashMap.newKeySet();
            results.addAll(tables(context, read, total, early, built));
            context.message("Restoring sequence values");
            results.add(part(main, null, sections.sequences(), sections.postData() - sections.sequences(), serial, Set.of(),
                    whole, read));
            context.message("Building indexes and constraints");
            ScriptOptions last = serial.withParallelism(options.jobs()).withEnding(ScriptOptions.Ending.CLOSING_LINE_REQUIRED);
            results.add(part(main, () -> prepare(endpoint.connect("railyard-restore")), sections.postData(),
                    script.size() - sections.postData(), last, built, whole, read));
            flush(main);
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException(PgErrors.describe("The restore into " + endpoint.address(), e), e);
        }
        return merge(results, Duration.ofNanos(System.nanoTime() - started));
    }

    private EarlyIndexes planEarlyIndexes(Connection main, JobContext context) throws BackupException, SQLException {
        try {
            EarlyIndexes early = EarlyIndexes.plan(script, manifest, main);
            if (!early.isEmpty()) {
                context.log(early.count() + " indexes and key constraints are built as soon as their table is loaded");
            }
            return early;
        } catch (IOException e) {
            throw new BackupException("Reading " + script.path().getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The tables' data, on {@code jobs} connections, biggest first; as each table is loaded, its
     * indexes and key constraints join the queue (behind the loads not yet started), and their
     * text goes into {@code built}.
     */
    private List<ScriptResult> tables(JobContext context, AtomicLong read, long total, EarlyIndexes early, Set<String> built)
            throws BackupException {
        List<Manifest.TableEntry> all = manifest.tables();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> all.get(i).fileLength()).reversed());
        if (order.isEmpty()) {
            return List.of();
        }
        context.message("Loading " + order.size() + " tables on " + options.jobs() + " connections");
        CancelSignal failed = new CancelSignal();
        JobContext shared = new PartContext(context, read, total, failed);
        ScriptOptions data = ScriptOptions.defaults().withSingleTransaction(false).withStopOnError(options.stopOnError())
                .withEnding(ScriptOptions.Ending.NOT_CHECKED);
        // A failure anywhere fails the restore only when it stops on the first error; a shared COPY needs that.
        CopyShare share = options.stopOnError() ? new CopyShare(order.size()) : null;
        // With a share, connections beyond the number of tables help load the big ones.
        int workers = share != null ? options.jobs() : Math.min(options.jobs(), order.size());
        Workers pool = Workers.open("restore-data", workers);
        ThreadLocal<Connection> connections = new ThreadLocal<>();
        List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        Queue<Future<ScriptResult>> futures = new ConcurrentLinkedQueue<>();
        try {
            for (int index : order) {
                Manifest.TableEntry table = all.get(index);
                futures.add(pool.submit(() -> {
                    try {
                        Connection connection = connection(connections, opened);
                        shared.checkCancelled();
                        long start = System.nanoTime();
                        ScriptResult result = table(connection, table, data, share, shared, read);
                        context.log("Loaded " + table.schema() + "." + table.name() + ": " + result.rows() + " rows in "
                                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
                        // Queued before this load's result is returned, so the waiting loop below sees them.
                        for (String statement : early.forTable(index)) {
                            futures.add(pool.submit(() -> buildEarly(connection(connections, opened), statement, data, shared,
                                    built, failed)));
                        }
                        return result;
                    } catch (Exception e) {
                        failed.cancel();
                        throw e;
                    } finally {
                        if (share != null) {
                            share.loadEnded();
                        }
                    }
                }));
            }
            // Queued behind every load: a connection whose tables are done takes rows of a big table still loading.
            for (int i = 1; share != null && i < workers; i++) {
                futures.add(pool.submit(() -> help(share, () -> helperConnection(connections, opened, context), context, shared,
                        failed)));
            }
            List<ScriptResult> results = new ArrayList<>();
            Exception first = null;
            Future<ScriptResult> future;
            while ((future = futures.poll()) != null) {
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
            pool.stop();
            pool.close();
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Nothing left to do with it.
                }
            }
        }
    }

    /** Loads rows of COPYs other connections are running until none is left; the owners count the rows. */
    private static ScriptResult help(CopyShare share, CopyShare.ConnectionSource connection, JobContext context,
                                     JobContext shared, CancelSignal failed) throws SQLException {
        try {
            long start = System.nanoTime();
            long rows = share.help(connection, shared);
            if (rows > 0) {
                context.log("Helped another connection load its table: " + rows + " rows in "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            }
            return new ScriptResult(0, 0, 0, List.of(), 0, List.of(), Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException | RuntimeException e) {
            failed.cancel();
            throw e;
        }
    }

    /**
     * This thread's connection for helping another's COPY; null, and a line in the log, when it
     * cannot be opened (the server may be at max_connections): the table then loads on one
     * connection, as it would have anyway.
     */
    private Connection helperConnection(ThreadLocal<Connection> connections, List<Connection> opened, JobContext context) {
        try {
            return connection(connections, opened);
        } catch (SQLException e) {
            context.log("Could not open another connection to help load a big table (" + e.getMessage()
                    + "); it loads on one connection");
            return null;
        }
    }

    /** This thread's connection, opened on first use. */
    private Connection connection(ThreadLocal<Connection> connections, List<Connection> opened) throws SQLException {
        Connection connection = connections.get();
        if (connection == null) {
            connection = prepare(endpoint.connect("railyard-restore"));
            opened.add(connection);
            connections.set(connection);
        }
        return connection;
    }

    /** One index or key constraint, run as a one-statement script so errors read as the others do. */
    private ScriptResult buildEarly(Connection connection, String statement, ScriptOptions data, JobContext shared,
                                    Set<String> built, CancelSignal failed) throws BackupException, SQLException {
        try {
            shared.checkCancelled();
            String text = statement.strip();
            byte[] sql = (text.endsWith(";") ? text + "\n" : text + ";\n").getBytes(StandardCharsets.UTF_8);
            ScriptResult result = new PsqlScriptRunner(data).run(connection, null, new ByteArrayInputStream(sql), shared,
                    PsqlScriptRunner.Progress.none());
            built.add(statement);
            return result;
        } catch (BackupException | RuntimeException e) {
            failed.cancel();
            throw e;
        }
    }

    /** Runs {@code length} bytes of the file from {@code offset}; bytes read are added to {@code read}. */
    private ScriptResult part(Connection connection, PsqlScriptRunner.ConnectionFactory more, long offset, long length,
                              ScriptOptions scriptOptions, Set<String> alreadyRun, JobContext partContext, AtomicLong read)
            throws BackupException, SQLException {
        return part(new PsqlScriptRunner(scriptOptions).skipping(alreadyRun), connection, more, offset, length, partContext, read);
    }

    /** One table's data; its COPY takes help from idle connections through {@code share} when there is one. */
    private ScriptResult table(Connection connection, Manifest.TableEntry table, ScriptOptions scriptOptions, CopyShare share,
                               JobContext partContext, AtomicLong read) throws BackupException, SQLException {
        String what = "the data of " + table.schema() + "." + table.name() + " (" + script.path().getFileName() + " from byte "
                + table.fileOffset() + ")";
        PsqlScriptRunner runner = new PsqlScriptRunner(scriptOptions).onlyTableData(what, table.schema(), table.name());
        try {
            return part(share == null ? runner : runner.sharingCopies(share), connection, null, table.fileOffset(),
                    table.fileLength(), partContext, read);
        } catch (BackupException e) {
            // The runner counts lines from the part's start: name the table instead.
            if (e.getCause() instanceof IOException io && !(io instanceof java.io.InterruptedIOException) && !partContext.isCancelled()) {
                throw new BackupException(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " cannot be read ("
                        + io.getMessage() + "): the file is damaged. Use another copy of this backup.", e);
            }
            throw e;
        }
    }

    private ScriptResult part(PsqlScriptRunner runner, Connection connection, PsqlScriptRunner.ConnectionFactory more,
                              long offset, long length, JobContext partContext, AtomicLong read)
            throws BackupException, SQLException {
        try (InputStream in = script.openPart(offset, length, read)) {
            return runner.run(connection, more, in, partContext, PsqlScriptRunner.Progress.none());
        } catch (IOException e) {
            throw new BackupException("Reading " + script.path().getFileName() + " at byte " + offset + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Commits one transaction synchronously: its commit waits until the WAL up to it, which
     * holds every earlier commit of this restore, is on disk. Only then is the restore reported done.
     */
    private static void flush(Connection main) throws SQLException {
        try (Statement s = main.createStatement()) {
            main.setAutoCommit(true);
            s.execute("SET synchronous_commit = on");
            s.execute("SELECT pg_catalog.txid_current()");
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

    /**
     * A part's view of the job: progress is the bytes read from the whole file, whichever part
     * reads them; it counts as cancelled too once a sibling part failed.
     */
    private static final class PartContext implements JobContext {
        private final JobContext parent;
        private final AtomicLong read;
        private final long total;
        private final CancelSignal failed;

        PartContext(JobContext parent, AtomicLong read, long total, CancelSignal failed) {
            this.parent = parent;
            this.read = read;
            this.total = total;
            this.failed = failed;
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
        public void status(String text) {
            parent.status(text);
        }

        @Override
        public void log(String line) {
            parent.log(line);
        }

        @Override
        public boolean isCancelled() {
            return parent.isCancelled() || failed.isCancelled();
        }

        @Override
        public Registration onCancel(Runnable action) {
            AtomicBoolean once = new AtomicBoolean();
            Runnable first = () -> {
                if (once.compareAndSet(false, true)) {
                    action.run();
                }
            };
            Registration byUser = parent.onCancel(first);
            Registration bySibling = failed.onCancel(first);
            return () -> {
                byUser.close();
                bySibling.close();
            };
        }
    }
}
