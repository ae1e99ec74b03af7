package dev.railyard.profile;

/** A secret store that cannot do what was asked (locked, unreadable, keychain failed). Never carries a secret. */
public class SecretStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecretStoreException(String message) {
        super(message);
    }

    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
