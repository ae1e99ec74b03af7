package dev.railyard.console;

import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.db.ConnectFailure;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.guard.Protection;
import dev.railyard.profile.ConnectionProfile;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQL console session on one connection: runs a user's statements and streams their rows to a
 * {@link RowSink}.
 *
 * <p>On production (a profile tagged so, or the same server and database as one) the session is
 * read-only unless it was opened with a {@link GuardedAction#SQL_WRITE} clearance, and the server
 * enforces it, not a guess at the SQL: PostgreSQL runs every statement in {@code BEGIN READ ONLY}
 * (PgJDBC's read-only mode) on a session with {@code default_transaction_read_only = on}; MySQL
 * and MariaDB set the session's transactions read-only and start each statement in {@code START
 * TRANSACTION READ ONLY}, both asserted again before every statement so an earlier {@code SET}
 * cannot lift them. A write then fails with the server's own error.
 *
 * <p>A read-write script runs as one transaction, committed at its end and rolled back at its first
 * error (MySQL commits DDL on its own). A statement timeout applies (30 s on production by default).
 * {@link #cancel()} may be called from any thread and stops the server-side statement: a cancel
 * request (PostgreSQL) or {@code KILL QUERY} on a second connection (MySQL).
 */
public final class ConsoleSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);
    private static final String PG_READ_ONLY_STATE = "25006";

    private final ConnectionProfile profile;
    private final Endpoint endpoint;
    private final String password;
    private final Connection connection;
    private final Protection protection;
    private final boolean readOnly;
    private final boolean writeCleared;
    private final Duration timeout;
    private final ConsoleSettings settings;
    private final MysqlVersion mysqlVersion;
    private final long mysqlConnectionId;
    /** PostgreSQL's major version (0 on MySQL). */
    private final int pgMajor;
    private volatile Statement running;
    private volatile boolean cancelRequested;
    private ConsoleRun current;
    private boolean keepTransaction;
    /** When the kept-open transaction began; null when none is open. */
    private volatile Instant transactionSince;

    private ConsoleSession(ConnectionProfile profile, Endpoint endpoint, String password, Connection connection,
                           Protection protection, boolean readOnly, boolean writeCleared, ConsoleSettings settings,
                           MysqlVersion mysqlVersion, long mysqlConnectionId, int pgMajor) {
        this.profile = profile;
        this.endpoint = endpoint;
        this.password = password;
        this.connection = connection;
        this.protection = protection;
        this.readOnly = readOnly;
        this.writeCleared = writeCleared;
        this.settings = settings;
        this.timeout = settings.timeoutFor(protection.production());
        this.mysqlVersion = mysqlVersion;
        this.mysqlConnectionId = mysqlConnectionId;
        this.pgMajor = pgMajor;
    }

    /**
     * Opens a session on {@code profile}'s direct address.
     *
     * @param write a {@link GuardedAction#SQL_WRITE} clearance for {@code profile} to make a production
     *              session read-write; null for the default (read-only on production, read-write elsewhere)
     */
    public static ConsoleSession open(ProductionGuard guard, ConnectionProfile profile, String password, Clearance write,
                                      ConsoleSettings settings) throws ConnectFailure, SQLException {
        Objects.requireNonNull(settings, "settings");
        Protection protection = guard.protectionOf(profile);
        if (write != null) {
            write.check(GuardedAction.SQL_WRITE, profile);
        }
        boolean readOnly = protection.production() && write == null;
        Endpoint endpoint = Endpoint.forSessionWork(profile);
        Connection connection = Connections.open(endpoint, password, Connections.Purpose.CONSOLE);
        try {
            MysqlVersion version = null;
            long connectionId = -1;
            int pgMajor = 0;
            Duration timeout = settings.timeoutFor(protection.production());
            if (profile.dialect() == Dialect.POSTGRESQL) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET default_transaction_read_only = " + (readOnly ? "on" : "off"));
                    s.execute("SET statement_timeout = " + timeout.toMillis());
                }
                // PgJDBC then opens each transaction with BEGIN READ ONLY: the server refuses writes and
                // refuses SET TRANSACTION READ WRITE inside it.
                connection.setReadOnly(readOnly);
                connection.setAutoCommit(false);
                pgMajor = connection.getMetaData().getDatabaseMajorVersion(); // from the handshake, no query
            } else {
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT VERSION(), CONNECTION_ID()")) {
                    rs.next();
                    version = MysqlVersion.parse(rs.getString(1));
                    connectionId = rs.getLong(2);
                }
                connection.setAutoCommit(true);
            }
            ConsoleSession session = new ConsoleSession(profile, endpoint, password, connection, protection, readOnly,
                    write != null, settings, version, connectionId, pgMajor);
            if (profile.dialect() == Dialect.MYSQL) {
                session.mysqlSessionCharacteristics();
            }
            return session;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public ConnectionProfile profile() {
        return profile;
    }

    public Protection protection() {
        return protection;
    }

    /** True when the server refuses writes on this session. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The statement timeout in force (zero: none). */
    public Duration statementTimeout() {
        return timeout;
    }

    public Dialect dialect() {
        return profile.dialect();
    }

    /** The script's statements, for this session's server. */
    public List<ConsoleScript.Statement> split(String script) {
        return ConsoleScript.split(script, dialect(), mysqlVersion);
    }

    /**
     * Runs every statement of {@code script} in order, stopping at the first error.
     *
     * @return the number of statements run
     */
    public int run(String script, RowSink sink) throws ConsoleSqlException, IOException {
        try (ConsoleRun run = start(script)) {
            while (run.next(sink, Long.MAX_VALUE)) {
                // every row goes to the sink: the loop only ends with the script
            }
            return run.statementsDone();
        }
    }

    /**
     * Starts {@code script} without running anything yet: the caller pulls its results with
     * {@link ConsoleRun#next}, a bounded number of rows at a time, and the server read pauses in
     * between (PostgreSQL: a cursor inside the script's transaction; MySQL: a streamed result).
     * One run at a time: starting another closes this one.
     *
     * @throws IllegalArgumentException when the script cannot be split (see {@link ConsoleScript#split})
     */
    public ConsoleRun start(String script) {
        List<ConsoleScript.Statement> statements = split(script);
        if (current != null) {
            current.close();
        }
        cancelRequested = false;
        current = new ConsoleRun(statements);
        return current;
    }

    /**
     * Keeps the transaction open after each run instead of committing it: the user then calls
     * {@link #commit()} or {@link #rollback()}. Only on a read-write session.
     */
    public void keepTransactionOpen(boolean keep) {
        if (keep && readOnly) {
            throw new IllegalStateException("A read-only session has no transaction to keep open");
        }
        keepTransaction = keep;
    }

    /** When the open transaction began, or null when none is open (always null unless it is kept open). */
    public Instant transactionOpenSince() {
        return transactionSince;
    }

    /** Commits the open transaction (a no-op when none is open). */
    public void commit() throws ConsoleSqlException {
        finishTransaction(true);
    }

    /** Rolls back the open transaction (a no-op when none is open). */
    public void rollback() throws ConsoleSqlException {
        finishTransaction(false);
    }

    private void finishTransaction(boolean commit) throws ConsoleSqlException {
        if (current != null) {
            current.close();
        }
        try {
            if (dialect() == Dialect.POSTGRESQL) {
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            } else if (transactionSince != null) {
                simple(commit ? "COMMIT" : "ROLLBACK");
            }
            transactionSince = null;
        } catch (SQLException e) {
            rollbackQuietly();
            throw describe(e, null);
        }
    }

    /**
     * A started script: {@link #next} runs its statements and hands their results to a sink, a
     * bounded number of rows per call. Not thread-safe: one caller at a time ({@link #cancel()}
     * excepted, from any thread).
     */
    public final class ConsoleRun implements AutoCloseable {

        private final List<ConsoleScript.Statement> statements;
        private int index;
        private int done;
        private boolean begun;
        private boolean finished;
        private ConsoleScript.Statement statement;
        private Statement jdbc;
        private boolean outside;
        private ResultSet rows;
        private int[] types;
        private long rowCount;

        private ConsoleRun(List<ConsoleScript.Statement> statements) {
            this.statements = List.copyOf(statements);
        }

        /** The script's statements, in order. */
        public List<ConsoleScript.Statement> statements() {
            return statements;
        }

        public int statementsDone() {
            return done;
        }

        /** True when the script ended (run to its end, failed or closed). */
        public boolean finished() {
            return finished;
        }

        /**
         * Runs on until the script ends or a result set has passed {@code maxRows} rows to the sink
         * in this call and has more: then the run pauses with that result open ({@link #paused()}).
         *
         * @return true when paused with rows left; false when the script ended
         */
        public boolean next(RowSink sink, long maxRows) throws ConsoleSqlException, IOException {
            if (finished) {
                return false;
            }
            try {
                if (!begun) {
                    begun = true;
                    beginScript();
                }
                long left = maxRows;
                while (true) {
                    if (rows != null) {
                        left -= pump(sink, left);
                        if (rows != null) {
                            return true;
                        }
                        if (nextResult(sink, jdbc.getMoreResults())) {
                            left = maxRows;
                        } else {
                            endStatement();
                        }
                    } else if (index < statements.size()) {
                        statement = statements.get(index++);
                        beforeStatement();
                        sink.statementStarted(statement);
                        if (execute(sink)) {
                            left = maxRows;
                        } else {
                            endStatement();
                        }
                    } else {
                        endScript();
                        end();
                        return false;
                    }
                }
            } catch (SQLException e) {
                abandon();
                throw describe(e, statement);
            } catch (ConsoleSqlException | IOException | RuntimeException e) {
                abandon();
                throw e;
            }
        }

        /** True while a result set is open with rows not yet passed on. */
        public boolean paused() {
            return rows != null;
        }

        private void abandon() {
            release();
            rollbackQuietly();
            end();
        }

        private void end() {
            finished = true;
            if (current == this) {
                current = null;
            }
        }

        /** Executes the current statement; true when it left a result set open in {@link #rows}. */
        private boolean execute(RowSink sink) throws SQLException, IOException, ConsoleSqlException {
            String sql = statement.text();
            outside = dialect() == Dialect.POSTGRESQL && !readOnly && PG_OUTSIDE_TRANSACTION.matcher(sql).find();
            if (outside) {
                if (keepTransaction && transactionSince != null) {
                    outside = false;
                    String refusal = firstWords(sql) + " runs outside a transaction: commit or roll back the open"
                            + " transaction first";
                    throw new ConsoleSqlException(refusal + " (line " + statement.line() + ")", refusal, null,
                            statement.line(), 0,
                            "commit or roll back first", false, false);
                }
                connection.commit();
                connection.setAutoCommit(true);
            } else if (keepTransaction && transactionSince == null) {
                transactionSince = Instant.now();
            }
            jdbc = streamingStatement();
            running = jdbc;
            if (cancelRequested) {
                throw new SQLException("cancelled before the statement started", "57014");
            }
            return nextResult(sink, jdbc.execute(sql));
        }

        /** Moves through the statement's update counts to its next result set; true when one is open. */
        private boolean nextResult(RowSink sink, boolean hasRows) throws SQLException, IOException {
            while (true) {
                if (hasRows) {
                    rows = jdbc.getResultSet();
                    ResultSetMetaData meta = rows.getMetaData();
                    int n = meta.getColumnCount();
                    types = new int[n];
                    List<String> names = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        names.add(meta.getColumnLabel(i + 1));
                        types[i] = meta.getColumnType(i + 1);
                    }
                    rowCount = 0;
                    sink.columns(names);
                    return true;
                }
                long count = jdbc.getLargeUpdateCount();
                if (count == -1) {
                    return false;
                }
                sink.updated(statement.text(), count);
                hasRows = jdbc.getMoreResults();
            }
        }

        /** Passes up to {@code max} rows on; closes the result set (and says so) at its end. */
        private long pump(RowSink sink, long max) throws SQLException, IOException {
            long passed = 0;
            Object[] values = new Object[types.length];
            while (passed < max) {
                if (!rows.next()) {
                    rows.close();
                    rows = null;
                    sink.endOfRows(rowCount);
                    return passed;
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = value(rows, i + 1, types[i]);
                }
                sink.row(values);
                rowCount++;
                passed++;
            }
            return passed;
        }

        private void endStatement() throws SQLException, ConsoleSqlException {
            try {
                jdbc.close();
            } finally {
                jdbc = null;
                running = null;
                if (outside) {
                    outside = false;
                    connection.setAutoCommit(false);
                }
            }
            if (cancelRequested) {
                // MySQL's SLEEP() and some others end normally when killed: the script stops all the same.
                throw new ConsoleSqlException("Cancelled: the server stopped the statement (line " + statement.line()
                        + ")", "Cancelled: the server stopped the statement", null, statement.line(), 0, null, true, false);
            }
            afterStatement();
            done++;
        }

        /** Closes what is open without touching the transaction. */
        private void release() {
            if (rows != null && dialect() == Dialect.MYSQL) {
                // Closing a streamed result reads it to its end: stop the server's statement first.
                cancel();
            }
            try {
                if (rows != null) {
                    rows.close();
                }
            } catch (SQLException e) {
                LOG.debug("Closing an abandoned console result failed", e);
            }
            try {
                if (jdbc != null) {
                    jdbc.close();
                }
            } catch (SQLException e) {
                LOG.debug("Closing an abandoned console statement failed", e);
            }
            try {
                if (outside) {
                    connection.setAutoCommit(false);
                }
            } catch (SQLException e) {
                LOG.debug("Back to transactions after an abandoned statement failed", e);
            }
            rows = null;
            jdbc = null;
            running = null;
            outside = false;
        }

        /**
         * Stops here: the open result is closed on the server and the statements not yet started are
         * not run. What ran is committed as shown (or stays in the kept-open transaction).
         */
        @Override
        public void close() {
            if (finished) {
                return;
            }
            release();
            end();
            cancelRequested = false;
            if (begun && dialect() == Dialect.MYSQL && readOnly) {
                rollbackQuietly(); // the statement's own read-only transaction
            } else if (begun) {
                try {
                    endScript();
                } catch (SQLException e) {
                    LOG.debug("Committing a stopped console script failed", e);
                    rollbackQuietly();
                }
            }
        }
    }

    private static String firstWords(String sql) {
        String[] words = sql.strip().split("\\s+", 3);
        return words.length > 1 ? words[0] + " " + words[1] : words[0];
    }

    private void beginScript() throws SQLException {
        if (dialect() == Dialect.MYSQL && !readOnly) {
            if (!keepTransaction) {
                simple("START TRANSACTION");
            } else if (transactionSince == null) {
                simple("START TRANSACTION");
                transactionSince = Instant.now();
            }
        }
    }

    private void beforeStatement() throws SQLException {
        if (dialect() == Dialect.MYSQL && readOnly) {
            mysqlSessionCharacteristics();
            simple("START TRANSACTION READ ONLY");
        }
    }

    private void afterStatement() throws SQLException {
        if (dialect() == Dialect.MYSQL && readOnly) {
            simple("COMMIT");
        }
    }

    private void endScript() throws SQLException {
        if (keepTransaction) {
            return;
        }
        if (dialect() == Dialect.POSTGRESQL) {
            connection.commit();
        } else if (!readOnly) {
            simple("COMMIT");
        }
    }

    private void mysqlSessionCharacteristics() throws SQLException {
        simple(readOnly ? "SET SESSION TRANSACTION READ ONLY" : "SET SESSION TRANSACTION READ WRITE");
    }

    private void simple(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        transactionSince = null;
        try {
            if (dialect() == Dialect.POSTGRESQL) {
                connection.rollback();
            } else {
                simple("ROLLBACK");
            }
        } catch (SQLException e) {
            LOG.debug("Rollback after a failed console statement failed", e);
        }
    }

    private Statement streamingStatement() throws SQLException {
        Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        if (dialect() == Dialect.POSTGRESQL) {
            // With autocommit off PgJDBC reads through a portal, fetchSize rows per round trip.
            statement.setFetchSize(settings.fetchSize());
        } else {
            // Connector/J streams a forward-only, read-only result row by row with this fetch size.
            statement.setFetchSize(Integer.MIN_VALUE);
            if (!timeout.isZero()) {
                statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            }
        }
        return statement;
    }

    /**
     * PostgreSQL statements that refuse to run inside a transaction block. On a read-write session
     * they run on their own in autocommit (what came before them in the script is committed first);
     * on a read-only one they stay in the read-only transaction and the server refuses them.
     */
    private static final java.util.regex.Pattern PG_OUTSIDE_TRANSACTION = java.util.regex.Pattern.compile(
            "^(VACUUM|CREATE\\s+DATABASE|DROP\\s+DATABASE|ALTER\\s+SYSTEM|CREATE\\s+TABLESPACE|DROP\\s+TABLESPACE"
                    + "|(CREATE\\s+(UNIQUE\\s+)?|DROP\\s+)INDEX\\s+CONCURRENTLY|REINDEX\\b.*\\bCONCURRENTLY)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

    private static Object value(ResultSet rs, int column, int type) throws SQLException {
        switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                Object v = rs.getObject(column);
                return v instanceof Number ? v : v == null ? null : v.toString();
            }
            case Types.BOOLEAN -> {
                boolean v = rs.getBoolean(column);
                return rs.wasNull() ? null : v;
            }
            case Types.BIT -> {
                Object v = rs.getObject(column);
                return v instanceof Boolean || v == null ? v : v instanceof byte[] b ? hex(b) : v.toString();
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] v = rs.getBytes(column);
                return v == null ? null : hex(v);
            }
            default -> {
                return rs.getString(column);
            }
        }
    }

    private static String hex(byte[] bytes) {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Stops the running statement on the server, from any thread; the statement then fails with a
     * {@link ConsoleSqlException} whose {@link ConsoleSqlException#cancelled()} is true.
     */
    public void cancel() {
        cancelRequested = true;
        Statement statement = running;
        if (statement == null) {
            return;
        }
        try {
            if (dialect() == Dialect.POSTGRESQL) {
                statement.cancel(); // a cancel request on its own socket, with the session's key
            } else {
                try (Connection killer = Connections.open(endpoint, password, Connections.Purpose.CONSOLE);
                     Statement kill = killer.createStatement()) {
                    kill.execute("KILL QUERY " + mysqlConnectionId);
                }
            }
        } catch (SQLException e) {
            LOG.debug("Cancelling the console statement failed", e);
        }
    }

    ConsoleSqlException describe(SQLException e, ConsoleScript.Statement statement) {
        boolean cancelled = cancelRequested && isCancel(e);
        String message = cancelled ? "Cancelled: the server stopped the statement" : serverMessage(e);
        int line = statement == null ? 0 : statement.line();
        int column = 0;
        Integer position = position(e);
        if (position != null && statement != null && position > 0) {
            String before = statement.text().substring(0, Math.min(position - 1, statement.text().length()));
            int newlines = (int) before.chars().filter(c -> c == '\n').count();
            line += newlines;
            column = before.length() - (before.lastIndexOf('\n') + 1) + 1;
        }
        String hint = null;
        boolean refused = readOnly && isReadOnlyRefusal(e);
        if (refused) {
            hint = "this console is read-only on production (" + protection.reason() + "); to write, open it read-write"
                    + " with the database name " + protection.confirmationWord();
        } else if (!cancelled && isTimeout(e) && !timeout.isZero()) {
            hint = "the statement ran longer than the console's statement timeout of " + timeout.toSeconds() + " s";
        }
        String where = line > 0 ? " (line " + line + (column > 0 ? ", column " + column : "") + ")" : "";
        return new ConsoleSqlException(message + where + (hint == null ? "" : " - " + hint), message, e, line, column, hint, cancelled, refused);
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException pg && pg.getServerErrorMessage() != null) {
            var server = pg.getServerErrorMessage();
            String text = server.getSeverity() + ": " + server.getMessage();
            return server.getDetail() == null ? text : text + " (" + server.getDetail() + ")";
        }
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        return e.getErrorCode() != 0 ? "ERROR " + e.getErrorCode() + " (" + e.getSQLState() + "): " + text : text;
    }

    private static Integer position(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException pg && pg.getServerErrorMessage() != null) {
            int p = pg.getServerErrorMessage().getPosition();
            return p > 0 ? p : null;
        }
        return null;
    }

    private boolean isReadOnlyRefusal(SQLException e) {
        if (dialect() == Dialect.POSTGRESQL) {
            return PG_READ_ONLY_STATE.equals(e.getSQLState());
        }
        // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION, and MariaDB's same code
        return e.getErrorCode() == 1792 || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("read only");
    }

    private boolean isCancel(SQLException e) {
        // 57014 query_canceled; MySQL 1317 query interrupted; Connector/J's own cancel exception
        return "57014".equals(e.getSQLState()) || e.getErrorCode() == 1317
                || e.getClass().getSimpleName().contains("Cancelled") || "70100".equals(e.getSQLState());
    }

    private boolean isTimeout(SQLException e) {
        return "57014".equals(e.getSQLState()) || e.getErrorCode() == 3024 || e.getErrorCode() == 1969
                || e instanceof java.sql.SQLTimeoutException;
    }

    /**
     * The plan of {@code statement}. With {@code analyze}, the statement runs inside a transaction
     * that is rolled back; on production that needs a clearance, because the statement executes
     * (functions with side effects, sequences and locks are not undone by the rollback).
     *
     * @param clearance for {@code analyze} on production: an {@link GuardedAction#EXPLAIN_ANALYZE} (or
     *                  {@link GuardedAction#SQL_WRITE}) clearance for this profile; otherwise may be null
     */
    public ExplainResult explain(String statement, boolean analyze, Clearance clearance)
            throws ConsoleSqlException {
        ConsoleScript.Statement only = single(statement);
        if (analyze && protection.production()) {
            if (clearance == null) {
                throw new IllegalStateException(protection.reason() + ": EXPLAIN ANALYZE executes the statement; confirm"
                        + " with the database name " + protection.confirmationWord());
            }
            clearance.check(GuardedAction.EXPLAIN_ANALYZE, profile);
        }
        if (transactionSince != null) {
            // The plan is read in a transaction of its own, rolled back: it would take the user's with it.
            throw new IllegalStateException("Commit or roll back the open transaction first: EXPLAIN would roll it back");
        }
        if (current != null) {
            current.close();
        }
        cancelRequested = false;
        try {
            return new Explainer(this, connection).explain(only.text(), analyze, analyze && protection.production());
        } catch (SQLException e) {
            rollbackQuietly();
            throw describe(e, only);
        }
    }

    /** True on PostgreSQL 16 and later, which plan a statement with $n parameters without their values. */
    public boolean supportsGenericPlan() {
        return pgMajor >= 16;
    }

    /**
     * PostgreSQL 16+'s generic plan ({@code EXPLAIN (GENERIC_PLAN)}) of a normalised statement, as
     * pg_stat_statements keeps it, with {@code $1, $2} where its values were. Nothing runs.
     *
     * @throws IllegalStateException on servers without generic plans (older PostgreSQL, MySQL): give the
     *                               values with {@link StatementParameters} and call {@link #explain}
     */
    public ExplainResult explainGeneric(String statement) throws ConsoleSqlException {
        if (!supportsGenericPlan()) {
            throw new IllegalStateException("Generic plans need PostgreSQL 16 or later; this server is "
                    + (dialect() == Dialect.POSTGRESQL ? "PostgreSQL " + pgMajor : "MySQL") + ": give the parameters' values");
        }
        ConsoleScript.Statement only = single(statement);
        cancelRequested = false;
        try {
            return new Explainer(this, connection).generic(only.text());
        } catch (SQLException e) {
            rollbackQuietly();
            throw describe(e, only);
        }
    }

    private ConsoleScript.Statement single(String statement) {
        List<ConsoleScript.Statement> parts = split(statement);
        if (parts.size() != 1) {
            throw new IllegalArgumentException("EXPLAIN takes one statement; got " + parts.size());
        }
        return parts.get(0);
    }

    Statement trackedStatement() throws SQLException {
        Statement s = connection.createStatement();
        if (dialect() == Dialect.MYSQL && !timeout.isZero()) {
            s.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
        }
        running = s;
        return s;
    }

    void untrack() {
        running = null;
    }

    boolean writeCleared() {
        return writeCleared;
    }

    MysqlVersion mysqlVersion() {
        return mysqlVersion;
    }

    @Override
    public void close() {
        try {
            if (dialect() == Dialect.POSTGRESQL && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("Rollback at console close failed", e);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the console connection failed", e);
        }
    }
}
