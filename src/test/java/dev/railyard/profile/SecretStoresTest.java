package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoresTest {

    @TempDir
    Path home;

    private final Map<String, SecretMode> modes = new HashMap<>();

    private SecretStores stores(Map<String, String> env) throws Exception {
        return new SecretStores(new VaultSecretStore(home.resolve("vault.json"), 1_000),
                new KeychainSecretStore("Linux", Files.createDirectories(home.resolve("no-bin")).toString()),
                new AskSecretStore(), name -> Optional.ofNullable(modes.get(name)), SecretStores.fromVariable(env));
    }

    @Test
    void vaultIsOpenedFromTheEnvironmentVariable() throws Exception {
        modes.put("prod", SecretMode.VAULT);
        SecretStores first = stores(Map.of(SecretStores.VAULT_PASSWORD_VARIABLE, "master"));
        assertEquals(SecretMode.VAULT, first.defaultMode(), "no keychain here");
        first.store("prod", "pw");

        SecretStores second = stores(Map.of(SecretStores.VAULT_PASSWORD_VARIABLE, "master"));
        assertTrue(second.needsVaultUnlock("prod"));
        assertEquals(Optional.of("pw"), second.password("prod"));
    }

    @Test
    void lockedVaultWithoutPasswordGivesNothingOrAClearError() throws Exception {
        modes.put("prod", SecretMode.VAULT);
        stores(Map.of(SecretStores.VAULT_PASSWORD_VARIABLE, "master")).store("prod", "pw");

        SecretStores headless = stores(Map.of());
        assertEquals(Optional.empty(), headless.password("prod"));
        SecretStoreException e = assertThrows(SecretStoreException.class, headless::unlockVault);
        assertTrue(e.getMessage().contains("RAILYARD_VAULT_PASSWORD"), e.getMessage());
        assertThrows(SecretStoreException.class, () -> headless.store("prod", "other"));

        SecretStores wrong = stores(Map.of(SecretStores.VAULT_PASSWORD_VARIABLE, "nope"));
        assertThrows(WrongVaultPasswordException.class, () -> wrong.password("prod"));
    }

    @Test
    void askModeKeepsPasswordsInMemoryOnly() throws Exception {
        modes.put("dev", SecretMode.ASK);
        SecretStores stores = stores(Map.of());
        stores.store("dev", "typed");
        assertEquals(Optional.of("typed"), stores.password("dev"));
        assertFalse(Files.exists(home.resolve("vault.json")));
        assertEquals(Optional.empty(), stores(Map.of()).password("dev"), "a new session knows nothing");
    }

    @Test
    void deleteForgetsEverywhere() throws Exception {
        modes.put("prod", SecretMode.VAULT);
        SecretStores stores = stores(Map.of(SecretStores.VAULT_PASSWORD_VARIABLE, "master"));
        stores.store("prod", "pw");
        stores.session().store("prod", "typed");
        SecretStores locked = stores(Map.of());
        locked.delete("prod");
        assertFalse(locked.vault().contains("prod"), "deleting needs no unlock");
        stores.session().delete("prod");
        assertEquals(Optional.empty(), stores.password("prod"));
    }

    @Test
    void keychainModeWithoutKeychainSaysSo() throws Exception {
        modes.put("k", SecretMode.KEYCHAIN);
        SecretStores stores = stores(Map.of());
        SecretStoreException e = assertThrows(SecretStoreException.class, () -> stores.store("k", "x"));
        assertTrue(e.getMessage().contains("keychain is not available"), e.getMessage());
        assertEquals(Optional.empty(), stores.password("k"));
    }
}
