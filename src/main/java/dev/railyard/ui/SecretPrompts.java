package dev.railyard.ui;

import dev.railyard.profile.ConnectionProfile;
import java.util.Optional;

/**
 * Asks the user for a secret. Called on job threads only: the application's implementation
 * shows a dialog on the FX thread and waits for the answer; tests answer directly.
 */
public interface SecretPrompts {

    /**
     * The vault's master password.
     *
     * @param creating true when there is no vault yet: the answer will create it (ask twice)
     * @param problem  "" on the first ask, else why the last answer did not work
     * @return empty when the user cancelled
     */
    Optional<char[]> vaultPassword(boolean creating, String problem);

    /**
     * The password of a profile whose password is not saved ("ask every time").
     *
     * @param problem "" on the first ask, else why the last answer did not work
     * @return empty when the user cancelled
     */
    Optional<String> connectionPassword(ConnectionProfile profile, String problem);
}
