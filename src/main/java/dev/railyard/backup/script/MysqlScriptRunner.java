package dev.railyard.backup.script;

import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a MySQL script (mysqldump, mariadb-dump or Railyard dump, plain or compressed by the
 * caller) against a server, statement by statement, as the {@code mysql} client would.
 *
 * <p>Statements reach the server byte for byte: the connections given to the runner must use
 * Connector/J's {@code characterEncoding=ISO-8859-1}, which maps each char of a statement to one
 * byte, while the server is told {@code SET NAMES utf8mb4} (and whatever the script sets). That
 * is how the {@code mysql} client behaves, and it keeps BLOBs written as escaped strings intact.
 *
 * <p>Railyard's own dumps (first line {@value #RAILYARD_HEADER}) load their rows on several
 * connections: each {@code INSERT} goes to a pool of loaders, which replay the session's
 * {@code SET} statements first; any other statement waits for the rows of the tables it names
 * (or for all rows when it is not a table definition) before it runs.
 */
public final class MysqlScriptRunner {

    /** The first line of every dump Railyard writes. */
    public static final String RAILYARD_HEADER = "-- Railyard MySQL dump";

    /** Opens a connection to the target database; see the class comment for its encoding. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final int MAX_RECORDED_ERRORS = 1000;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Pattern BACKTICKED = Pattern.compile("`((?:[^`]|``)+)`");
    private static final Pattern ALTER_DATABASE_NAMED = Pattern.compile(
            "^(ALTER\\s+(?:DATABASE|SCHEMA))\\s+(`(?:[^`]|``)+`|(?!CHARACTER\\b|CHARSET\\b|DEFAULT\\b|COLLATE\\b|READ\\b|COMMENT\\b|UPGRADE\\b)[A-Za-z0-9_$]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INSERT_TABLE = Pattern.compile("^INSERT\\s+INTO\\s+`((?:[^`]|``)+)`",
            Pattern.CASE_INSENSITIVE);

    private final ConnectionSource connections;
    private final MysqlScriptOptions options;

    public MysqlScriptRunner(ConnectionSource connections, MysqlScriptOptions options) {
        this.connections = connections;
        this.options = options;
    }

    /**
     * Runs the script.
     *
     * @param script   the script, decompressed
     * @param context  progress, log and cancellation
     * @param position bytes of the file read so far (for progress), or null
     * @param size     the file's size in the same unit, below 0 when unknown
     * @throws MysqlScriptException       a statement failed and the options say stop
     * @throws MysqlScriptSyntaxException the file cannot be split (truncated or damaged)
     * @throws JobCancelledException      the job was cancelled
     */
    public MysqlScriptResult run(InputStream script, JobContext context, LongSupplier position, long size)
            throws IOException, SQLException, MysqlScriptException {
        List<MysqlScriptError> errors = Collections.synchronizedList(new ArrayList<>());
        List<String> notes = new ArrayList<>();
        try (AbortOnCancel watch = new AbortOnCancel(context);
             Connection main = connections.open()) {
            watch.register(main);
            MysqlVersion version;
            long maxPacket;
            boolean noBackslashEscapes;
            try (Statement s = main.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute("SET NAMES utf8mb4");
                try (ResultSet rs = s.executeQuery("SELECT VERSION(), @@max_allowed_packet, @@sql_mode")) {
                    rs.next();
                    version = MysqlVersion.parse(rs.getString(1));
                    maxPacket = rs.getLong(2);
                    noBackslashEscapes = String.valueOf(rs.getString(3)).contains("NO_BACKSLASH_ESCAPES");
                }
            }
            context.log("Target server: " + version.display() + ", max_allowed_packet " + maxPacket + " bytes");
            Run run = new Run(main, watch, context, errors, notes, position, size, version);
            try (MysqlStatementReader reader = new MysqlStatementReader(script, version, maxPacket)) {
                reader.backslashEscapes(!noBackslashEscapes);
                run.execute(reader);
                return new MysqlScriptResult(reader.statements(), errors, notes, reader.firstComment(),
                        reader.lastComment(), run.loader != null);
            } catch (SQLException | IOException | RuntimeException | MysqlScriptException e) {
                if (watch.fired() || context.isCancelled()) {
                    throw new JobCancelledException();
                }
                throw e;
            } finally {
                run.closeLoader();
            }
        }
    }

