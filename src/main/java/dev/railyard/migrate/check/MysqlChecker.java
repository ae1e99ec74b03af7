package dev.railyard.migrate.check;

import dev.railyard.backup.script.MysqlStatement;
import dev.railyard.backup.script.MysqlStatementReader;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.migrate.check.MysqlOnlineDdl.Algorithm;
import dev.railyard.migrate.check.MysqlOnlineDdl.Judgement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks pending migrations against a live MySQL or MariaDB database: how each ALTER TABLE or
 * OPTIMIZE TABLE runs by the online-DDL rules ({@link MysqlOnlineDdl}), the table's size, and the
 * sessions whose open transaction holds a metadata lock on it now. Read-only.
 */
public final class MysqlChecker {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlChecker.class);

    private final CheckSettings settings;

    public MysqlChecker(CheckSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public CheckReport check(Connection connection, String database, List<PendingScript> scripts, List<String> notes)
            throws SQLException {
        MysqlVersion version = MysqlVersion.parse(connection.getMetaData().getDatabaseProductVersion());
        List<String> allNotes = new ArrayList<>(notes);
        Map<String, TableFacts> facts = new HashMap<>();
        List<ScriptCheck> checks = new ArrayList<>();
        boolean[] holdersUnknown = {false};
        for (PendingScript script : scripts) {
            List<StatementCheck> statements = new ArrayList<>();
            for (MysqlStatement statement : split(script.text(), version)) {
                String sql = statement.text().strip();
                String table = MysqlOnlineDdl.table(sql);
                if (table == null) {
                    statements.add(new StatementCheck(statement.line(), sql, null, PgLock.NONE, false, false, false, null,
                            List.of(), null));
                    continue;
                }
                TableFacts tf = facts.get(table);
                if (tf == null) {
                    tf = readFacts(connection, database, table, holdersUnknown);
                    facts.put(table, tf);
                }
                statements.add(judge(statement.line(), sql, table, tf, version.mariaDb()));
            }
            checks.add(new ScriptCheck(script.tool(), script.name(), script.file(), TransactionMode.NONE, statements, List.of()));
        }
        if (holdersUnknown[0]) {
            allNotes.add("performance_schema is off or not readable: sessions holding metadata locks on the tables are not known");
        }
        return new CheckReport(database, checks, longTransactions(connection), allNotes);
    }

    private StatementCheck judge(int line, String sql, String table, TableFacts facts, boolean mariaDb) {
        Judgement j = MysqlOnlineDdl.judge(sql, facts.columnTypes(), mariaDb);
        boolean hasRows = facts.exists() && !facts.empty();
        String size = facts.exists() ? " (" + facts.sizeInWords() + ")" : "";
        List<Finding> findings = new ArrayList<>();
        String reasons = String.join("; ", j.reasons());
        if (j.foreignKey()) {
            findings.add(new Finding(Rule.MYSQL_FOREIGN_KEY, hasRows ? Verdict.DANGEROUS : Verdict.SAFE,
                    "Adding a foreign key with foreign_key_checks on copies " + table + size + "; writes wait for the whole copy",
                    "Check for orphans first (SELECT ... LEFT JOIN the parent WHERE parent.id IS NULL), then run "
                            + "SET foreign_key_checks = 0; <the ALTER>, ALGORITHM=INPLACE, LOCK=NONE; SET foreign_key_checks = 1;"));
        } else if (j.algorithm() == Algorithm.COPY) {
            findings.add(new Finding(Rule.MYSQL_COPY, hasRows ? Verdict.DANGEROUS : Verdict.SAFE,
                    "Runs as COPY on " + table + size + ": " + reasons,
                    "For a big table use an online schema change tool (gh-ost, pt-online-schema-change), or add a new "
                            + "column (INSTANT), backfill it in batches and switch the app over"));
        } else if (j.rebuilds()) {
            findings.add(new Finding(Rule.MYSQL_REBUILD, hasRows ? Verdict.RISKY : Verdict.SAFE,
                    "Rebuilds " + table + size + " INPLACE: reads and writes go on, but it takes time and I/O, and replicas "
                            + "apply it only after it finished: " + reasons,
                    "Run it at a quiet hour with ALGORITHM=INPLACE, LOCK=NONE so the server refuses instead of blocking writes"));
        }
        if (!facts.holders().isEmpty()) {
            LockHolder first = facts.holders().get(0);
            findings.add(new Finding(Rule.LOCK_QUEUE, Verdict.DANGEROUS, "Every DDL needs an exclusive metadata lock on "
                    + table + ", and " + facts.holders().size() + " session(s) hold one now, e.g. " + first.describe()
                    + ". The ALTER would wait for them, and every new query on " + table + " would queue behind the ALTER",
                    "Let that transaction finish (or end it) first, and migrate with --lock-timeout so a wait fails fast"));
        }
        PgLock lock = j.blocksWrites() ? PgLock.SHARE : j.algorithm() == Algorithm.INSTANT ? PgLock.ACCESS_EXCLUSIVE
                : PgLock.SHARE_UPDATE_EXCLUSIVE;
        return new StatementCheck(line, sql, table, lock, j.rebuilds(), false, false, facts, findings, j.algorithm().name());
    }

    private TableFacts readFacts(Connection c, String database, String table, boolean[] holdersUnknown) throws SQLException {
        Long rows = null;
        long data = 0;
        long total = 0;
        boolean exists = false;
        try (PreparedStatement st = c.prepareStatement(SqlResources.load(Dialect.MYSQL, "online-ddl-table"))) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    exists = true;
                    rows = rs.getObject(1) == null ? null : rs.getLong(1);
                    data = rs.getLong(2);
                    total = data + rs.getLong(3);
                }
            }
        }
        if (!exists) {
            return TableFacts.missing(table);
        }
        List<LockHolder> holders = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(SqlResources.load(Dialect.MYSQL, "online-ddl-lock-holders"))) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Timestamp started = rs.getTimestamp("trx_started");
                    String command = rs.getString("processlist_command");
                    boolean inTransaction = started != null || "TRANSACTION".equals(rs.getString("lock_duration"));
                    holders.add(new LockHolder(rs.getInt("processlist_id"), PgLock.NONE, "GRANTED".equals(rs.getString("lock_status")),
                            (inTransaction && "Sleep".equalsIgnoreCase(command) ? "idle in transaction" : command)
                                    + ", metadata lock " + rs.getString("lock_type"),
                            started == null ? null : started.toInstant(), null, inTransaction ? rs.getLong("trx_seconds") : 0,
                            rs.getString("processlist_info"), null, rs.getString("processlist_user"), "connection", false));
                }
            }
        } catch (SQLException e) {
            LOG.debug("Cannot read the metadata locks on {}", table, e);
            holdersUnknown[0] = true;
        }
        Map<String, String> columns = MysqlOnlineDdl.columnTypes(c, table);
        return new TableFacts(table, database + "." + table, data, total, rows, columns, List.of(), null, holders);
    }

    private List<LockHolder> longTransactions(Connection c) {
        List<LockHolder> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(SqlResources.load(Dialect.MYSQL, "online-ddl-long-transactions"))) {
            st.setLong(1, settings.longTransaction().toSeconds());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Timestamp started = rs.getTimestamp("trx_started");
                    Instant at = started == null ? null : started.toInstant();
                    out.add(new LockHolder(rs.getInt(1), PgLock.NONE, true, rs.getString("trx_state"), at, null,
                            rs.getLong("trx_seconds"), rs.getString("trx_query"), null, null, "connection", false));
                }
            }
        } catch (SQLException e) {
            LOG.debug("Cannot read the open transactions", e);
        }
        return out;
    }

    private static List<MysqlStatement> split(String text, MysqlVersion version) {
        List<MysqlStatement> out = new ArrayList<>();
        try (MysqlStatementReader reader = new MysqlStatementReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), version, 64L << 20)) {
            for (MysqlStatement s = reader.next(); s != null; s = reader.next()) {
                if (!s.text().isBlank()) {
                    out.add(s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory
        }
        return out;
    }
}
