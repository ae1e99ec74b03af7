package dev.railyard.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.home.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI against a temp RAILYARD_HOME with captured streams, as a script would. */
final class CliRun {

    final Path home;
    final Map<String, String> env = new HashMap<>();
    ConnectionCheck check = ConnectionCheck.real();
    PasswordPrompt prompt = PasswordPrompt.none();

    CliRun(Path home) {
        this.home = home;
        env.put("RAILYARD_HOME", home.toString());
        env.put("PATH", home.resolve("no-bin").toString()); // no secret-tool: the vault is the default store
    }

    CliRun vaultPassword(String password) {
        env.put("RAILYARD_VAULT_PASSWORD", password);
        return this;
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                prompt, check);
        int code = RailyardCli.run(context, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                // Strict: stdout must be exactly one JSON document.
                return Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not JSON: " + out, e);
            }
        }

        /** stderr as the one line an error must be. */
        String errorLine() {
            String[] lines = err.strip().split("\\R");
            if (lines.length != 1 || !lines[0].startsWith("railyard: ")) {
                throw new AssertionError("expected one 'railyard: ...' line on stderr, got:\n" + err);
            }
            return lines[0];
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
