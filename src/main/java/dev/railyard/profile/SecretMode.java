package dev.railyard.profile;

/** Where a profile's password is kept. Never in profiles.json. */
public enum SecretMode {
    /** The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) where one answers. */
    KEYCHAIN("OS keychain"),
    /** Railyard's own vault: AES-GCM, key derived from a master password. */
    VAULT("Encrypted vault"),
    /** Not stored; asked for when the profile is opened. */
    ASK("Ask every time");

    private final String displayName;

    SecretMode(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
