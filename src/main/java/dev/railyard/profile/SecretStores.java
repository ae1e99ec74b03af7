package dev.railyard.profile;

import dev.railyard.home.RailyardHome;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The secret stores of one Railyard session, behind the {@link SecretStore} interface: each
 * profile's password goes to the store its {@link SecretMode} names. Passwords typed during
 * the session (ask-mode, or a prompt) are kept in memory in front of the others.
 * The vault is opened on demand with a master password from a {@link VaultUnlocker}:
 * {@code RAILYARD_VAULT_PASSWORD} for headless use, a prompt in a terminal or the GUI.
 */
public final class SecretStores implements SecretStore {

    /** The environment variable that unlocks the vault without a prompt (CI, scripts). */
    public static final String VAULT_PASSWORD_VARIABLE = "RAILYARD_VAULT_PASSWORD";

    /** Gives the vault's master password when it must be opened. */
    @FunctionalInterface
    public interface VaultUnlocker {

        /**
         * @param creating true when there is no vault yet and this password will create it
         * @return the password, or empty when there is nobody or nothing to ask
         */
        Optional<char[]> masterPassword(boolean creating);
    }

    private final VaultSecretStore vault;
    private final KeychainSecretStore keychain;
    private final AskSecretStore session;
    private final Function<String, Optional<SecretMode>> modeOf;
    private final VaultUnlocker unlocker;

    /**
     * @param modeOf   the secret mode of a profile by name (usually from the ProfileStore)
     * @param unlocker where the vault's master password comes from
     */
    public SecretStores(VaultSecretStore vault, KeychainSecretStore keychain, AskSecretStore session,
                        Function<String, Optional<SecretMode>> modeOf, VaultUnlocker unlocker) {
        this.vault = vault;
        this.keychain = keychain;
        this.session = session;
        this.modeOf = modeOf;
        this.unlocker = unlocker;
    }

    /** The stores for a home folder and its profiles, unlocking the vault from {@code RAILYARD_VAULT_PASSWORD} when set. */
    public static SecretStores forHome(RailyardHome home, ProfileStore profiles, Map<String, String> env) {
        return new SecretStores(new VaultSecretStore(home.vault()), KeychainSecretStore.fromEnvironment(env),
                new AskSecretStore(), name -> profiles.find(name).map(ConnectionProfile::secretMode),
                fromVariable(env));
    }

    /** An unlocker that reads {@code RAILYARD_VAULT_PASSWORD} from the given environment. */
    public static VaultUnlocker fromVariable(Map<String, String> env) {
        return creating -> Optional.ofNullable(env.get(VAULT_PASSWORD_VARIABLE))
                .filter(p -> !p.isEmpty())
                .map(String::toCharArray);
    }

    public VaultSecretStore vault() {
        return vault;
    }

    public KeychainSecretStore keychain() {
        return keychain;
    }

    /** The passwords of this session only. */
    public AskSecretStore session() {
        return session;
    }

    /** The keychain where one answers, else the vault. */
    public SecretMode defaultMode() {
        return keychain.isAvailable() ? SecretMode.KEYCHAIN : SecretMode.VAULT;
    }

    /** The store for a mode; the keychain only when it is available. */
    public SecretStore forMode(SecretMode mode) {
        return switch (mode) {
            case VAULT -> vault;
            case ASK -> session;
            case KEYCHAIN -> {
                if (!keychain.isAvailable()) {
                    throw new SecretStoreException("The OS keychain is not available: "
                            + keychain.unavailableReason().orElse("no keychain answered") + ". Use the vault instead");
                }
                yield keychain;
            }
        };
    }

    /** Whether reading this profile's password needs the vault unlocked first. */
    public boolean needsVaultUnlock(String profileName) {
        return modeOf.apply(profileName).orElse(SecretMode.ASK) == SecretMode.VAULT
                && !vault.isUnlocked() && vault.contains(profileName);
    }

    /**
     * Opens the vault (creating it when there is none) with the unlocker's password.
     *
     * @throws SecretStoreException when no password can be had
     * @throws WrongVaultPasswordException when the password does not open the vault
     */
    public void unlockVault() {
        if (vault.isUnlocked()) {
            return;
        }
        boolean creating = !vault.exists();
        char[] password = unlocker.masterPassword(creating).orElseThrow(() -> new SecretStoreException(
                "The vault (" + tilde(vault.file()) + ") is " + (creating ? "not created yet" : "locked")
                        + " and no master password was given: set " + VAULT_PASSWORD_VARIABLE
                        + (creating ? " to the password that will protect it" : "")));
        try {
            vault.unlock(password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public Optional<String> password(String profileName) {
        Optional<String> typed = session.password(profileName);
        if (typed.isPresent()) {
            return typed;
        }
        SecretMode mode = modeOf.apply(profileName).orElse(SecretMode.ASK);
        switch (mode) {
            case VAULT -> {
                if (!vault.contains(profileName)) {
                    return Optional.empty();
                }
                if (!vault.isUnlocked()) {
                    Optional<char[]> master = unlocker.masterPassword(false);
                    if (master.isEmpty()) {
                        return Optional.empty();
                    }
                    try {
                        vault.unlock(master.get());
                    } finally {
                        Arrays.fill(master.get(), '\0');
                    }
                }
                return vault.password(profileName);
            }
            case KEYCHAIN -> {
                return keychain.isAvailable() ? keychain.password(profileName) : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Stores the password where the profile's mode says, opening the vault first when needed. */
    public void store(ConnectionProfile profile, String password) {
        storeIn(profile.secretMode(), profile.name(), password);
    }

    @Override
    public void store(String profileName, String password) {
        SecretMode mode = modeOf.apply(profileName).orElseThrow(() -> new SecretStoreException(
                "No profile named '" + profileName + "' to store a password for"));
        storeIn(mode, profileName, password);
    }

    private void storeIn(SecretMode mode, String profileName, String password) {
        if (mode == SecretMode.VAULT) {
            unlockVault();
        }
        forMode(mode).store(profileName, password);
        if (mode != SecretMode.ASK) {
            session.delete(profileName);
        }
    }

    /** Forgets the password everywhere it may be, whatever the profile's mode was. */
    @Override
    public void delete(String profileName) {
        session.delete(profileName);
        if (vault.exists()) {
            vault.delete(profileName);
        }
        if (keychain.isAvailable()) {
            keychain.delete(profileName);
        }
    }

    /** Where a profile's password lives, for people. */
    public String describe(SecretMode mode) {
        return switch (mode) {
            case VAULT -> vault.description();
            case KEYCHAIN -> keychain.description();
            case ASK -> session.description();
        };
    }

    @Override
    public String description() {
        return "Per profile: " + keychain.description() + ", " + vault.description() + " or " + session.description();
    }

    /** The path with the home folder written as ~, as users know it. */
    static String tilde(Path path) {
        String home = System.getProperty("user.home", "");
        String text = path.toAbsolutePath().toString();
        return !home.isEmpty() && text.startsWith(home + java.io.File.separator) ? "~" + text.substring(home.length()) : text;
    }
}
