package dev.railyard.guard;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one rule that keeps production safe: a destructive action on a production database runs
 * only with that database's name typed back. A target is production when its profile is tagged
 * so, or when it names the same server and database as a profile tagged production (a target
 * given as a URL gets no free pass). The faces ask the user; this class decides, and the core
 * operations accept only the {@link Clearance} it issues.
 */
public final class ProductionGuard {

    private final Supplier<List<ConnectionProfile>> profiles;

    public ProductionGuard(ProfileStore store) {
        this(store::list);
    }

    public ProductionGuard(Supplier<List<ConnectionProfile>> profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** Whether {@code target} is protected, and the word that confirms an action on it. */
    public Protection protectionOf(ConnectionProfile target) {
        String word = confirmationWord(target);
        if (target.environment().isProduction()) {
            return new Protection(true, word, "'" + target.name() + "' is tagged production");
        }
        Optional<ConnectionProfile> twin = profiles.get().stream()
                .filter(p -> p.environment().isProduction())
                .filter(p -> Clearance.sameDatabase(p, target))
                .findFirst();
        return twin.map(p -> new Protection(true, word, target.address() + " is the database of the production profile '"
                + p.name() + "'")).orElseGet(() -> Protection.none(word));
    }

    /**
     * Allows {@code action} on {@code target}, or refuses it.
     *
     * @param typed what the user typed back: the database name; null or blank when they were not asked
     * @throws ConfirmationRequiredException when the target is production and {@code typed} is not its database name
     */
    public Clearance clear(ConnectionProfile target, GuardedAction action, String typed) {
        Objects.requireNonNull(action, "action");
        Protection protection = protectionOf(target);
        if (!protection.confirmedBy(typed)) {
            String given = typed == null || typed.isBlank() ? "" : " ('" + typed.strip() + "' is not its name)";
            throw new ConfirmationRequiredException(protection.reason() + ": to " + action.verb() + " it, confirm with its"
                    + " database name " + protection.confirmationWord() + given, protection, action);
        }
        return Clearance.issue(target, action, protection.production());
    }

    /** The database name; the profile's name when it names no database. */
    public static String confirmationWord(ConnectionProfile target) {
        return target.database().isBlank() ? target.name() : target.database();
    }
}
