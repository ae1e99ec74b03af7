package dev.railyard.profile;

/**
 * A URL or a block of variables that cannot become a profile. The message names the problem
 * (and the variable or line) in words a user can act on; it never contains a password.
 */
public class ConnectionStringException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConnectionStringException(String message) {
        super(message);
    }
}
