package dev.railyard.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The railyard CLI in a process of its own ({@code java -cp <this class path> dev.railyard.Main ...}),
 * as a user runs it: its own JVM, shutdown hooks, signals, and the product's logging (dev.railyard.home.LogSetup, not the
 * tests' console logging).
 */
public final class ChildCli {

    private final Path home;
    private final Path work;
    private final Map<String, String> env;

    public ChildCli(Path home, Path work, Map<String, String> env) {
        this.home = home;
        this.work = work;
        this.env = env;
    }

    /** Starts a run; its stdout and stderr go to one file in the work folder. */
    public Started start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.railyard.Main"));
        command.addAll(List.of(args));
        Files.createDirectories(work);
        Path output = Files.createTempFile(work, "cli-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("RAILYARD_HOME", home.toString());
        builder.environment().put("PATH", work.resolve("no-bin") + File.pathSeparator + "/usr/bin:/bin");
        builder.environment().putAll(env);
        return new Started(builder.start(), output);
    }

    /** Runs to its end (at most two minutes) and returns its exit code and output. */
    public Result run(String... args) throws IOException, InterruptedException {
        Started started = start(args);
        if (!started.process().waitFor(120, TimeUnit.SECONDS)) {
            started.process().destroyForcibly();
            throw new AssertionError("railyard " + String.join(" ", args) + " did not end in 2 minutes:\n" + started.output());
        }
        return new Result(started.process().exitValue(), started.output());
    }

    public record Started(Process process, Path outputFile) {
        public String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }
    }

    public record Result(int code, String output) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + output;
        }
    }
}
