package dev.railyard.backup;

import java.sql.SQLException;

/**
 * A backup could not open its first connection: nothing was read or written. The cause is the
 * driver's exception, so the caller can classify it (authentication, TLS, timeout ...) and, for an
 * authentication failure, ask for the password and run the backup again.
 */
public class BackupConnectException extends BackupException {

    public BackupConnectException(String message, SQLException cause) {
        super(message, cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
