package dev.railyard.migrate.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * After a migration statement gave up waiting for a lock (lock_timeout) or was cancelled
 * (statement_timeout): the sessions that hold locks on the tables it names, to tell the user who
 * it waited for. PostgreSQL.
 */
public final class BlockingSessions {

    private BlockingSessions() {
    }

    /**
     * The sessions holding a lock on a table {@code statement} works on that conflicts with the lock
     * the statement takes; when the statement names no table, the transactions open longer than
     * {@code longTransaction}. Described for a DBA (pid, state, since when, query).
     */
    public static List<String> holding(Connection connection, String statement, Duration longTransaction) throws SQLException {
        PgStatement parsed = PgStatement.parse(statement);
        LiveFacts facts = LiveFacts.read(connection, parsed.tables, longTransaction);
        StatementCheck judged = new PgRules(CheckSettings.defaults().withLongTransaction(longTransaction))
                .check(parsed, 0, facts.of(parsed.table), false,
                        new PendingScript("Flyway", "", null, statement, TransactionMode.NONE), List.of());
        List<String> holders = new ArrayList<>();
        for (String table : parsed.tables) {
            for (LockHolder h : facts.of(table).holders()) {
                if (h.granted() && judged.lock().conflictsWith(h.mode())) {
                    holders.add(h.describe());
                }
            }
        }
        if (holders.isEmpty()) {
            facts.longTransactions().forEach(h -> holders.add(h.describe()));
        }
        return holders;
    }
}