    /** One run's state. */
    private final class Run {
        private final Connection main;
        private final AbortOnCancel watch;
        private final JobContext context;
        private final List<MysqlScriptError> errors;
        private final List<String> notes;
        private final LongSupplier position;
        private final long size;
        private final MysqlVersion version;
        private final Statement statement;
        private final List<String> sessionLog = new CopyOnWriteArrayList<>();
        private ParallelLoader loader;
        private Boolean railyardDump;
        private long lastProgress;
        private String currentTable = "";
        private long errorCount;

        Run(Connection main, AbortOnCancel watch, JobContext context, List<MysqlScriptError> errors, List<String> notes,
            LongSupplier position, long size, MysqlVersion version) throws SQLException {
            this.main = main;
            this.watch = watch;
            this.context = context;
            this.errors = errors;
            this.notes = notes;
            this.position = position;
            this.size = size;
            this.version = version;
            this.statement = main.createStatement();
            this.statement.setEscapeProcessing(false);
        }

        void execute(MysqlStatementReader reader) throws IOException, SQLException, MysqlScriptException {
            MysqlStatement next;
            while ((next = reader.next()) != null) {
                context.checkCancelled();
                reportProgress(false);
                MysqlStatement st = retarget(next);
                if (st != null && options.rewrite() != null) {
                    st = options.rewrite().apply(st);
                }
                if (st == null) {
                    continue;
                }
                if (railyardDump == null) {
                    String first = reader.firstComment();
                    railyardDump = first != null && first.startsWith(RAILYARD_HEADER);
                    if (railyardDump && options.parallelLoads() > 1) {
                        context.log("Railyard dump: rows load on " + options.parallelLoads() + " connections");
                    }
                }
                String word = st.firstWord();
                if (word.equals("INSERT")) {
                    Matcher m = INSERT_TABLE.matcher(st.text());
                    if (m.lookingAt()) {
                        String table = m.group(1);
                        if (!table.equals(currentTable)) {
                            currentTable = table;
                            context.message("Loading " + readable("`" + table + "`"));
                        }
                        if (railyardDump && options.parallelLoads() > 1) {
                            if (loader == null) {
                                loader = new ParallelLoader(options.parallelLoads(), watch, sessionLog, errors, this);
                            }
                            loader.submit(table, st);
                            continue;
                        }
                    }
                }
                if (loader != null) {
                    waitForRowsBefore(st, word);
                }
                runOnMain(st);
                if (word.equals("SET") || word.equals("USE")) {
                    sessionLog.add(st.text());
                }
                if (word.equals("SET") && st.text().toLowerCase(java.util.Locale.ROOT).contains("sql_mode")) {
                    reader.backslashEscapes(!currentModeHasNoBackslashEscapes());
                }
            }
            if (loader != null) {
                loader.awaitAll();
                loader.rethrow();
            }
            reportProgress(true);
        }

        private void waitForRowsBefore(MysqlStatement st, String word) throws MysqlScriptException {
            if (word.equals("SET")) {
                return; // replayed on every loader before its next statement
            }
            if (st.startsWithWords("CREATE TABLE") || st.startsWithWords("DROP TABLE")
                    || st.startsWithWords("CREATE SEQUENCE") || st.startsWithWords("DROP SEQUENCE")
                    || st.startsWithWords("DO SETVAL")) {
                Set<String> names = new HashSet<>();
                Matcher m = BACKTICKED.matcher(st.text());
                while (m.find()) {
                    names.add(m.group(1));
                }
                loader.awaitTables(names);
            } else {
                loader.awaitAll();
            }
            loader.rethrow();
        }

