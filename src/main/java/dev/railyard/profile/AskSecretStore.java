package dev.railyard.profile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Ask every time": passwords the user typed, held in memory for this session only and never
 * written anywhere. Also serves as the session cache in front of the other stores.
 */
public final class AskSecretStore implements SecretStore {

    private final Map<String, String> session = new ConcurrentHashMap<>();

    @Override
    public Optional<String> password(String profileName) {
        return Optional.ofNullable(session.get(profileName));
    }

    @Override
    public void store(String profileName, String password) {
        session.put(profileName, password);
    }

    @Override
    public void delete(String profileName) {
        session.remove(profileName);
    }

    @Override
    public String description() {
        return "Ask every time (kept in memory until Railyard closes)";
    }
}
