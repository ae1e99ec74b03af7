package dev.railyard.profile;

import java.util.Optional;

public interface SecretStore {
    /** The stored password; empty when not stored, locked or in ask-mode. */
    Optional<String> password(String profileName);

    /** Stores the profile's password, replacing any earlier one. */
    void store(String profileName, String password);

    /** Forgets the profile's password. */
    void delete(String profileName);

    /** Where passwords are kept, for the user: "Encrypted vault (~/.config/railyard/vault.json)". */
    String description();
}
