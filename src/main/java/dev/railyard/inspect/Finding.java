package dev.railyard.inspect;

import java.util.Objects;

/**
 * Something a DBA should look at, in plain words, with the statement that would fix it.
 *
 * @param subject the object concerned ("public.orders", "orders_customer_idx"), or "" for the server
 * @param message one sentence: "orders has 40% dead rows, last autovacuum 9 days ago"
 * @param fix     DDL or a setting to change, shown and copyable, never run by Railyard; null when none
 */
public record Finding(FindingKind kind, Severity severity, String subject, String message, String fix) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        subject = subject == null ? "" : subject;
    }

    public boolean hasFix() {
        return fix != null && !fix.isBlank();
    }
}
