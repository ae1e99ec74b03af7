package dev.railyard.db;

import dev.railyard.profile.SecretStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A SecretStore in memory, for tests. */
final class MapSecrets implements SecretStore {
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    @Override
    public Optional<String> password(String profileName) {
        return Optional.ofNullable(passwords.get(profileName));
    }

    @Override
    public void store(String profileName, String password) {
        passwords.put(profileName, password);
    }

    @Override
    public void delete(String profileName) {
        passwords.remove(profileName);
    }

    @Override
    public String description() {
        return "In memory (tests)";
    }
}
