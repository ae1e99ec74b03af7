package dev.railyard.profile;

import java.util.Optional;

/** Where profile passwords are kept: never in profiles.json. */
public interface SecretStore {

    /** The stored password; empty when not stored, when the store is locked, or in ask-mode. */
    Optional<String> password(String profileName);

    /** Stores (or replaces) the password of a profile. */
    void store(String profileName, String password);

    /** Forgets the password of a profile; nothing happens when none is stored. */
    void delete(String profileName);

    /** Where the secrets live, for people: "Encrypted vault (~/.config/railyard/vault.json)". */
    String description();

    /**
     * One password for one profile, held for a single job or command and never written anywhere:
     * for a pool that must not share the app's stores.
     */
    static SecretStore fixed(String profileName, String password, String description) {
        return new SecretStore() {
            @Override
            public Optional<String> password(String name) {
                return name.equals(profileName) ? Optional.ofNullable(password) : Optional.empty();
            }

            @Override
            public void store(String name, String value) {
                throw new UnsupportedOperationException(description + " does not store passwords");
            }

            @Override
            public void delete(String name) {
            }

            @Override
            public String description() {
                return description;
            }
        };
    }
}
