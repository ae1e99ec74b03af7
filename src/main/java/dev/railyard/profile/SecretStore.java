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
}