        private void runOnMain(MysqlStatement st) throws SQLException, MysqlScriptException {
            try {
                executeOne(statement, st.text());
            } catch (SQLException e) {
                if (watch.fired() || context.isCancelled()) {
                    throw new JobCancelledException();
                }
                MysqlScriptError error = errorOf(st, e);
                if (options.stopOnFirstError() || isConnectionLost(e)) {
                    throw new MysqlScriptException(error, e);
                }
                recordError(error);
            }
        }

        void recordError(MysqlScriptError error) {
            synchronized (errors) {
                errorCount++;
                if (errors.size() < MAX_RECORDED_ERRORS) {
                    errors.add(error);
                }
                if (errorCount <= 20) {
                    context.log("Error at " + error.describe());
                }
            }
        }

        private boolean currentModeHasNoBackslashEscapes() throws SQLException {
            try (Statement s = main.createStatement(); ResultSet rs = s.executeQuery("SELECT @@session.sql_mode")) {
                rs.next();
                return String.valueOf(rs.getString(1)).contains("NO_BACKSLASH_ESCAPES");
            }
        }

        /** Applies the retarget option: null when the statement is skipped. */
        private MysqlStatement retarget(MysqlStatement st) {
            if (st.startsWithWords("SET @@GLOBAL.GTID_PURGED") || st.startsWithWords("SET @@GLOBAL.gtid_slave_pos")) {
                note(st, "Skipped line " + st.line() + " (" + st.preview() + "): replication state of the source, not data");
                return null;
            }
            if (!options.retarget()) {
                return st;
            }
            if (st.firstWord().equals("USE") || st.startsWithWords("CREATE DATABASE") || st.startsWithWords("CREATE SCHEMA")
                    || st.startsWithWords("DROP DATABASE") || st.startsWithWords("DROP SCHEMA")) {
                note(st, "Skipped line " + st.line() + " (" + st.preview() + "): restoring into the chosen database instead");
                return null;
            }
            // lookingAt, not find: the pattern is anchored, and find would try it at every offset of a 1 MB INSERT.
            Matcher m = ALTER_DATABASE_NAMED.matcher(st.text());
            if (m.lookingAt()) {
                String rewritten = m.group(1) + st.text().substring(m.end());
                note(st, "Line " + st.line() + ": ALTER DATABASE applied to the chosen database instead of " + readable(m.group(2)));
                return new MysqlStatement(rewritten, st.line());
            }
            return st;
        }

        private void note(MysqlStatement st, String text) {
            if (notes.size() < 200) {
                notes.add(text);
                context.log(text);
            }
        }

        private void reportProgress(boolean force) {
            long now = System.nanoTime();
            if (position != null && (force || now - lastProgress > PROGRESS_EVERY_NANOS)) {
                lastProgress = now;
                context.progress(position.getAsLong(), size, ProgressUnit.BYTES);
            }
        }

        void closeLoader() {
            if (loader != null) {
                loader.close();
            }
            try {
                statement.close();
            } catch (SQLException ignored) {
                // The connection is closed next.
            }
        }

        ConnectionSource connections() {
            return connections;
        }

        MysqlScriptOptions options() {
            return options;
        }
    }

