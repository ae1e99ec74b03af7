package dev.railyard.backup;

/**
 * A backup or restore failure worded for a DBA: what failed, the likely cause and what to do,
 * in the message. Never carries a secret.
 */
public class BackupException extends Exception {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
