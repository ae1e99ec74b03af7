package dev.railyard.support;

import dev.railyard.db.Dialect;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import java.util.List;

/**
 * Clearances for tests that are not about the production guard: obtained from the real guard,
 * for development targets, where nothing needs typing.
 */
public final class Guards {

    private static final ProductionGuard NO_PRODUCTION = new ProductionGuard(List::of);

    private Guards() {
    }

    /** A development target standing for "the test server": only its dialect matters to the code under test. */
    public static ConnectionProfile target(Dialect dialect) {
        return ConnectionProfile.of("test-target", dialect, "127.0.0.1", 1, "test", null);
    }

    /** The guard's clearance for {@code action} on {@code target} (a development one). */
    public static Clearance clear(GuardedAction action, ConnectionProfile target) {
        return NO_PRODUCTION.clear(target, action, null);
    }

    /** The clearance for {@code action} on {@link #target target(POSTGRESQL)}: pass that target to the operation too. */
    public static Clearance clear(GuardedAction action) {
        return clear(action, target(Dialect.POSTGRESQL));
    }
}
