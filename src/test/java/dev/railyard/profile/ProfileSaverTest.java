package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileSaverTest {

    @TempDir
    Path home;

    private ProfileStore store;
    private SecretStores secrets;
    private ProfileSaver saver;

    @BeforeEach
    void setUp() {
        store = new ProfileStore(home.resolve("profiles.json"));
        secrets = SecretStores.forHome(new RailyardHome(home), store,
                Map.of(SecretStores.VAULT_PASSWORD_VARIABLE, "master", "PATH", home.resolve("no-bin").toString()));
        saver = new ProfileSaver(store, secrets);
    }

    private static ConnectionProfile profile(String name, String database) {
        return ConnectionProfile.of(name, Dialect.POSTGRESQL, "shop.proxy.rlwy.net", 41234, database, "postgres");
    }

    @Test
    void aProfileThatCannotBeWrittenKeepsTheOldPassword() throws Exception {
        saver.save(null, profile("shop", "railway"), "old-secret");
        assertEquals(Optional.of("old-secret"), secrets.password("shop"));

        // profiles.json can no longer be replaced (even root cannot rename a file over a non-empty folder).
        Files.delete(home.resolve("profiles.json"));
        Files.createDirectories(home.resolve("profiles.json").resolve("blocker"));
        ConnectionProfile existing = store.require("shop");
        assertThrows(RuntimeException.class, () -> saver.save(existing, profile("shop", "other"), "new-secret"));

        assertEquals(Optional.of("old-secret"), secrets.password("shop"), "the old password is put back");
        assertEquals("railway", store.require("shop").database(), "the profile is as it was");
    }

    @Test
    void aNewProfileThatCannotBeWrittenLeavesNoPassword() throws Exception {
        Files.createDirectories(home.resolve("profiles.json").resolve("blocker"));
        ProfileStore broken = new ProfileStore(home.resolve("profiles.json"));
        ProfileSaver brokenSaver = new ProfileSaver(broken, secrets);
        assertThrows(RuntimeException.class, () -> brokenSaver.save(null, profile("fresh", "railway"), "secret"));
        assertEquals(Optional.empty(), secrets.password("fresh"));
    }

    @Test
    void replacingWithoutANewPasswordKeepsTheSavedOne() {
        saver.save(null, profile("shop", "railway"), "kept");
        saver.save(store.require("shop"), profile("shop", "other"), null);
        assertEquals(Optional.of("kept"), secrets.password("shop"));
        assertEquals("other", store.require("shop").database());
    }

    @Test
    void aRenameMovesThePassword() {
        saver.save(null, profile("shop", "railway"), "moving");
        saver.save(store.require("shop"), profile("shop-2", "railway"), null);
        assertEquals(Optional.of("moving"), secrets.password("shop-2"));
        assertEquals(Optional.empty(), secrets.password("shop"));
        assertTrue(store.find("shop").isEmpty());
    }

    @Test
    void namesThatDifferOnlyInCaseAreOneName() {
        saver.save(null, profile("shop", "railway"), null);
        IllegalArgumentException saverRefused = assertThrows(IllegalArgumentException.class,
                () -> saver.save(null, profile("Shop", "railway"), "x"));
        assertTrue(saverRefused.getMessage().contains("differ only in case"), saverRefused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.save(profile("SHOP", "railway")), "the store itself refuses");
        assertEquals(Optional.empty(), secrets.password("Shop"), "nothing was stored for the refused name");
        assertEquals(1, store.list().size());
    }

    @Test
    void invisibleOrSpacedNamesAreRefused() {
        assertTrue(ProfileNames.problem("").isPresent());
        for (String name : new String[] {"\u202Eshop", "sh\u200Bop", " shop", "shop ", "shop\u00A0", "a/b", "-x", ".x"}) {
            assertTrue(ProfileNames.problem(name).isPresent(), "'" + name + "'");
            assertThrows(IllegalArgumentException.class, () -> saver.save(null, profile(name, "db"), null), "'" + name + "'");
            assertThrows(IllegalArgumentException.class, () -> store.save(profile(name, "db")), "'" + name + "'");
        }
        assertTrue(store.list().isEmpty());
        assertFalse(ProfileNames.problem("shop prod_2.eu-west").isPresent());
        assertFalse(ProfileNames.problem("Ünïcode-名前").isPresent());
    }
}