    static void executeOne(Statement statement, String sql) throws SQLException {
        boolean results = statement.execute(sql);
        // Drain every result (a script may SELECT, or CALL a procedure that returns several).
        while (true) {
            if (results) {
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        // discarded, as the client would print and forget them
                    }
                }
            } else if (statement.getUpdateCount() == -1) {
                break;
            }
            results = statement.getMoreResults();
        }
    }

    static MysqlScriptError errorOf(MysqlStatement st, SQLException e) {
        return new MysqlScriptError(st.line(), st.preview(), e.getErrorCode(),
                e.getSQLState() == null ? "" : e.getSQLState(), readable(String.valueOf(e.getMessage())));
    }

    static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || e instanceof java.sql.SQLNonTransientConnectionException;
    }

    /**
     * Connector/J decodes server messages in the connection's declared charset (latin1 here) while the
     * server sends UTF-8 after SET NAMES: re-decode when that gives valid UTF-8.
     */
    static String readable(String text) {
        for (String name : new String[] {"windows-1252", "ISO-8859-1"}) {
            Charset cs = Charset.forName(name);
            if (!cs.newEncoder().canEncode(text)) {
                continue;
            }
            byte[] bytes = text.getBytes(cs);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException ignored) {
                // try the next reading
            }
        }
        return text;
    }

    /** Loads INSERTs on several connections; see the class comment. */
    private static final class ParallelLoader implements AutoCloseable {
        private record Item(String table, MysqlStatement statement, int sessionVersion) { }

        private static final Item STOP = new Item("", null, 0);

        private final BlockingQueue<Item> queue;
        private final int workers;
        private final Workers threads;
        private final Map<String, Integer> outstanding = new HashMap<>();
        private final Object lock = new Object();
        private final AbortOnCancel watch;
        private final List<String> sessionLog;
        private final Run run;
        private int total;
        private volatile MysqlScriptException failure;
        private volatile boolean stopping;

        ParallelLoader(int workers, AbortOnCancel watch, List<String> sessionLog, List<MysqlScriptError> errors, Run run) {
            this.queue = new ArrayBlockingQueue<>(workers * 2);
            this.watch = watch;
            this.sessionLog = sessionLog;
            this.run = run;
            this.workers = workers;
            this.threads = Workers.open("restore-loader", workers, Duration.ofSeconds(30));
            for (int i = 0; i < workers; i++) {
                threads.submit(this::work);
            }
        }

        void submit(String table, MysqlStatement st) throws MysqlScriptException {
            synchronized (lock) {
                outstanding.merge(table, 1, Integer::sum);
                total++;
            }
            Item item = new Item(table, st, sessionLog.size());
            try {
                while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    rethrow();
                    run.context.checkCancelled();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobCancelledException();
            }
            rethrow();
        }

        void awaitTables(Set<String> tables) throws MysqlScriptException {
            await(() -> tables.stream().noneMatch(t -> outstanding.getOrDefault(t, 0) > 0));
        }

        void awaitAll() throws MysqlScriptException {
            await(() -> total == 0);
        }

        private void await(java.util.function.BooleanSupplier done) throws MysqlScriptException {
            synchronized (lock) {
                while (!done.getAsBoolean()) {
                    if (failure != null) {
                        throw failure;
                    }
                    run.context.checkCancelled();
                    try {
                        lock.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new JobCancelledException();
                    }
                }
            }
        }

        void rethrow() throws MysqlScriptException {
            MysqlScriptException f = failure;
            if (f != null) {
                throw f;
            }
        }

        private void work() {
            Connection connection = null;
            Statement statement = null;
            int applied = 0;
            try {
                while (true) {
                    Item item = queue.take();
                    if (item == STOP) {
                        return;
                    }
                    try {
                        if (failure == null && !stopping) {
                            if (connection == null) {
                                connection = run.connections().open();
                                watch.register(connection);
                                statement = connection.createStatement();
                                statement.setEscapeProcessing(false);
                                statement.execute("SET NAMES utf8mb4");
                            }
                            while (applied < item.sessionVersion()) {
                                statement.execute(sessionLog.get(applied));
                                applied++;
                            }
                            executeOne(statement, item.statement().text());
                        }
                    } catch (SQLException e) {
                        MysqlScriptError error = errorOf(item.statement(), e);
                        if (run.options().stopOnFirstError() || isConnectionLost(e) || connection == null) {
                            failure = new MysqlScriptException(error, e);
                        } else {
                            run.recordError(error);
                        }
                    } finally {
                        synchronized (lock) {
                            outstanding.merge(item.table(), -1, Integer::sum);
                            total--;
                            lock.notifyAll();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (connection != null) {
                    watch.unregister(connection);
                    try {
                        connection.close();
                    } catch (SQLException ignored) {
                        // closing after the work is done; nothing to report
                    }
                }
            }
        }

        @Override
        public void close() {
            stopping = true;
            queue.clear();
            for (int i = 0; i < workers; i++) {
                if (!queue.offer(STOP)) {
                    break;
                }
            }
            // Waits up to 30 s for the loaders to finish their statement, then interrupts them.
            threads.close();
        }
    }
}
