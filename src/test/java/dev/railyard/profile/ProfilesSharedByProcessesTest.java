package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.home.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * profiles.json and the vault are shared by every Railyard process: twenty {@code railyard profile
 * add} runs at once, each a real JVM, lose no profile and no secret.
 */
class ProfilesSharedByProcessesTest {

    private static final int PROCESSES = 20;

    @TempDir
    Path home;

    @Test
    void twentyConcurrentProfileAddsKeepEveryProfileAndSecret() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Path output = home.resolve("out-" + i + ".txt");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), "dev.railyard.Main",
                    "profile", "add", "p" + i, "--secret", "vault", "--url",
                    "postgresql://app:secret-" + i + "@db" + i + ".example.com:5432/railway")
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put("RAILYARD_HOME", home.toString());
            env.put("RAILYARD_VAULT_PASSWORD", "master of twenty");
            env.put("PATH", home.resolve("no-bin").toString()); // no secret-tool: the vault it is
            processes.add(builder.start());
            outputs.add(output);
        }
        for (int i = 0; i < PROCESSES; i++) {
            assertTrue(processes.get(i).waitFor(240, TimeUnit.SECONDS), "railyard profile add p" + i + " did not finish");
            assertEquals(0, processes.get(i).exitValue(),
                    "railyard profile add p" + i + " failed:\n" + Files.readString(outputs.get(i), StandardCharsets.UTF_8));
        }

        Path profilesFile = home.resolve("profiles.json");
        JsonNode root = Json.mapper().readTree(profilesFile.toFile());
        assertEquals(PROCESSES, root.path("profiles").size(), root.toString());
        ProfileStore store = new ProfileStore(profilesFile);
        assertTrue(store.problem().isEmpty(), store.problem().orElse(""));
        assertEquals(IntStream.range(0, PROCESSES).mapToObj(i -> "p" + i).sorted().collect(Collectors.toList()),
                store.list().stream().map(ConnectionProfile::name).sorted().collect(Collectors.toList()));
        assertTrue(Files.readString(profilesFile).indexOf("secret-") < 0, "no password in profiles.json");

        VaultSecretStore vault = new VaultSecretStore(home.resolve("vault.json"));
        vault.unlock("master of twenty".toCharArray());
        for (int i = 0; i < PROCESSES; i++) {
            assertEquals(Optional.of("secret-" + i), vault.password("p" + i), "the secret of p" + i);
        }
    }
}
