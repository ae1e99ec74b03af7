package dev.railyard.profile;

/** The master password given does not open the vault. */
public class WrongVaultPasswordException extends SecretStoreException {

    private static final long serialVersionUID = 1L;

    public WrongVaultPasswordException(String message) {
        super(message);
    }
}
