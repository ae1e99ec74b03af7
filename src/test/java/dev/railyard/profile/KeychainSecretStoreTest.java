package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeychainSecretStoreTest {

    @TempDir
    Path dir;

    /**
     * A stand-in for libsecret's secret-tool: keeps secrets in files named after the profile and
     * writes every argument list it is given to args.log, so the test can look for leaks.
     */
    private Path fakeSecretTool(boolean dbusWorks) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path store = Files.createDirectories(dir.resolve("store"));
        String script = """
                #!/bin/sh
                echo "$@" >> "%1$s/args.log"
                %2$s
                cmd="$1"; shift
                profile=""
                while [ $# -gt 0 ]; do
                  if [ "$1" = "profile" ]; then profile="$2"; fi
                  shift
                done
                case "$cmd" in
                  store) cat > "%3$s/$profile" ;;
                  lookup) if [ -n "$profile" ] && [ -f "%3$s/$profile" ]; then cat "%3$s/$profile"; else exit 1; fi ;;
                  clear) if [ -f "%3$s/$profile" ]; then rm "%3$s/$profile"; else exit 1; fi ;;
                esac
                """.formatted(dir, dbusWorks ? "" : "echo 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2; exit 1", store);
        Path tool = bin.resolve("secret-tool");
        Files.writeString(tool, script);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void unavailableWithoutSecretToolOnThePath() throws Exception {
        KeychainSecretStore keychain = new KeychainSecretStore("Linux", Files.createDirectories(dir.resolve("empty")).toString());
        assertFalse(keychain.isAvailable());
        assertTrue(keychain.unavailableReason().orElseThrow().contains("libsecret-tools"));
        SecretStoreException e = assertThrows(SecretStoreException.class, () -> keychain.store("p", "x"));
        assertTrue(e.getMessage().contains("--secret vault"), e.getMessage());
    }

    @Test
    void unavailableWhenNoSecretServiceAnswers() throws Exception {
        KeychainSecretStore keychain = new KeychainSecretStore("Linux", fakeSecretTool(false).toString());
        assertFalse(keychain.isAvailable());
        assertTrue(keychain.unavailableReason().orElseThrow().contains("no Secret Service"));
    }

    @Test
    void macOsAndWindowsReportTheKeychainAsNotUsedYet() throws Exception {
        String path = fakeSecretTool(true).toString();
        assertFalse(new KeychainSecretStore("Mac OS X", path).isAvailable());
        assertFalse(new KeychainSecretStore("Windows 11", path).isAvailable());
    }

    @Test
    void passwordGoesThroughStdinNeverTheArguments() throws Exception {
        KeychainSecretStore keychain = new KeychainSecretStore("Linux", fakeSecretTool(true).toString());
        assertTrue(keychain.isAvailable());
        String secret = "s3cr3t with spaces & $symbols";
        keychain.store("shop-prod", secret);
        assertEquals(Optional.of(secret), keychain.password("shop-prod"));
        assertEquals(Optional.empty(), keychain.password("other"));
        keychain.delete("shop-prod");
        assertEquals(Optional.empty(), keychain.password("shop-prod"));
        keychain.delete("shop-prod"); // nothing left to delete: not an error

        String args = Files.readString(dir.resolve("args.log"));
        assertTrue(args.contains("store --label=Railyard: shop-prod service railyard profile shop-prod"), args);
        assertFalse(args.contains("s3cr3t"), args);
    }

    @Test
    void commandsNameTheProfileAndNothingSecret() {
        KeychainSecretStore keychain = new KeychainSecretStore("Linux", "");
        assertEquals(List.of("secret-tool", "lookup", "service", "railyard", "profile", "p"), keychain.lookupCommand("p"));
        assertEquals(List.of("secret-tool", "clear", "service", "railyard", "profile", "p"), keychain.clearCommand("p"));
        assertEquals(List.of("secret-tool", "store", "--label=Railyard: p", "service", "railyard", "profile", "p"),
                keychain.storeCommand("p"));
    }
}
