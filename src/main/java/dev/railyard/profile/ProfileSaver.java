package dev.railyard.profile;

import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saving a profile with its password, the one way both faces do it. Order matters: the new
 * password is stored first (so a saved profile never points at a password that is not there),
 * then the profile; if writing the profile fails, the password store is put back as it was (the
 * old password restored, a new one removed). Only after the profile is written is what the old
 * profile left behind removed (its password under an old name, or in the store it left).
 */
public final class ProfileSaver {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileSaver.class);

    private final ProfileStore profiles;
    private final SecretStores secrets;

    public ProfileSaver(ProfileStore profiles, SecretStores secrets) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * @param source  the saved profile this one replaces (same name, or renamed); null for a new profile
     * @param profile what to save
     * @param secret  the password to keep with it; null keeps the source's (moved along on a rename or
     *                a change of store), or none for a new profile
     * @throws IllegalArgumentException when the name breaks the name rules or another profile has it (in any case)
     */
    public void save(ConnectionProfile source, ConnectionProfile profile, String secret) {
        ProfileNames.require(profile.name());
        profiles.requireNameFree(profile.name(), source == null ? null : source.name());
        boolean renamed = source != null && !source.name().equals(profile.name());
        boolean storeChanged = source != null && source.secretMode() != profile.secretMode();
        String password = secret;
        if (password == null && (renamed || storeChanged)) {
            password = readQuietly(source.name()).orElse(null);
        }

        Optional<String> previous = Optional.empty();
        boolean stored = false;
        if (password != null) {
            previous = readQuietly(profile.name());
            if (profile.secretMode() == SecretMode.ASK) {
                secrets.session().store(profile.name(), password);
            } else {
                secrets.store(profile, password);
                stored = true;
            }
        }
        try {
            if (source != null) {
                profiles.replace(source.name(), profile);
            } else {
                profiles.save(profile);
            }
        } catch (RuntimeException e) {
            if (stored) {
                putBack(profile, previous);
            }
            throw e;
        }
        if (renamed) {
            secrets.delete(source.name());
        } else if (storeChanged) {
            forgetIn(source.secretMode(), source.name());
        }
    }

    private Optional<String> readQuietly(String name) {
        try {
            return secrets.password(name);
        } catch (RuntimeException e) {
            LOG.debug("No readable password for {}: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private void putBack(ConnectionProfile profile, Optional<String> previous) {
        try {
            if (previous.isPresent()) {
                secrets.store(profile, previous.get());
            } else {
                secrets.delete(profile.name());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not put back the password of {} after a failed save: {}", profile.name(), e.getMessage());
        }
    }

    private void forgetIn(SecretMode mode, String profileName) {
        try {
            switch (mode) {
                case VAULT -> secrets.vault().delete(profileName);
                case KEYCHAIN -> {
                    if (secrets.keychain().isAvailable()) {
                        secrets.keychain().delete(profileName);
                    }
                }
                case ASK -> secrets.session().delete(profileName);
            }
        } catch (SecretStoreException e) {
            LOG.warn("Could not remove the old password of {} from {}: {}", profileName, mode, e.getMessage());
        }
    }
}
