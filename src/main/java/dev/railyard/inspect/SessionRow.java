package dev.railyard.inspect;

import java.time.Instant;
import java.util.List;

/**
 * One server session in the Activity view.
 *
 * @param id                PostgreSQL pid / MySQL processlist id: what cancel and terminate take
 * @param application       PostgreSQL application_name; null on MySQL
 * @param backendType       PostgreSQL backend_type ("client backend", "autovacuum worker", ...); MySQL COMMAND
 * @param state             PostgreSQL state ("active", "idle in transaction"); MySQL COMMAND ("Query", "Sleep")
 * @param waitEventType     PostgreSQL wait_event_type ("Lock", "IO"); MySQL the InnoDB transaction state ("LOCK WAIT")
 * @param waitEvent         PostgreSQL wait_event; MySQL the thread STATE ("Updating", "User sleep")
 * @param transactionMillis how long its transaction has been open; null outside a transaction
 * @param queryMillis       how long its current (or, when idle, last) statement has run
 * @param blockedBy         the sessions holding the locks it waits for; empty when not waiting
 * @param self              true for the inspecting session itself
 */
public record SessionRow(
        long id,
        String database,
        String user,
        String application,
        String clientAddress,
        String backendType,
        String state,
        String waitEventType,
        String waitEvent,
        Instant backendStart,
        Instant transactionStart,
        Instant queryStart,
        Long transactionMillis,
        Long queryMillis,
        String query,
        List<Long> blockedBy,
        boolean self,
        dev.railyard.inspect.table.TableRef waitsOn) {

    public SessionRow {
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    }

    /** A session that waits for no table's lock (or whose server does not say which). */
    public SessionRow(long id, String database, String user, String application, String clientAddress, String backendType,
                      String state, String waitEventType, String waitEvent, Instant backendStart, Instant transactionStart,
                      Instant queryStart, Long transactionMillis, Long queryMillis, String query, List<Long> blockedBy,
                      boolean self) {
        this(id, database, user, application, clientAddress, backendType, state, waitEventType, waitEvent, backendStart,
                transactionStart, queryStart, transactionMillis, queryMillis, query, blockedBy, self, null);
    }

    public boolean blocked() {
        return !blockedBy.isEmpty();
    }
}
