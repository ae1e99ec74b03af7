package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.Compression;
import dev.railyard.backup.CountingOutputStream;
import dev.railyard.backup.Manifest;
import dev.railyard.db.SqlResources;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Sizes;
import dev.railyard.task.Workers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * Writes the data section of a built-in backup: every table's rows through COPY ... TO STDOUT,
 * on the backup's own connection and on worker connections that join its snapshot, as
 * pg_dump -j does: the backup's transaction exports its snapshot ({@code pg_export_snapshot()})
 * and each worker starts a REPEATABLE READ, READ ONLY transaction with
 * {@code SET TRANSACTION SNAPSHOT}, so all of them read the same committed state.
 *
 * <p>Tables are taken biggest first, so no connection is left with a big table at the end.
 * They are written in the plan's order all the same (referenced tables first, which a
 * data-only restore into tables with foreign keys needs): a table that is next in that order
 * goes straight into the backup stream; any other is written to a part file beside the backup,
 * compressed as one frame, and spliced in when its turn comes. A worker that cannot join the
 * snapshot, or cannot lock the tables at once because another session waits for an exclusive
 * lock on one of them, leaves its share to the others: waiting there could deadlock with the
 * backup's own locks.
 *
 * <p>A failure on any connection stops all of them; the part files are deleted either way.
 */
final class DataSection {

    /** Application name of the worker connections, as pg_stat_activity shows it. */
    static final String WORKER_NAME = "railyard-backup-worker";
    private static final int LOCK_BATCH = 500;
    private static final long REPORT_EVERY = 1 << 20;

    /** Opens a connection with the backup's session settings and a REPEATABLE READ, READ ONLY transaction. */
    interface Sessions {
        Connection open(String applicationName) throws SQLException;
    }

    /** A table copied into a part file, waiting for its turn. */
    private record Part(int index, Path file, long rows, long bytes, long textBytes) { }

    private record Copied(long rows, long bytes) { }

    private final Connection main;
    private final Sessions sessions;
    private final DumpPlan plan;
    private final BackupFileWriter writer;
    private final Compression compression;
    private final int level;
    private final int jobs;
    private final List<Connection> live;
    private final JobContext context;

    private final AtomicLong copiedBytes = new AtomicLong();
    private final AtomicLong copiedRows = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong();
    private final long estimate;
    private final long estimatedRows;
    private final AtomicReference<Exception> workerFailure = new AtomicReference<>();
    private final BlockingQueue<Part> finished = new LinkedBlockingQueue<>();
    private final List<Path> partFiles = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger partNumbers = new AtomicInteger();
    private volatile boolean stopping;

    /** The plan's tables, biggest first, each with its position in the plan; claimed one at a time. */
    private final List<Integer> claimOrder;
    private final AtomicInteger nextClaim = new AtomicInteger();

