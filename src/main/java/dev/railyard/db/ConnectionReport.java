package dev.railyard.db;

import java.util.List;

/**
 * What a connection test found.
 *
 * @param product          "PostgreSQL", "MySQL" or "MariaDB"
 * @param version          the server's version number, e.g. "17.2", "8.0.39", "10.11.6"
 * @param tlsProtocol      e.g. "TLSv1.3"; null when the connection is not encrypted
 * @param roundTripMillis  median time of a few {@code SELECT 1}
 * @param privileges       the privileges Railyard's views use that the user holds
 *                         (PG: superuser, pg_monitor, pg_read_all_stats; MySQL: PROCESS, RELOAD,
 *                         SELECT on performance_schema)
 * @param pgStatStatements "created", "preloaded, not created", "not available", or "n/a" (MySQL)
 * @param notes            what the user may want to know or fix, one sentence each
 */
public record ConnectionReport(String product, String version, boolean mariaDb, String tlsProtocol,
                               long roundTripMillis, List<String> privileges, String pgStatStatements,
                               List<String> notes) {

    public ConnectionReport {
        privileges = List.copyOf(privileges);
        notes = List.copyOf(notes);
    }

    public boolean encrypted() {
        return tlsProtocol != null;
    }

    /** One line: "PostgreSQL 17.2 · TLSv1.3 · 42 ms". */
    public String headline() {
        return product + " " + version + " · " + (tlsProtocol == null ? "not encrypted" : tlsProtocol)
                + " · " + roundTripMillis + " ms";
    }
}
