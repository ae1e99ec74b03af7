package dev.railyard.cli;

import dev.railyard.profile.ConnectionProfile;

/**
 * The database a command works on, from {@code --profile} or {@code --url}. The password is also
 * in the session's secret store under the profile's name, so services that take a SecretStore find it.
 *
 * @param password null when none was found (the server may not need one)
 * @param saved    false for {@code --url}: the profile exists for this run only
 */
public record ResolvedConnection(ConnectionProfile profile, String password, boolean saved) {

    /** Masks the password. */
    @Override
    public String toString() {
        return "ResolvedConnection[" + profile.name() + " " + profile.address() + (password == null ? "" : ", password=***") + "]";
    }
}
