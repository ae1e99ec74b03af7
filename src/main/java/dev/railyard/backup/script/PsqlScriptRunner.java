package dev.railyard.backup.script;

import dev.railyard.backup.BackupException;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Runs a psql script (a plain pg_dump file, a Railyard backup, a migration script) over
 * JDBC: statements, {@code COPY ... FROM stdin} blocks streamed through PgJDBC's CopyManager,
 * and the psql meta-commands pg_dump writes. Anything psql-only that it cannot honour is
 * refused with a message that names the line, instead of being skipped silently.
 *
 * <p>In a single transaction (the default) a failure or a cancel rolls everything back.
 */
public final class PsqlScriptRunner {

    private static final Pattern SET_TRANSACTION_TIMEOUT =
            Pattern.compile("^SET\\s+(SESSION\\s+)?transaction_timeout\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_CLIENT_ENCODING =
            Pattern.compile("^SET\\s+(SESSION\\s+)?client_encoding\\s*(=|TO)\\s*'?([A-Za-z0-9_-]+)'?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_STANDARD_STRINGS =
            Pattern.compile("^SET\\s+(SESSION\\s+)?standard_conforming_strings\\s*(=|TO)\\s*'?(\\w+)'?\\s*$", Pattern.CASE_INSENSITIVE);
    /** psql variables that change only psql's own display or error handling. */
    private static final List<String> HARMLESS_VARIABLES =
            List.of("ON_ERROR_STOP", "ECHO", "QUIET", "VERBOSITY", "SHOW_CONTEXT", "ON_ERROR_ROLLBACK", "ECHO_HIDDEN");
    private static final Pattern RETURNS_ROWS =
            Pattern.compile("^(SELECT|WITH|VALUES|SHOW|TABLE|EXPLAIN|FETCH|CALL)\\b|\\bRETURNING\\b", Pattern.CASE_INSENSITIVE);
    /** Statements that refuse to run inside a transaction block, which a batch is. */
    private static final Pattern OUTSIDE_TRANSACTION = Pattern.compile(
            "^(VACUUM|CREATE\\s+DATABASE|DROP\\s+DATABASE|ALTER\\s+SYSTEM|CREATE\\s+TABLESPACE|DROP\\s+TABLESPACE|REINDEX|CLUSTER|"
                    + "BEGIN|START|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\\s+TRANSACTION)\\b|\\bCONCURRENTLY\\b",
            Pattern.CASE_INSENSITIVE);
    /** Statements that would end or split the one transaction a single-transaction restore promises. */
    private static final Pattern TRANSACTION_CONTROL = Pattern.compile(
            "^(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\\s+TRANSACTION)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Settings the session keeps, replayed on the connections that build indexes in parallel. */
    private static final Pattern SESSION_SETTING = Pattern.compile(
            "^(SET\\s+(?!LOCAL\\b|TRANSACTION\\b|CONSTRAINTS\\b)|SELECT\\s+pg_catalog\\.set_config\\()", Pattern.CASE_INSENSITIVE);
    private static final Pattern BATCH_ENTRY = Pattern.compile("Batch entry (\\d+) ");
    /** Statements sent together in one round trip (Railway's proxy adds 30-150 ms to each). */
    private static final int BATCH_STATEMENTS = 200;
    private static final int BATCH_BYTES = 4 << 20;
    private static final int MAX_LOGGED_NOTICES = 50;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    private final ScriptOptions options;
    private final java.util.Set<String> alreadyRun;
    private final CopyShare share;
    private final ItemFilter filter;
    /** Non-null: this run is one table's data; anything but its one COPY ... FROM stdin is refused. */
    private final TableData tableData;

    /** One table's data: {@code what} names it in messages; {@code schema}.{@code table} is the table its COPY loads. */
    private record TableData(String what, String schema, String table) {
    }

    /**
     * Decides which items of a script run: a restore of part of a backup, or one that passes over
     * what its target already has.
     */
    @FunctionalInterface
    public interface ItemFilter {
        /** Runs everything. */
        ItemFilter ALL = item -> null;

        /**
         * Null to run the item; otherwise why it is passed over, noted once per distinct reason
         * (empty: silently). A skipped COPY's data is skipped with it.
         */
        String skip(ScriptItem item);
    }

    public PsqlScriptRunner(ScriptOptions options) {
        this(options, java.util.Set.of(), null, ItemFilter.ALL, null);
    }

    private PsqlScriptRunner(ScriptOptions options, java.util.Set<String> alreadyRun, CopyShare share, ItemFilter filter,
                             TableData tableData) {
        this.options = options;
        this.alreadyRun = alreadyRun;
        this.share = share;
        this.filter = filter;
        this.tableData = tableData;
    }

    /** A runner that runs only the items {@code filter} lets through. */
    public PsqlScriptRunner filtering(ItemFilter value) {
        return new PsqlScriptRunner(options, alreadyRun, share, value, tableData);
    }

    /**
     * A runner that passes over the statements of this text (counted, not run): a parallel
     * restore built those indexes early, as soon as their table was loaded.
     */
    public PsqlScriptRunner skipping(java.util.Set<String> statements) {
        return new PsqlScriptRunner(options, java.util.Set.copyOf(statements), share, filter, tableData);
    }

    /**
     * A runner whose text-format COPYs take help from idle connections through {@code share}
     * (see {@link CopyShare}). Only for runs that stop on the first error, outside a single
     * transaction: a helper commits its rows on its own.
     */
    public PsqlScriptRunner sharingCopies(CopyShare share) {
        if (options.singleTransaction() || !options.stopOnError()) {
            throw new IllegalArgumentException("a shared COPY needs a run that stops on error, outside one transaction");
        }
        return new PsqlScriptRunner(options, alreadyRun, share, filter, tableData);
    }

    /**
     * A runner for one table's data, {@code what} (for messages): it runs one COPY ... FROM stdin
     * (see {@link ScriptHazards#isTableData}) into {@code schema}.{@code table}, and refuses
     * anything else before it runs: another statement, a second COPY, a COPY into another table,
     * and any table of the system's schemas. A restore in parts runs the bytes its manifest calls
     * table data with it, so the check before the run need not read them for statements.
     */
    public PsqlScriptRunner onlyTableData(String what, String schema, String table) {
        return new PsqlScriptRunner(options, alreadyRun, share, filter, new TableData(what, schema, table));
    }

    /** Opens another connection to the target database (for parallel index builds). */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Where the script is read from, for progress in bytes: position in the (compressed) file and its size. */
    public record Progress(LongSupplier position, long total) {
        public static Progress none() {
            return new Progress(() -> 0, -1);
        }
    }

    /**
     * Runs the whole script on {@code connection}. The connection's auto-commit is restored
     * afterwards; in single-transaction mode the work is committed only when everything succeeded.
     *
     * @throws BackupException when a statement fails (stop-on-error), the script is truncated or
     *                         damaged, or it needs something only psql can do; nothing is committed then
     *                         in single-transaction mode
     */
    public ScriptResult run(Connection connection, InputStream script, JobContext context, Progress progress)
            throws BackupException {
        return run(connection, null, script, context, progress);
    }

    /**
     * As {@link #run(Connection, InputStream, JobContext, Progress)}; with {@code more}, indexes
     * and key constraints are built on {@link ScriptOptions#parallelism()} extra connections
     * when the run is not a single transaction.
     */
    public ScriptResult run(Connection connection, ConnectionFactory more, InputStream script, JobContext context,
                            Progress progress) throws BackupException {
        Run run;
        try {
            run = new Run(connection, more, script, context, progress);
        } catch (SQLException e) {
            throw new BackupException("Could not prepare the restore session: " + e.getMessage(), e);
        }
        return run.execute();
    }

    /** Why a script with transaction control cannot run as one transaction, and what to do instead. */
    public static String transactionControlRefused(int line, String statement) {
        return "Line " + line + ": the script controls transactions itself (" + statement + "), so it cannot run as the "
                + "single transaction this restore promises: a failure after it could not be rolled back. Restore it into "
                + "a new database (--create-database NAME), or without a single transaction (--no-single-transaction) if "
                + "a half-restored target is acceptable.";
    }

    /** The state of one run. */
    private final class Run {
        private final Connection connection;
        private final PGConnection pg;
        private final CopyManager copyApi;
        private final PsqlScriptReader reader;
        private final JobContext context;
        private final Progress progress;
        private final int serverMajor;
        private final boolean savepoints;
        /**
         * Batching is safe when any error ends the run (stop on error): in one transaction nothing
         * stays; without one, a failed batch leaves what ran before it, as a stopped psql would.
         */
        private final boolean batching;
        private final List<ScriptItem.Sql> batch = new ArrayList<>();
        private final ConnectionFactory more;
        private final boolean parallel;
        private final List<String> sessionSettings = new ArrayList<>();
        private volatile ParallelIndexBuilder builder;
        private int batchBytes;
        private final List<ScriptResult.ScriptError> errors = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private long errorCount;
        private long statements;
        private long copies;
        private long rows;
        private int notices;
        private long lastProgress;
        private boolean warnedTransactionTimeout;
        private Charset copyCharset = StandardCharsets.UTF_8;

        Run(Connection connection, ConnectionFactory more, InputStream script, JobContext context, Progress progress)
                throws SQLException {
            this.connection = connection;
            this.more = more;
            this.parallel = more != null && options.parallelism() > 1 && !options.singleTransaction();
            this.pg = connection.unwrap(PGConnection.class);
            this.copyApi = pg.getCopyAPI();
            this.reader = new PsqlScriptReader(script);
            this.context = context;
            this.progress = progress == null ? Progress.none() : progress;
            this.serverMajor = connection.getMetaData().getDatabaseMajorVersion();
            this.savepoints = options.singleTransaction() && !options.stopOnError();
            this.batching = options.stopOnError();
        }

        ScriptResult execute() throws BackupException {
            long started = System.nanoTime();
            boolean autoCommit;
            try {
                autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(!options.singleTransaction());
            } catch (SQLException e) {
                throw new BackupException("Could not start the restore transaction: " + e.getMessage(), e);
            }
            boolean committed = false;
            try (Statement statement = connection.createStatement();
                 JobContext.Registration cancel = context.onCancel(this::cancelServerSide)) {
                statement.setEscapeProcessing(false);
                ScriptItem item;
                while ((item = reader.next()) != null) {
                    context.checkCancelled();
                    reportProgress(false);
                    if (tableData != null) {
                        admitAsTableData(item);
                    }
                    if (item instanceof ScriptItem.Meta meta) {
                        flush(statement);
                        awaitParallel();
                        meta(meta);
                    } else {
                        sql(statement, (ScriptItem.Sql) item);
                    }
                }
                flush(statement);
                awaitParallel();
                boolean closingLineExpected = switch (options.ending()) {
                    case AS_ITS_HEADER_SAYS -> reader.sawDumpHeader();
                    case CLOSING_LINE_REQUIRED -> true;
                    case NOT_CHECKED -> false;
                };
                if (closingLineExpected && !reader.sawDumpTrailer()) {
                    throw new BackupException("The script ends before the dump's closing line (\"dump complete\"): "
                            + "the file is truncated. Nothing past line " + reader.line() + " exists; use a complete copy of the backup.");
                }
                context.checkCancelled();
                if (options.singleTransaction()) {
                    connection.commit();
                }
                committed = true;
                reportProgress(true);
            } catch (ScriptSyntaxException e) {
                throw new BackupException(e.getMessage(), e);
            } catch (IOException e) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                throw new BackupException("Reading the script failed at line " + reader.line() + ": " + e.getMessage()
                        + " — the file is damaged or truncated", e);
            } catch (SQLException e) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                throw new BackupException("The restore failed: " + e.getMessage(), e);
            } finally {
                if (builder != null) {
                    builder.close();
                }
                if (!committed && options.singleTransaction()) {
                    rollbackQuietly();
                }
                try {
                    if (!connection.isClosed()) {
                        connection.setAutoCommit(autoCommit);
                    }
                } catch (SQLException ignored) {
                    // The connection is broken; the caller closes it.
                }
            }
            return new ScriptResult(statements, copies, rows, errors, errorCount, notes,
                    Duration.ofNanos(System.nanoTime() - started));
        }

        /** Refuses, before it runs, anything of one table's data but its one COPY ... FROM stdin into that table. */
        private void admitAsTableData(ScriptItem item) throws BackupException {
            String why = null;
            java.util.Optional<String[]> target = item instanceof ScriptItem.Sql sql ? ScriptHazards.tableOfData(sql)
                    : java.util.Optional.empty();
            if (tableData.schema().startsWith("pg_") || tableData.schema().equals("information_schema")) {
                why = "and the manifest names a table of the system's schema " + tableData.schema() + " as one of the backup's";
            } else if (target.isEmpty()) {
                why = "which is not a table's COPY ... FROM stdin";
            } else if (copies > 0) {
                why = "a second COPY in one table's data";
            } else if (!tableData.schema().equals(target.get()[0]) || !tableData.table().equals(target.get()[1])) {
                why = "which loads another table than " + tableData.schema() + "." + tableData.table();
            }
            if (why != null) {
                String found = item instanceof ScriptItem.Sql sql ? sql.preview() : ((ScriptItem.Meta) item).text();
                throw new BackupException(tableData.what() + " holds " + found + ", " + why + ": the file's manifest calls "
                        + "these bytes that table's data. It was refused before it ran.");
            }
        }

        private void meta(ScriptItem.Meta meta) throws BackupException {
            if (skipped(meta)) {
                return;
            }
            String command = meta.command();
            switch (command) {
                case "restrict", "unrestrict" -> {
                    // pg_dump's guard against meta-commands smuggled in through data; this runner runs none from data.
                }
                case "connect", "c" -> throw new BackupException("Line " + meta.line() + ": the script switches to another database ("
                        + meta.text() + "). It was made with pg_dump --create or pg_dumpall; Railyard restores one database "
                        + "into the target you chose. Make the dump without --create, or restore this file with psql.");
                case "set" -> {
                    String variable = meta.arguments().split("\\s+", 2)[0];
                    if (HARMLESS_VARIABLES.contains(variable.toUpperCase(Locale.ROOT))) {
                        note("Line " + meta.line() + ": " + meta.text() + " accepted; Railyard's own stop-on-error option applies");
                    } else {
                        refuse(meta, "psql variables are not supported");
                    }
                }
                case "echo", "qecho" -> context.log(meta.arguments());
                case "encoding" -> clientEncoding(meta.arguments(), meta.line());
                default -> refuse(meta, "it is a psql-only command");
            }
        }

        private final java.util.Set<String> skipReasons = new java.util.HashSet<>();

        private boolean skipped(ScriptItem item) {
            String why = filter.skip(item);
            if (why == null) {
                return false;
            }
            if (!why.isEmpty() && skipReasons.add(why)) {
                note(why);
            }
            return true;
        }

        private void refuse(ScriptItem.Meta meta, String why) throws BackupException {
            String message = "Line " + meta.line() + ": the psql meta-command " + meta.text() + " cannot run here (" + why
                    + "). Railyard runs SQL, COPY data and the meta-commands pg_dump writes; restore this file with psql.";
            if (options.stopOnError()) {
                throw new BackupException(message);
            }
            error(meta.line(), meta.text(), null, message);
        }

        private void sql(Statement statement, ScriptItem.Sql sql) throws BackupException, IOException, SQLException {
            String text = sql.text().strip();
            if (SET_TRANSACTION_TIMEOUT.matcher(text).find() && serverMajor < 17) {
                if (!warnedTransactionTimeout) {
                    warnedTransactionTimeout = true;
                    note("Line " + sql.line() + ": skipped " + text + " (transaction_timeout exists from PostgreSQL 17; "
                            + "this server is " + serverMajor + ")");
                }
                return;
            }
            Matcher encoding = SET_CLIENT_ENCODING.matcher(text);
            if (encoding.find()) {
                clientEncoding(encoding.group(3), sql.line());
                return;
            }
            Matcher strings = SET_STANDARD_STRINGS.matcher(text);
            if (strings.find()) {
                String value = strings.group(3).toLowerCase(Locale.ROOT);
                reader.standardConformingStrings(!(value.equals("off") || value.equals("false") || value.equals("0")));
            }
            if (options.singleTransaction() && TRANSACTION_CONTROL.matcher(text).find()) {
                // Run, it would commit what came before (and a later failure could no longer roll it back).
                throw new BackupException(transactionControlRefused(sql.line(), sql.preview()));
            }
            if (skipped(sql)) {
                if (sql.copyFromStdin()) {
                    reader.skipCopyData();
                }
                return;
            }
            statements++;
            if (alreadyRun.contains(sql.text())) {
                return;
            }
            if (SESSION_SETTING.matcher(text).find()) {
                sessionSettings.add(sql.text());
            }
            if (parallel && !sql.copyFromStdin() && !sql.copyToStdout() && ParallelIndexBuilder.isParallel(text)) {
                flush(statement);
                if (builder == null) {
                    builder = new ParallelIndexBuilder(more, List.copyOf(sessionSettings), options.parallelism());
                }
                builder.submit(sql);
                return;
            }
            awaitParallel();
            if (batching && !sql.copyFromStdin() && !sql.copyToStdout() && !RETURNS_ROWS.matcher(text).find()
                    && !OUTSIDE_TRANSACTION.matcher(text).find()) {
                batch.add(sql);
                batchBytes += sql.text().length();
                if (batch.size() >= BATCH_STATEMENTS || batchBytes >= BATCH_BYTES) {
                    flush(statement);
                }
                return;
            }
            flush(statement);
            Savepoint savepoint = savepoints ? connection.setSavepoint() : null;
            try {
                if (sql.copyFromStdin()) {
                    copyIn(sql);
                } else if (sql.copyToStdout()) {
                    copyApi.copyOut(sql.text(), OutputStream.nullOutputStream());
                } else {
                    statement.execute(sql.text());
                    logNotices(statement.getWarnings());
                    statement.clearWarnings();
                }
                if (savepoint != null) {
                    connection.releaseSavepoint(savepoint);
                }
            } catch (SQLException e) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                if (isConnectionLost(e) || options.stopOnError()) {
                    throw new BackupException(describe(sql, e), e);
                }
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
                error(sql.line(), sql.preview(), e.getSQLState(), firstLine(e.getMessage()));
            }
        }

        /** Waits for the indexes being built in parallel; their errors count as this run's. */
        private void awaitParallel() throws BackupException {
            if (builder == null || !builder.busy()) {
                return;
            }
            for (ParallelIndexBuilder.Failure failure : builder.await()) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                if (options.stopOnError() || isConnectionLost(failure.error())) {
                    throw new BackupException(describe(failure.sql(), failure.error()), failure.error());
                }
                error(failure.sql().line(), failure.sql().preview(), failure.error().getSQLState(),
                        firstLine(failure.error().getMessage()));
            }
        }

