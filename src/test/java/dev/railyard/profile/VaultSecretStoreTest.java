package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.home.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultSecretStoreTest {

    /** Fewer rounds keep these tests quick; one test proves the real default. */
    private static final int FAST = 1_000;

    @TempDir
    Path home;

    @Test
    void passwordsSurviveAFreshStoreAfterUnlock() {
        Path file = home.resolve("vault.json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        vault.unlock("master".toCharArray());
        vault.store("prod", "pAss-w0rd:@/%");
        vault.store("dev", "ünïcødé 🚂");

        VaultSecretStore reopened = new VaultSecretStore(file, FAST);
        assertFalse(reopened.isUnlocked());
        assertEquals(Optional.empty(), reopened.password("prod"), "locked vault gives nothing");
        assertTrue(reopened.contains("prod"), "entries are visible without the key");
        reopened.unlock("master".toCharArray());
        assertEquals(Optional.of("pAss-w0rd:@/%"), reopened.password("prod"));
        assertEquals(Optional.of("ünïcødé 🚂"), reopened.password("dev"));
        assertEquals(Optional.empty(), reopened.password("missing"));

        reopened.delete("prod");
        assertFalse(reopened.contains("prod"));
        assertEquals(Optional.of("ünïcødé 🚂"), new VaultSecretStoreTestAccess(file).open("master").password("dev"));
    }

    @Test
    void wrongMasterPasswordIsToldApartAndLeavesTheVaultLocked() {
        Path file = home.resolve("vault.json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        vault.unlock("right".toCharArray());
        vault.store("prod", "secret");

        VaultSecretStore other = new VaultSecretStore(file, FAST);
        WrongVaultPasswordException e = assertThrows(WrongVaultPasswordException.class, () -> other.unlock("wrong".toCharArray()));
        assertTrue(e.getMessage().toLowerCase().contains("wrong vault password"), e.getMessage());
        assertFalse(other.isUnlocked());
        assertThrows(SecretStoreException.class, () -> other.store("prod", "overwrite"));
        other.unlock("right".toCharArray());
        assertEquals(Optional.of("secret"), other.password("prod"));
    }

    @Test
    void lockForgetsTheKey() {
        VaultSecretStore vault = new VaultSecretStore(home.resolve("vault.json"), FAST);
        vault.unlock("m".toCharArray());
        vault.store("a", "b");
        vault.lock();
        assertFalse(vault.isUnlocked());
        assertEquals(Optional.empty(), vault.password("a"));
        SecretStoreException e = assertThrows(SecretStoreException.class, () -> vault.store("a", "c"));
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
    }

    @Test
    void fileHoldsNoPlaintextAndIsPrivate() throws Exception {
        Path file = home.resolve("vault.json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        vault.unlock("the-master-password".toCharArray());
        vault.store("prod", "PlainTextPassword123");

        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(text.contains("PlainTextPassword123"));
        assertFalse(text.contains("the-master-password"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(home)) {
            assertEquals(1, files.filter(f -> !f.getFileName().toString().endsWith(".lock")).count(),
                    "no temp file left beside the vault (its shared lock file stays by design)");
        }
        JsonNode root = Json.mapper().readTree(bytes);
        assertEquals("PBKDF2WithHmacSHA256", root.path("kdf").path("algorithm").asText());
        assertEquals(12, java.util.Base64.getDecoder().decode(root.path("entries").path("prod").path("iv").asText()).length);
    }

    @Test
    void sameSecretTwiceEncryptsDifferently() throws Exception {
        Path file = home.resolve("vault.json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        vault.unlock("m".toCharArray());
        vault.store("a", "same");
        vault.store("b", "same");
        JsonNode entries = Json.mapper().readTree(file.toFile()).path("entries");
        assertFalse(entries.path("a").path("iv").asText().equals(entries.path("b").path("iv").asText()));
        assertFalse(entries.path("a").path("data").asText().equals(entries.path("b").path("data").asText()));
    }

    @Test
    void entryMovedToAnotherProfileCannotBeRead() throws Exception {
        Path file = home.resolve("vault.json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        vault.unlock("m".toCharArray());
        vault.store("prod", "prod-secret");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(file.toFile());
        ((ObjectNode) root.get("entries")).set("dev", root.get("entries").get("prod"));
        Files.writeString(file, root.toString());
        SecretStoreException e = assertThrows(SecretStoreException.class, () -> vault.password("dev"));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void damagedFileIsReportedAndLeftUntouched() throws Exception {
        Path file = home.resolve("vault.json");
        Files.writeString(file, "{ not json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        SecretStoreException e = assertThrows(SecretStoreException.class, () -> vault.unlock("m".toCharArray()));
        assertTrue(e.getMessage().contains("left untouched"), e.getMessage());
        assertEquals("{ not json", Files.readString(file));
    }

    @Test
    void newerFormatIsRefusedWithoutRewriting() throws Exception {
        Path file = home.resolve("vault.json");
        String newer = "{\"format\":\"railyard-vault\",\"version\":99}";
        Files.writeString(file, newer);
        SecretStoreException e = assertThrows(SecretStoreException.class,
                () -> new VaultSecretStore(file, FAST).unlock("m".toCharArray()));
        assertTrue(e.getMessage().contains("newer Railyard"), e.getMessage());
        assertEquals(newer, Files.readString(file));
    }

    @Test
    void anotherProcessesEntriesAreKept() {
        Path file = home.resolve("vault.json");
        VaultSecretStore gui = new VaultSecretStore(file, FAST);
        gui.unlock("m".toCharArray());
        VaultSecretStore cli = new VaultSecretStore(file, FAST);
        cli.unlock("m".toCharArray());
        gui.store("from-gui", "1");
        cli.store("from-cli", "2");
        assertEquals(Optional.of("1"), gui.password("from-gui"));
        assertEquals(Optional.of("2"), gui.password("from-cli"));
    }

    @Test
    void newVaultUsesAtLeast600000Iterations() throws Exception {
        Path file = home.resolve("vault.json");
        new VaultSecretStore(file).unlock("m".toCharArray());
        int iterations = Json.mapper().readTree(file.toFile()).path("kdf").path("iterations").asInt();
        assertTrue(iterations >= 600_000, "iterations " + iterations);
    }

    @Test
    void emptyMasterPasswordIsRefused() {
        VaultSecretStore vault = new VaultSecretStore(home.resolve("vault.json"), FAST);
        assertThrows(SecretStoreException.class, () -> vault.unlock(new char[0]));
        assertFalse(vault.exists());
    }

    /** Opens a vault as a separate reader would. */
    private record VaultSecretStoreTestAccess(Path file) {
        VaultSecretStore open(String master) {
            VaultSecretStore v = new VaultSecretStore(file, FAST);
            v.unlock(master.toCharArray());
            return v;
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aVaultClaimingTwoToTheThirtyOneRoundsIsRefusedAtOnce() throws Exception {
        Path file = home.resolve("vault.json");
        VaultSecretStore vault = new VaultSecretStore(file, FAST);
        vault.unlock("master".toCharArray());
        vault.store("prod", "secret");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(file.toFile());
        ((ObjectNode) root.path("kdf")).put("iterations", Integer.MAX_VALUE);
        Files.writeString(file, Json.mapper().writeValueAsString(root));

        VaultSecretStore tampered = new VaultSecretStore(file, FAST);
        SecretStoreException e = assertThrows(SecretStoreException.class, () -> tampered.unlock("master".toCharArray()));
        assertTrue(e.getMessage().contains("rounds"), e.getMessage());
        assertFalse(tampered.isUnlocked());
    }
}
