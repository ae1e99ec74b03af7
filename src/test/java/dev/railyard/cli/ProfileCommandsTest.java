package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.VaultSecretStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandsTest {

    @TempDir
    Path home;

    private static final String RAILWAY_PG = "postgresql://postgres:pAss-1st@roundhouse.proxy.rlwy.net:12345/railway";

    private Optional<String> vaultPassword(String profile) {
        return vaultPassword(profile, "master");
    }

    private Optional<String> vaultPassword(String profile, String master) {
        VaultSecretStore vault = new VaultSecretStore(home.resolve("vault.json"));
        vault.unlock(master.toCharArray());
        return vault.password(profile);
    }

    @Test
    void addListShowRemoveWithTheVault() {
        CliRun cli = new CliRun(home).vaultPassword("master");
        CliRun.Result added = cli.run("profile", "add", "shop-prod", "--url", RAILWAY_PG, "--env", "production");
        assertEquals(0, added.code(), added.toString());
        assertTrue(added.out().contains("Added profile 'shop-prod': PostgreSQL postgres@roundhouse.proxy.rlwy.net:12345/railway (production, TLS require)"),
                added.out());
        assertTrue(added.out().contains("Password kept in: Encrypted vault"), added.out());
        assertEquals("", added.err());

        CliRun.Result list = cli.run("profile", "list");
        assertEquals(0, list.code());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("shop-prod") && l.contains("production")
                && l.contains("postgres@roundhouse.proxy.rlwy.net:12345/railway") && l.endsWith("vault")), list.out());

        CliRun.Result show = cli.run("profile", "show", "shop-prod");
        assertEquals(0, show.code());
        assertTrue(show.out().contains("Encrypted vault"), show.out());
        assertTrue(show.out().contains(", stored"), show.out());
        assertFalse(show.out().contains("pAss-1st") || show.err().contains("pAss-1st"), "show never prints the password");
        assertFalse(cli.run("profile", "show", "shop-prod", "--json").out().contains("pAss-1st"));

        assertEquals(Optional.of("pAss-1st"), vaultPassword("shop-prod"));
        CliRun.Result removed = new CliRun(home).run("profile", "remove", "shop-prod");
        assertEquals(0, removed.code(), "removing needs no vault password: " + removed);
        assertEquals(Optional.empty(), vaultPassword("shop-prod"), "the secret went with the profile");
        assertTrue(cli.run("profile", "list").out().startsWith("No profiles yet"));
    }

    /** Tagging an existing profile production (or changing its TLS) keeps its password, store and other settings. */
    @Test
    void editChangesTheEnvironmentAndTlsAndNothingElse() {
        CliRun cli = new CliRun(home).vaultPassword("master");
        assertEquals(0, cli.run("profile", "add", "shop", "--url", RAILWAY_PG, "--migrate-command", "npx prisma migrate deploy").code());
        JsonNode before = cli.run("profile", "show", "shop", "--json").json();

        CliRun.Result edited = cli.run("profile", "edit", "shop", "--env", "production");
        assertEquals(0, edited.code(), edited.toString());
        assertTrue(edited.out().contains("Profile 'shop' is production: destructive actions now ask for the database name"),
                edited.out());
        JsonNode after = cli.run("profile", "show", "shop", "--json").json();
        assertEquals("production", after.path("environment").asText(), after.toString());
        assertEquals(before.path("secretMode"), after.path("secretMode"));
        assertEquals(before.path("sslMode"), after.path("sslMode"));
        assertEquals("vault", after.path("secretMode").asText());
        assertTrue(after.toString().contains("npx prisma migrate deploy"), "the migration command stays: " + after);
        assertEquals(Optional.of("pAss-1st"), vaultPassword("shop"), "the password stays");

        CliRun.Result tls = cli.run("profile", "edit", "shop", "--ssl", "verify-ca", "--env", "development");
        assertEquals(0, tls.code(), tls.toString());
        assertTrue(tls.out().contains("no longer ask"), tls.out());
        assertTrue(cli.run("profile", "show", "shop").out().contains("verify-ca"));

        CliRun.Result nothing = cli.run("profile", "edit", "shop");
        assertEquals(RailyardCli.USAGE, nothing.code(), nothing.toString());
        assertTrue(nothing.errorLine().contains("--env"), nothing.err());
        CliRun.Result same = cli.run("profile", "edit", "shop", "--env", "development");
        assertTrue(same.out().contains("nothing was changed"), same.out());
    }

    @Test
    void noPasswordBytesInAnyFileUnderHome() throws IOException {
        CliRun cli = new CliRun(home).vaultPassword("the-vault-master");
        List<String> passwords = List.of("pAss-1st", "Sec0nd:P@ss/w%rd", "third-from-stdin", "fourth-in-vars", "fifth-ask-mode");
        assertEquals(0, cli.run("profile", "add", "one", "--url", RAILWAY_PG).code());
        assertEquals(0, cli.run("profile", "add", "two", "--env", "staging", "--url",
                "mysql://root:Sec0nd%3AP%40ss%2Fw%25rd@monorail.proxy.rlwy.net:23456/railway").code());
        assertEquals(0, cli.runWithStdin("third-from-stdin\n", "profile", "add", "three", "--password-stdin",
                "--url", "postgresql://app@db.example.com/app").code());
        Path vars = home.resolve("..").resolve(home.getFileName() + "-vars.env");
        Files.writeString(vars, "PGHOST=viaduct.proxy.rlwy.net\nPGPORT=41234\nPGPASSWORD=\"fourth-in-vars\"\n");
        assertEquals(0, cli.run("profile", "import", "four", "--vars", vars.toString()).code());
        assertEquals(0, cli.run("profile", "add", "five", "--secret", "ask", "--url",
                "postgresql://u:fifth-ask-mode@h/db").code());
        Files.delete(vars);

        // The passwords were stored (so the test can fail), yet no file holds them.
        assertEquals(Optional.of("Sec0nd:P@ss/w%rd"), vaultPassword("two", "the-vault-master"));
        assertEquals(Optional.of("third-from-stdin"), vaultPassword("three", "the-vault-master"));
        assertEquals(Optional.of("fourth-in-vars"), vaultPassword("four", "the-vault-master"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.contains(home.resolve("profiles.json")) && files.contains(home.resolve("vault.json")), files.toString());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (String secret : List.of(passwords.get(0), passwords.get(1), passwords.get(2), passwords.get(3),
                    passwords.get(4), "Sec0nd%3AP%40ss%2Fw%25rd", "the-vault-master")) {
                assertFalse(indexOf(bytes, secret.getBytes(StandardCharsets.UTF_8)) >= 0,
                        () -> file + " contains a password");
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void passwordStdinWinsOverTheUrlAndLosesOnlyTheLineBreak() {
        CliRun cli = new CliRun(home).vaultPassword("master");
        CliRun.Result r = cli.runWithStdin("  spaced pw \r\n", "profile", "add", "p", "--password-stdin", "--url", RAILWAY_PG);
        assertEquals(0, r.code(), r.toString());
        assertEquals(Optional.of("  spaced pw "), vaultPassword("p"));

        CliRun.Result empty = cli.runWithStdin("", "profile", "add", "q", "--password-stdin", "--url", RAILWAY_PG);
        assertEquals(2, empty.code());
        assertTrue(empty.errorLine().contains("stdin was empty"), empty.err());
    }

    @Test
    void lockedVaultWithoutPasswordOrTerminalIsAClearErrorAndSavesNothing() {
        CliRun.Result r = new CliRun(home).run("profile", "add", "p", "--url", RAILWAY_PG);
        assertEquals(1, r.code());
        assertTrue(r.errorLine().contains("RAILYARD_VAULT_PASSWORD"), r.err());
        assertTrue(new ProfileStore(home.resolve("profiles.json")).list().isEmpty());

        new CliRun(home).vaultPassword("master").run("profile", "add", "p", "--url", RAILWAY_PG);
        CliRun.Result wrong = new CliRun(home).vaultPassword("not-it").run("profile", "add", "q", "--url", RAILWAY_PG);
        assertEquals(1, wrong.code());
        assertTrue(wrong.errorLine().contains("Wrong vault password"), wrong.err());
    }

    @Test
    void terminalPromptCreatesTheVaultWhenThereIsNoVariable() {
        CliRun cli = new CliRun(home);
        cli.prompt = prompt -> Optional.of("typed-master".toCharArray());
        assertEquals(0, cli.run("profile", "add", "p", "--url", RAILWAY_PG).code());
        VaultSecretStore vault = new VaultSecretStore(home.resolve("vault.json"));
        vault.unlock("typed-master".toCharArray());
        assertEquals(Optional.of("pAss-1st"), vault.password("p"));

        CliRun mismatch = new CliRun(home.resolve("other"));
        String[] answers = {"one", "two"};
        int[] asked = {0};
        mismatch.prompt = prompt -> Optional.of(answers[asked[0]++].toCharArray());
        CliRun.Result r = mismatch.run("profile", "add", "p", "--url", RAILWAY_PG);
        assertEquals(1, r.code());
        assertTrue(r.errorLine().contains("differ"), r.err());
    }

    @Test
    void importReadsRailwayVariablesFromStdinAndWarnsOnStderr() {
        String block = """
                DATABASE_PUBLIC_URL="postgresql://postgres:pw@pgbouncer.proxy.rlwy.net:11111/railway"
                DATABASE_PUBLIC_UNPOOLED_URL="postgresql://postgres:pw@postgres.proxy.rlwy.net:22222/railway"
                """;
        CliRun.Result r = new CliRun(home).runWithStdin(block, "profile", "import", "pooled", "--vars", "-", "--secret", "ask");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("direct connection postgres.proxy.rlwy.net:22222"), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("railyard: warning: ") && l.contains("DATABASE_PUBLIC_UNPOOLED_URL")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("not saved (--secret ask)")), r.err());
        JsonNode shown = new CliRun(home).run("profile", "show", "pooled", "--json").json();
        assertEquals(22222, shown.path("unpooledPort").asInt());

        CliRun.Result broken = new CliRun(home).runWithStdin("PGHOST=h\nPGPASSWORD=\"open\n", "profile", "import", "x", "--vars", "-");
        assertEquals(1, broken.code());
        assertTrue(broken.errorLine().contains("Line 2 (PGPASSWORD) opens a quote"), broken.err());

        CliRun.Result missing = new CliRun(home).run("profile", "import", "x", "--vars", home.resolve("nope.env").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.errorLine().contains("no such file"), missing.err());
    }

    @Test
    void privateNetworkUrlIsSavedWithAWarning() {
        CliRun.Result r = new CliRun(home).run("profile", "add", "internal", "--secret", "ask",
                "--url", "postgresql://postgres:pw@postgres.railway.internal:5432/railway");
        assertEquals(0, r.code());
        assertTrue(r.err().startsWith("railyard: warning: postgres.railway.internal is on Railway's private network"), r.err());
        assertTrue(r.err().contains("railway connect --tunnel-only"), r.err());
    }

    @Test
    void existingNameNeedsReplace() {
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "p", "--secret", "ask", "--url", "postgresql://h/a").code());
        CliRun.Result again = cli.run("profile", "add", "p", "--secret", "ask", "--url", "postgresql://h/b");
        assertEquals(1, again.code());
        assertTrue(again.errorLine().contains("--replace"), again.err());
        CliRun.Result replaced = cli.run("profile", "add", "p", "--secret", "ask", "--replace", "--url", "postgresql://h/b",
                "--ssl", "disable");
        assertEquals(0, replaced.code(), replaced.toString());
        JsonNode shown = cli.run("profile", "show", "p", "--json").json();
        assertEquals("b", shown.path("database").asText());
        assertEquals("disable", shown.path("sslMode").asText());

        CliRun.Result badName = cli.run("profile", "add", "a/b", "--secret", "ask", "--url", "postgresql://h/b");
        assertEquals(2, badName.code());
        assertTrue(badName.errorLine().contains("cannot be a profile name"), badName.err());

        CliRun.Result otherCase = cli.run("profile", "add", "P", "--secret", "ask", "--url", "postgresql://h/c");
        assertEquals(2, otherCase.code(), otherCase.toString());
        assertTrue(otherCase.errorLine().contains("differ only in case"), otherCase.err());
        assertEquals(1, cli.run("profile", "list", "--json").json().size());
    }

    @Test
    void newerProfilesFileIsReportedAndNotOverwritten() throws IOException {
        Path file = home.resolve("profiles.json");
        String newer = "{\"version\": 9, \"profiles\": []}";
        Files.writeString(file, newer);
        CliRun.Result r = new CliRun(home).run("profile", "add", "p", "--secret", "ask", "--url", "postgresql://h/a");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("newer Railyard"), r.err());
        assertEquals(newer, Files.readString(file));
    }

    @Test
    void corruptProfilesFileIsKeptAsideAndListStillWorks() throws IOException {
        Files.writeString(home.resolve("profiles.json"), "not json at all");
        CliRun.Result r = new CliRun(home).run("profile", "list");
        assertEquals(0, r.code());
        assertTrue(r.err().startsWith("railyard: warning: profiles.json could not be read"), r.err());
        try (Stream<Path> files = Files.list(home)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("profiles.json.broken-")));
        }
    }

    @Test
    void keychainIsUsedWhenSecretToolAnswers() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path store = home.resolve("keyring.txt");
        Path tool = bin.resolve("secret-tool");
        Files.writeString(tool, """
                #!/bin/sh
                case "$1" in
                  store) cat > "%1$s" ;;
                  lookup) [ "$3" = railyard ] && [ "$4" = profile ] && [ -f "%1$s" ] && cat "%1$s" || exit 1 ;;
                  clear) rm -f "%1$s" ;;
                esac
                """.formatted(store));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        CliRun cli = new CliRun(home);
        cli.env.put("PATH", bin.toString());
        CliRun.Result r = cli.run("profile", "add", "k", "--url", RAILWAY_PG);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Password kept in: OS keychain"), r.out());
        assertEquals("pAss-1st", Files.readString(store));
        assertFalse(Files.exists(home.resolve("vault.json")));
        assertEquals(0, cli.run("profile", "remove", "k").code());
        assertFalse(Files.exists(store));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
