package dev.railyard.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductionGuardTest {

    private static final ConnectionProfile PROD = new ConnectionProfile("shop-prod", Dialect.POSTGRESQL,
            "shop.proxy.rlwy.net", 41234, "railway", "postgres", null, null, EnvironmentTag.PRODUCTION, null, null,
            null, null, "direct.proxy.rlwy.net", 50000);
    private static final ConnectionProfile DEV = ConnectionProfile.of("shop-dev", Dialect.POSTGRESQL,
            "dev.proxy.rlwy.net", 41234, "railway", "postgres");

    private final ProductionGuard guard = new ProductionGuard(() -> List.of(PROD, DEV));

    private static ConnectionProfile url(String host, int port, String db) {
        return ConnectionProfile.of("url:" + host, Dialect.POSTGRESQL, host, port, db, "postgres");
    }

    @Test
    void everyDestructiveActionOnProductionNeedsTheDatabaseName() {
        for (GuardedAction action : GuardedAction.values()) {
            for (String typed : new String[] {null, "", " ", "\t", "shop-prod", "Railway", "railwa"}) {
                ConfirmationRequiredException refused = assertThrows(ConfirmationRequiredException.class,
                        () -> guard.clear(PROD, action, typed), action + " with '" + typed + "'");
                assertEquals("railway", refused.confirmationWord());
                assertTrue(refused.getMessage().contains(action.verb()), refused.getMessage());
            }
            Clearance clearance = guard.clear(PROD, action, "railway");
            assertTrue(clearance.confirmed());
            clearance.check(action, PROD);
            assertTrue(guard.clear(PROD, action, " railway ").confirmed(), "surrounding blanks are forgiven");
        }
    }

    @Test
    void developmentNeedsNothingTyped() {
        Clearance clearance = guard.clear(DEV, GuardedAction.RESTORE_OVER, null);
        assertFalse(clearance.confirmed());
        clearance.check(GuardedAction.RESTORE_OVER, DEV);
    }

    @Test
    void aUrlForAProductionDatabaseIsProductionWhateverItsSpelling() {
        for (ConnectionProfile target : List.of(url("shop.proxy.rlwy.net", 41234, "railway"),
                url("SHOP.Proxy.RLWY.net.", 41234, "railway"),
                url("direct.proxy.rlwy.net", 50000, "railway"))) {
            Protection protection = guard.protectionOf(target);
            assertTrue(protection.production(), target.address());
            assertTrue(protection.reason().contains("shop-prod"), protection.reason());
            assertThrows(ConfirmationRequiredException.class, () -> guard.clear(target, GuardedAction.MIGRATE, ""));
        }
        assertFalse(guard.protectionOf(url("shop.proxy.rlwy.net", 41234, "other")).production(), "another database");
        assertFalse(guard.protectionOf(url("shop.proxy.rlwy.net", 41235, "railway")).production(), "another port");
    }

    @Test
    void loopbackSpellingsAreOneServer() {
        ConnectionProfile local = new ConnectionProfile("local-prod", Dialect.MYSQL, "127.0.0.1", 3306, "clinic", "root",
                null, null, EnvironmentTag.PRODUCTION, null, null, null, null, null, 0);
        ProductionGuard g = new ProductionGuard(() -> List.of(local));
        assertTrue(g.protectionOf(ConnectionProfile.of("u", Dialect.MYSQL, "localhost", 3306, "clinic", "root")).production());
        assertTrue(g.protectionOf(ConnectionProfile.of("u", Dialect.MYSQL, "[::1]", 3306, "clinic", "root")).production());
    }

    @Test
    void aClearanceAllowsOnlyItsActionOnItsDatabase() {
        Clearance migrate = guard.clear(DEV, GuardedAction.MIGRATE, null);
        assertThrows(IllegalStateException.class, () -> migrate.check(GuardedAction.RESTORE_OVER, DEV));
        assertThrows(IllegalStateException.class, () -> migrate.check(GuardedAction.MIGRATE, PROD),
                "a development clearance never reaches the production database");
        Clearance release = guard.clear(PROD, GuardedAction.RELEASE, "railway");
        release.check(GuardedAction.MIGRATE, PROD.forSessionWork());
        Clearance restore = guard.clear(PROD, GuardedAction.RESTORE_OVER, "railway");
        restore.check(GuardedAction.CLEAN, PROD);
        assertThrows(IllegalStateException.class, () -> restore.check(GuardedAction.MIGRATE, PROD));
    }
}
