package dev.railyard.console;

import java.time.Duration;

/**
 * How a console session runs statements.
 *
 * @param statementTimeout null for the default: 30 s on production, none elsewhere; zero for none
 * @param fetchSize        rows per round trip while streaming (PostgreSQL; MySQL streams row by row)
 */
public record ConsoleSettings(Duration statementTimeout, int fetchSize) {

    public static final Duration PRODUCTION_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_FETCH_SIZE = 1000;

    public ConsoleSettings {
        if (statementTimeout != null && statementTimeout.isNegative()) {
            throw new IllegalArgumentException("A statement timeout cannot be negative");
        }
        fetchSize = fetchSize <= 0 ? DEFAULT_FETCH_SIZE : fetchSize;
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(null, DEFAULT_FETCH_SIZE);
    }

    /** The timeout for a session on a target that is, or is not, production. */
    public Duration timeoutFor(boolean production) {
        if (statementTimeout != null) {
            return statementTimeout;
        }
        return production ? PRODUCTION_TIMEOUT : Duration.ZERO;
    }
}
