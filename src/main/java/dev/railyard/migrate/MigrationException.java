package dev.railyard.migrate;

/** A migration action could not be done; the message says what, why and what to do. */
public class MigrationException extends Exception {

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }

    public MigrationException(String message) {
        super(message);
    }
}