    /**
     * @param live connections a cancel closes; the workers' are added to it while they run
     */
    DataSection(Connection main, Sessions sessions, DumpPlan plan, BackupFileWriter writer, Compression compression,
                int level, int jobs, List<Connection> live, JobContext context) {
        this.main = main;
        this.sessions = sessions;
        this.plan = plan;
        this.writer = writer;
        this.compression = compression;
        this.level = level;
        this.jobs = Math.max(1, Math.min(jobs, plan.tables().size()));
        this.live = live;
        this.context = context;
        this.estimate = Math.max(1, plan.estimatedBytes());
        // reltuples: -1 for a table never analyzed (PostgreSQL 14 and later).
        this.estimatedRows = plan.tables().stream().mapToLong(t -> Math.max(0, t.relation().estimatedRows())).sum();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            order.add(i);
        }
        if (this.jobs > 1) {
            order.sort(Comparator.comparingLong((Integer i) -> plan.tables().get(i).relation().bytes()).reversed());
        }
        this.claimOrder = order;
    }

    /** Copies every table; returns their manifest entries in file order (one {@link BackupFileWriter#mark()} each). */
    List<Manifest.TableEntry> write() throws SQLException, IOException {
        List<DumpPlan.TableData> tables = plan.tables();
        Manifest.TableEntry[] entries = new Manifest.TableEntry[tables.size()];
        context.progress(0, estimate, ProgressUnit.BYTES);
        AtomicInteger running = new AtomicInteger();
        Workers workers = Workers.open("backup-worker", Math.max(1, jobs - 1));
        boolean written = false;
        try {
            if (jobs > 1) {
                String snapshot = exportSnapshot();
                context.log("Copying tables on " + jobs + " connections sharing snapshot " + snapshot);
                for (int n = 1; n < jobs; n++) {
                    int number = n;
                    running.incrementAndGet();
                    workers.submit(() -> work(number, snapshot, running));
                }
            }
            CopyManager copyApi = main.unwrap(PGConnection.class).getCopyAPI();
            Map<Integer, Part> waiting = new HashMap<>();
            int nextToWrite = 0;
            int claimed;
            while ((claimed = claim()) >= 0) {
                nextToWrite = spliceReady(waiting, nextToWrite, entries);
                DumpPlan.TableData table = tables.get(claimed);
                if (claimed == nextToWrite) {
                    writer.mark();
                    Copied copied = copy(copyApi, table, writer.stream(), "");
                    entries[claimed] = entry(table, copied);
                    nextToWrite++;
                } else {
                    waiting.put(claimed, copyToPart(copyApi, claimed, ""));
                }
            }
            int announced = -1;
            while (nextToWrite < tables.size()) {
                throwIfWorkerFailed();
                context.checkCancelled();
                if (waiting.containsKey(nextToWrite) || !finished.isEmpty()) {
                    nextToWrite = spliceReady(waiting, nextToWrite, entries);
                    continue;
                }
                if (running.get() == 0 && finished.isEmpty()) {
                    throw new IOException("The data of " + tables.get(nextToWrite).qualifiedName()
                            + " was claimed by a connection that stopped without it");
                }
                if (announced != nextToWrite) {
                    announced = nextToWrite;
                    context.message("Waiting for " + tables.get(nextToWrite).qualifiedName() + " on another connection");
                }
                Part part = finished.poll(100, TimeUnit.MILLISECONDS);
                if (part != null) {
                    waiting.put(part.index(), part);
                }
            }
            context.progress(copiedBytes.get(), copiedBytes.get(), ProgressUnit.BYTES);
            written = true;
            return List.of(entries);
        } catch (SQLException | IOException | RuntimeException e) {
            Exception cause = workerFailure.get();
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } finally {
            stopping = true;
            // Every table written, a worker may still be closing its connection: it ends on its own. Only a
            // failure or a cancel here ends the workers' COPY now (a cancel request is one more connection).
            if (!written && running.get() > 0) {
                live.stream().filter(c -> c != main).forEach(BuiltinPgDump::abortQuietly);
            }
            workers.close();
            deleteParts();
        }
    }

    /** Deletes the part files not handed to the writer; a failure here must not hide the backup's own. */
    private void deleteParts() {
        synchronized (partFiles) {
            for (Path file : partFiles) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    context.log("Could not delete " + file + ": " + e.getMessage());
                }
            }
        }
    }

    /** Index of the next table to copy in the plan, or -1 when all are claimed (or the backup is stopping). */
    private int claim() {
        if (stopping || workerFailure.get() != null) {
            return -1;
        }
        int n = nextClaim.getAndIncrement();
        return n < claimOrder.size() ? claimOrder.get(n) : -1;
    }

    /** Splices the parts whose turn has come; returns the new position. */
    private int spliceReady(Map<Integer, Part> waiting, int nextToWrite, Manifest.TableEntry[] entries)
            throws IOException, SQLException {
        throwIfWorkerFailed();
        Part part;
        while ((part = finished.poll()) != null) {
            waiting.put(part.index(), part);
        }
        while ((part = waiting.remove(nextToWrite)) != null) {
            // From here the writer owns the file: it deletes it once copied.
            partFiles.remove(part.file());
            writer.splice(part.file(), part.textBytes());
            DumpPlan.TableData table = plan.tables().get(part.index());
            entries[part.index()] = entry(table, new Copied(part.rows(), part.bytes()));
            nextToWrite++;
        }
        return nextToWrite;
    }

    private void throwIfWorkerFailed() throws SQLException, IOException {
        Exception failure = workerFailure.get();
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure != null) {
            throw new IOException(failure.toString(), failure);
        }
    }

    private String exportSnapshot() throws SQLException {
        try (Statement s = main.createStatement(); var rs = s.executeQuery(SqlResources.MARK + "SELECT pg_catalog.pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A worker: joins the snapshot, locks the tables without waiting, then copies tables until none is left. */
    private void work(int number, String snapshot, AtomicInteger running) {
        Connection connection = null;
        String current = null;
        try {
            try {
                connection = sessions.open(WORKER_NAME);
                live.add(connection);
                joinSnapshot(connection, snapshot);
            } catch (SQLException e) {
                if (!stopping) {
                    context.log("Connection " + (number + 1) + " did not join the backup (" + e.getMessage().strip()
                            + "); the other connections copy its share");
                }
                return;
            }
            CopyManager copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
            int claimed;
            while ((claimed = claim()) >= 0) {
                current = plan.tables().get(claimed).qualifiedName();
                finished.add(copyToPart(copyApi, claimed, " (connection " + (number + 1) + ")"));
                current = null;
            }
        } catch (Exception e) {
            if (!stopping) {
                Exception failure = e instanceof SQLException sql && current != null
                        ? new SQLException("copying " + current + " on connection " + (number + 1) + ": " + sql.getMessage(),
                        sql.getSQLState(), sql)
                        : e;
                if (workerFailure.compareAndSet(null, failure)) {
                    // The backup connection may be deep in a big table: end its COPY so the failure shows now.
                    BuiltinPgDump.abortQuietly(main);
                }
            }
        } finally {
            if (connection != null) {
                live.remove(connection);
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // The worker is done either way.
                }
            }
            running.decrementAndGet();
        }
    }

    /**
     * SET TRANSACTION SNAPSHOT, then ACCESS SHARE locks on every table without waiting: if a
     * session queues for an exclusive lock between the backup's locks and these, waiting would
     * deadlock (it waits for the backup, the worker for it, the backup for the worker).
     */
    private void joinSnapshot(Connection connection, String snapshot) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(SqlResources.MARK + "SET TRANSACTION SNAPSHOT " + PgNames.literal(snapshot));
            List<String> names = plan.tables().stream().map(DumpPlan.TableData::qualifiedName).toList();
            for (int i = 0; i < names.size(); i += LOCK_BATCH) {
                List<String> batch = names.subList(i, Math.min(names.size(), i + LOCK_BATCH));
                try {
                    s.execute(SqlResources.MARK + "LOCK TABLE " + String.join(", ", batch) + " IN ACCESS SHARE MODE NOWAIT");
                } catch (SQLException e) {
                    if ("55P03".equals(e.getSQLState())) {
                        throw new SQLException("another session is waiting for an exclusive lock on one of the tables",
                                e.getSQLState(), e);
                    }
                    throw e;
                }
            }
        }
    }

    private Part copyToPart(CopyManager copyApi, int index, String where) throws SQLException, IOException {
        Path file = writer.partPath(partNumbers.incrementAndGet());
        partFiles.add(file);
        CountingOutputStream text;
        Copied copied;
        // Rows arrive one by one; the compressor (a native call per write) gets them in large blocks.
        OutputStream raw = Files.newOutputStream(file);
        dev.railyard.home.AtomicFiles.restrictToOwner(file);
        try (OutputStream out = new BufferedOutputStream(compression.compress(
                new BufferedOutputStream(raw, 1 << 16), level), 1 << 20)) {
            text = new CountingOutputStream(out);
            copied = copy(copyApi, plan.tables().get(index), text, where);
        }
        return new Part(index, file, copied.rows(), copied.bytes(), text.count());
    }

    /** One table: its heading, COPY ... FROM stdin, the rows, the end marker. */
    private Copied copy(CopyManager copyApi, DumpPlan.TableData table, OutputStream out, String where)
            throws SQLException, IOException {
        context.checkCancelled();
        context.message("Copying " + table.qualifiedName() + where);
        String columns = table.copyColumns().isEmpty() ? "" : " " + table.copyColumns();
        BuiltinPgDump.line(out, "--");
        BuiltinPgDump.line(out, "-- Data for Name: " + BuiltinPgDump.oneLine(table.relation().name()) + "; Type: TABLE DATA; Schema: "
                + BuiltinPgDump.oneLine(table.relation().schema()));
        BuiltinPgDump.line(out, "--");
        BuiltinPgDump.line(out, "");
        BuiltinPgDump.line(out, "COPY " + table.qualifiedName() + columns + " FROM stdin;");
        long rows = 0;
        long bytes = 0;
        long unreported = 0;
        long unreportedRows = 0;
        CopyOut copy;
        try {
            copy = copyApi.copyOut(SqlResources.MARK + "COPY " + table.copySource() + " TO STDOUT");
        } catch (SQLException e) {
            throw new SQLException("copying " + table.qualifiedName() + ": " + e.getMessage(), e.getSQLState(), e);
        }
        try {
            byte[] row;
            while ((row = copy.readFromCopy()) != null) {
                out.write(row);
                rows++;
                bytes += row.length;
                unreported += row.length;
                unreportedRows++;
                if ((rows & 0x3ff) == 0) {
                    context.checkCancelled();
                    if (unreported > REPORT_EVERY) {
                        report(unreported, unreportedRows, table.qualifiedName() + where);
                        unreported = 0;
                        unreportedRows = 0;
                    }
                }
            }
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new SQLException("copying " + table.qualifiedName() + " (after " + rows + " rows): " + e.getMessage(),
                    e.getSQLState(), e);
        }
        BuiltinPgDump.line(out, "\\.");
        BuiltinPgDump.line(out, "");
        report(unreported, unreportedRows, table.qualifiedName() + where);
        context.log("Copied " + table.qualifiedName() + where + ": " + rows + " rows, " + Sizes.human(bytes));
        return new Copied(rows, bytes);
    }

    /** Progress in bytes against the tables' size on disk; the step names the rows against the catalog's estimate. */
    private void report(long bytes, long rows, String copying) {
        long now = copiedBytes.addAndGet(bytes);
        long rowsNow = copiedRows.addAndGet(rows);
        long last = lastReport.get();
        if (now - last > REPORT_EVERY && lastReport.compareAndSet(last, now)) {
            context.progress(now, Math.max(estimate, now), ProgressUnit.BYTES);
            context.status("Copying " + copying + ": " + (estimatedRows > rowsNow
                    ? ProgressUnit.ROWS.format(rowsNow) + " of about " + ProgressUnit.ROWS.format(estimatedRows)
                    : ProgressUnit.ROWS.format(rowsNow)) + " copied");
        }
    }

    private static Manifest.TableEntry entry(DumpPlan.TableData table, Copied copied) {
        return new Manifest.TableEntry(table.relation().schema(), table.relation().name(), copied.rows(), copied.bytes());
    }
}
