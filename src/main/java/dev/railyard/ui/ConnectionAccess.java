package dev.railyard.ui;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SecretStores;
import dev.railyard.profile.SecretStores.VaultUnlocker;
import dev.railyard.profile.WrongVaultPasswordException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Gets the GUI a profile's password on a job thread: opens the vault when it is locked (asking
 * for the master password, again after a wrong one), and for "ask every time" profiles asks for
 * the password when the server wants one, keeping it in memory for the session.
 *
 * <p>Never call it on the FX thread: it may wait for the user.
 */
public final class ConnectionAccess {

    /** Wrong master passwords accepted before giving up, as a terminal would. */
    static final int VAULT_ATTEMPTS = 3;

    /** One connection attempt with the given password (null for none). */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(String password) throws ConnectionProblem;
    }

    private final SecretStores secrets;
    private final SecretPrompts prompts;
    private final VaultUnlocker preset;
    /** One question at a time: two jobs that both need the vault ask once. */
    private final Object askLock = new Object();

    /**
     * @param preset tried once before asking (RAILYARD_VAULT_PASSWORD in the app); may answer empty
     */
    public ConnectionAccess(SecretStores secrets, SecretPrompts prompts, VaultUnlocker preset) {
        this.secrets = secrets;
        this.prompts = prompts;
        this.preset = preset;
    }

    public SecretStores secrets() {
        return secrets;
    }

    /**
     * Opens the vault unless it is open; creates it when there is none.
     *
     * @return false when the user cancelled or gave a wrong password {@value #VAULT_ATTEMPTS} times
     */
    public boolean unlockVault() {
        synchronized (askLock) {
            if (secrets.vault().isUnlocked()) {
                return true;
            }
            boolean creating = !secrets.vault().exists();
            if (tryUnlock(preset.masterPassword(creating))) {
                return true;
            }
            String problem = "";
            for (int attempt = 0; attempt < VAULT_ATTEMPTS; attempt++) {
                Optional<char[]> typed = prompts.vaultPassword(creating, problem);
                if (typed.isEmpty()) {
                    return false;
                }
                if (tryUnlock(typed)) {
                    return true;
                }
                problem = "That is not the vault's password. Try again.";
            }
            return false;
        }
    }

    private boolean tryUnlock(Optional<char[]> password) {
        if (password.isEmpty()) {
            return false;
        }
        try {
            secrets.vault().unlock(password.get());
            return true;
        } catch (WrongVaultPasswordException e) {
            return false;
        } finally {
            Arrays.fill(password.get(), '\0');
        }
    }

    /**
     * The password saved for the profile (or typed this session), opening the vault first when
     * it lives there.
     *
     * @throws ConnectionProblem when the vault holds it but stayed locked
     */
    public Optional<String> savedPassword(ConnectionProfile profile) throws ConnectionProblem {
        Optional<String> typed = secrets.session().password(profile.name());
        if (typed.isPresent()) {
            return typed;
        }
        if (secrets.needsVaultUnlock(profile.name()) && !unlockVault()) {
            throw vaultLocked(profile);
        }
        return secrets.password(profile.name());
    }

    /**
     * Runs the attempt with the profile's password. For an "ask every time" profile whose server
     * turns the attempt down for want of a password (or for a wrong one), asks the user and tries
     * again; the typed password is kept for the session once the server accepts it.
     */
    public <T> T withPassword(ConnectionProfile profile, Attempt<T> attempt) throws ConnectionProblem {
        Optional<String> saved = savedPassword(profile);
        try {
            return attempt.run(saved.orElse(null));
        } catch (ConnectionProblem problem) {
            if (problem.kind() != ConnectionProblem.Kind.AUTH || profile.secretMode() != SecretMode.ASK) {
                throw problem;
            }
            return askAndRetry(profile, attempt, saved.isPresent(), problem);
        }
    }

    private <T> T askAndRetry(ConnectionProfile profile, Attempt<T> attempt, boolean hadPassword,
                              ConnectionProblem first) throws ConnectionProblem {
        String name = profile.name();
        String problem = hadPassword ? "The server did not accept the password." : "";
        if (hadPassword) {
            secrets.session().delete(name);
        }
        ConnectionProblem last = first;
        for (int round = 0; round < VAULT_ATTEMPTS; round++) {
            Optional<String> typed;
            synchronized (askLock) {
                typed = prompts.connectionPassword(profile, problem);
            }
            if (typed.isEmpty()) {
                throw last;
            }
            secrets.session().store(name, typed.get());
            try {
                return attempt.run(typed.get());
            } catch (ConnectionProblem again) {
                secrets.session().delete(name);
                if (again.kind() != ConnectionProblem.Kind.AUTH) {
                    throw again;
                }
                last = again;
                problem = "The server did not accept the password.";
            }
        }
        throw last;
    }

    private static ConnectionProblem vaultLocked(ConnectionProfile profile) {
        return new ConnectionProblem(ConnectionProblem.Kind.AUTH,
                "The password of '" + profile.name() + "' is in Railyard's vault, which stayed locked",
                "Unlock the vault with its master password: select the connection again, or use Test connection", null);
    }
}
