package dev.railyard.migrate.check;

import java.time.Instant;

/**
 * A session that holds (or waits for) a lock on a table, or has a transaction open for long,
 * as pg_locks and pg_stat_activity showed it when the check ran.
 *
 * @param mode               the lock mode on the table; {@link PgLock#NONE} for a long transaction elsewhere
 * @param granted            false when the session itself is still waiting for the lock
 * @param state              pg_stat_activity.state ("active", "idle in transaction", ...)
 * @param transactionStart   when its transaction began; null when none is open
 * @param queryStart         when its current or last query began
 * @param transactionSeconds how long its transaction has been open; 0 when none
 * @param query              its current or last query, shortened
 * @param wraparoundVacuum   an autovacuum worker preventing transaction-id wraparound: it does not yield
 */
public record LockHolder(int pid, PgLock mode, boolean granted, String state, Instant transactionStart, Instant queryStart,
                         long transactionSeconds, String query, String applicationName, String user, String backendType,
                         boolean wraparoundVacuum) {

    /** True for a session that sits in an open transaction doing nothing. */
    public boolean idleInTransaction() {
        return state != null && state.startsWith("idle in transaction");
    }

    /** "pid 4711 (idle in transaction for 42 s, app psql, query started 2026-12-07T07:01:02Z: UPDATE big ...)". */
    public String describe() {
        StringBuilder s = new StringBuilder("pid ").append(pid).append(" (");
        s.append(state == null || state.isBlank() ? backendType : state);
        if (transactionStart != null) {
            s.append(", transaction open ").append(Durations.words(transactionSeconds));
        }
        if (applicationName != null && !applicationName.isBlank()) {
            s.append(", app ").append(applicationName);
        }
        if (user != null && !user.isBlank()) {
            s.append(", user ").append(user);
        }
        if (mode != PgLock.NONE) {
            s.append(granted ? ", holds " : ", waits for ").append(mode.sqlName());
        }
        if (queryStart != null) {
            s.append(", query started ").append(queryStart);
        }
        if (query != null && !query.isBlank()) {
            s.append(": ").append(query.strip().replaceAll("\\s+", " "));
        }
        return s.append(')').toString();
    }
}