        /** Sends the statements waiting in the batch in one round trip; names the one that failed. */
        private void flush(Statement statement) throws BackupException, SQLException {
            if (batch.isEmpty()) {
                return;
            }
            try {
                for (ScriptItem.Sql sql : batch) {
                    statement.addBatch(sql.text());
                }
                statement.executeBatch();
                logNotices(statement.getWarnings());
                statement.clearWarnings();
            } catch (java.sql.BatchUpdateException e) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                int failed = failedEntry(e);
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                ScriptItem.Sql culprit = batch.get(Math.min(failed, batch.size() - 1));
                throw new BackupException(describe(culprit, cause), cause);
            } catch (SQLException e) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                throw new BackupException(describe(batch.get(0), e), e);
            } finally {
                statement.clearBatch();
                batch.clear();
                batchBytes = 0;
            }
        }

        /** PgJDBC names the failed entry in its message ("Batch entry 2 ... was aborted") and marks every count failed. */
        private static int failedEntry(java.sql.BatchUpdateException e) {
            Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            int[] counts = e.getUpdateCounts();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.EXECUTE_FAILED) {
                    return i;
                }
            }
            return counts.length;
        }

        private void copyIn(ScriptItem.Sql sql) throws SQLException, IOException {
            CopyIn copy;
            try {
                copy = copyApi.copyIn(sql.text());
            } catch (SQLException e) {
                reader.skipCopyData();
                throw e;
            }
            Transcoder transcoder = copyCharset.equals(StandardCharsets.UTF_8) ? null : new Transcoder(copyCharset);
            CopyShare.Shared shared = share != null && transcoder == null && CopyShare.splittable(sql.text())
                    ? share.open(sql.text()) : null;
            LineChunks chunks = shared == null ? null : new LineChunks(shared, copy);
            try {
                reader.copyData((data, offset, length) -> {
                    try {
                        if (chunks != null) {
                            chunks.write(data, offset, length);
                        } else if (transcoder == null) {
                            copy.writeToCopy(data, offset, length);
                        } else {
                            byte[] utf8 = transcoder.toUtf8(data, offset, length);
                            copy.writeToCopy(utf8, 0, utf8.length);
                        }
                    } catch (SQLException e) {
                        throw new CopyFailed(e);
                    }
                    if (context.isCancelled()) {
                        throw new JobCancelledException();
                    }
                    reportProgress(false);
                });
                long helped = 0;
                if (shared != null) {
                    chunks.flush();
                    helped = shared.finish(copy, context);
                }
                rows += copy.endCopy() + helped;
                copies++;
            } catch (CopyFailed e) {
                abort(shared);
                cancelCopyQuietly(copy);
                if (!options.stopOnError()) {
                    reader.skipCopyData();
                }
                throw e.sqlException();
            } catch (RuntimeException | IOException | SQLException e) {
                abort(shared);
                cancelCopyQuietly(copy);
                throw e;
            }
        }

        private static void abort(CopyShare.Shared shared) {
            if (shared != null) {
                shared.abort();
            }
        }

        private void clientEncoding(String name, int line) throws BackupException {
            Charset charset = charsetFor(name);
            if (charset == null) {
                throw new BackupException("Line " + line + ": the script is written in the " + name + " encoding, which Railyard "
                        + "cannot convert; restore it with psql, or dump again with --encoding=UTF8");
            }
            reader.charset(charset);
            copyCharset = charset;
            if (!charset.equals(StandardCharsets.UTF_8)) {
                note("Line " + line + ": the script is in " + name + "; its text and COPY data are converted to UTF-8 on the way");
            }
        }

        private void logNotices(SQLWarning warning) {
            while (warning != null && notices < MAX_LOGGED_NOTICES) {
                context.log("Server: " + warning.getMessage());
                notices++;
                warning = warning.getNextWarning();
            }
        }

        private void note(String line) {
            notes.add(line);
            context.log(line);
        }

        private void error(int line, String statement, String sqlState, String message) {
            errorCount++;
            ScriptResult.ScriptError error = new ScriptResult.ScriptError(line, statement, sqlState, message);
            if (errors.size() < options.maxErrors()) {
                errors.add(error);
            }
            context.log("Error " + error);
        }

        private void reportProgress(boolean force) {
            long now = System.nanoTime();
            if (force || now - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                long total = progress.total();
                long done = progress.position().getAsLong();
                context.progress(total >= 0 ? Math.min(done, total) : done, total, ProgressUnit.BYTES);
            }
        }

        private void cancelServerSide() {
            ParallelIndexBuilder workers = builder;
            if (workers != null) {
                workers.cancelAll();
            }
            try {
                pg.cancelQuery();
            } catch (SQLException ignored) {
                // The connection may be gone already; the reader loop sees the cancel flag anyway.
            }
        }

        private void rollbackQuietly() {
            try {
                if (!connection.isClosed()) {
                    connection.rollback();
                }
            } catch (SQLException ignored) {
                // A broken connection rolls back on the server by itself.
            }
        }
    }

    private static void cancelCopyQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // The COPY already failed; its error is what gets reported.
        }
    }

    static String describe(ScriptItem.Sql sql, SQLException e) {
        String where = "Line " + sql.line() + ": ";
        if (isConnectionLost(e)) {
            return where + "the connection to the server was lost (" + firstLine(e.getMessage())
                    + "). The server restarted or ended the session; run the restore again.";
        }
        String state = e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]";
        return where + firstLine(e.getMessage()) + state + " — in: " + sql.preview();
    }

    static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** PostgreSQL encoding names of single-byte encodings Java converts; null for ones it cannot. */
    static Charset charsetFor(String pgName) {
        String name = pgName.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        String java = switch (name) {
            case "UTF8", "UNICODE" -> "UTF-8";
            case "LATIN1", "ISO88591" -> "ISO-8859-1";
            case "LATIN2", "ISO88592" -> "ISO-8859-2";
            case "LATIN3" -> "ISO-8859-3";
            case "LATIN4" -> "ISO-8859-4";
            case "LATIN5" -> "ISO-8859-9";
            case "LATIN7" -> "ISO-8859-13";
            case "LATIN9", "ISO885915" -> "ISO-8859-15";
            case "ISO88595" -> "ISO-8859-5";
            case "ISO88596" -> "ISO-8859-6";
            case "ISO88597" -> "ISO-8859-7";
            case "ISO88598" -> "ISO-8859-8";
            case "WIN1250", "WIN1251", "WIN1252", "WIN1253", "WIN1254", "WIN1255", "WIN1256", "WIN1257", "WIN1258" ->
                    "windows-" + name.substring(3);
            case "WIN866" -> "IBM866";
            case "WIN874" -> "x-windows-874";
            case "KOI8R", "KOI8" -> "KOI8-R";
            case "KOI8U" -> "KOI8-U";
            default -> null;
        };
        if (java == null || !Charset.isSupported(java)) {
            return null;
        }
        return Charset.forName(java);
    }

    /** Converts COPY data of a single-byte encoding to UTF-8, chunk by chunk (no character spans two chunks). */
    private static final class Transcoder {
        private final Charset from;

        Transcoder(Charset from) {
            this.from = from;
        }

        byte[] toUtf8(byte[] data, int offset, int length) {
            CharBuffer chars = from.decode(ByteBuffer.wrap(data, offset, length));
            ByteBuffer utf8 = StandardCharsets.UTF_8.encode(chars);
            byte[] out = new byte[utf8.remaining()];
            utf8.get(out);
            return out;
        }
    }

    /**
     * Cuts the data of a shared COPY into chunks of whole lines of about {@link
     * CopyShare#CHUNK_BYTES} (in text format a raw newline always ends a row) and hands each to
     * a helper, or writes it to the owner's own COPY when no helper takes it. A row longer than
     * a few chunks goes to the owner's COPY as it comes, so memory stays bounded.
     */
    private static final class LineChunks {
        private static final int MAX_BUFFERED = 4 * CopyShare.CHUNK_BYTES;

        private final CopyShare.Shared shared;
        private final CopyIn own;
        private byte[] buf = new byte[2 * CopyShare.CHUNK_BYTES];
        private int length;
        /** Bytes up to the last newline in buf; 0 when it holds none. */
        private int cut;
        /** The current row was started on the owner's COPY: its rest goes there too. */
        private boolean rowOnOwn;

        LineChunks(CopyShare.Shared shared, CopyIn own) {
            this.shared = shared;
            this.own = own;
        }

        void write(byte[] data, int offset, int count) throws SQLException {
            if (rowOnOwn) {
                int newline = indexOf(data, offset, offset + count);
                int upTo = newline < 0 ? offset + count : newline + 1;
                own.writeToCopy(data, offset, upTo - offset);
                if (newline < 0) {
                    return;
                }
                rowOnOwn = false;
                count -= upTo - offset;
                offset = upTo;
            }
            if (length + count > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(2 * buf.length, length + count));
            }
            System.arraycopy(data, offset, buf, length, count);
            for (int i = length + count - 1; i >= length; i--) {
                if (buf[i] == '\n') {
                    cut = i + 1;
                    break;
                }
            }
            length += count;
            if (length < CopyShare.CHUNK_BYTES) {
                return;
            }
            if (cut > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, cut);
                if (!shared.offer(chunk)) {
                    own.writeToCopy(chunk, 0, chunk.length);
                }
                System.arraycopy(buf, cut, buf, 0, length - cut);
                length -= cut;
                cut = 0;
            } else if (length >= MAX_BUFFERED) {
                own.writeToCopy(buf, 0, length);
                length = 0;
                rowOnOwn = true;
            }
        }

        /** Writes what is left (the last rows) to the owner's own COPY. */
        void flush() throws SQLException {
            if (length > 0) {
                own.writeToCopy(buf, 0, length);
                length = 0;
                cut = 0;
            }
        }

        private static int indexOf(byte[] data, int from, int to) {
            for (int i = from; i < to; i++) {
                if (data[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Carries a COPY write failure out of the reader's callback. */
    private static final class CopyFailed extends IOException {
        CopyFailed(SQLException cause) {
            super(cause);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
