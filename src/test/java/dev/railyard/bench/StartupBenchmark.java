package dev.railyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time from launching {@code java -jar target/railyard.jar} to its first window being shown,
 * on a real X display (Xvfb is started when DISPLAY is not set). The app writes the moment
 * its stage is shown to the file named by -Drailyard.startupProbe. Target: under 2 s.
 */
public final class StartupBenchmark {

    private static final int RUNS = 5;

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("railyard.jar", "target/railyard.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Build the jar first: mvn -B -q -DskipTests package (" + jar + " is missing)");
        }
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null || display.isBlank()) {
            display = ":" + (90 + (int) (ProcessHandle.current().pid() % 9));
            xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            waitForDisplay(display);
        }
        try {
            List<Long> cold = new ArrayList<>();
            List<Long> warm = new ArrayList<>();
            Path home = Files.createTempDirectory("railyard-startup-home");
            for (int i = 0; i < RUNS; i++) {
                // The first run against an empty home is the newcomer's first launch.
                long millis = launchOnce(jar, display, home);
                (i == 0 ? cold : warm).add(millis);
            }
            Collections.sort(warm);
            System.out.printf("startup: first launch (empty RAILYARD_HOME) %d ms%n", cold.get(0));
            System.out.printf("startup: later launches median %d ms (min %d, max %d) over %d runs%n",
                    warm.get(warm.size() / 2), warm.get(0), warm.get(warm.size() - 1), warm.size());
            long worst = Math.max(cold.get(0), warm.get(warm.size() / 2));
            System.out.printf("startup: target < 2000 ms: %s%n", worst < 2000 ? "met" : "NOT met");
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
    }

    private static long launchOnce(Path jar, String display, Path home) throws Exception {
        Path probe = Files.createTempFile("railyard-startup", ".txt");
        Files.delete(probe);
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Drailyard.startupProbe=" + probe, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DISPLAY", display);
        builder.environment().put("RAILYARD_HOME", home.toString());
        long start = System.nanoTime();
        Process app = builder.start();
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(probe) || Files.size(probe) == 0) {
                if (System.nanoTime() > deadline || !app.isAlive()) {
                    throw new IllegalStateException("The window did not show within 30 s (exit " + (app.isAlive() ? "-" : app.exitValue()) + ")");
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
            app.destroy();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
            Files.deleteIfExists(probe);
        }
    }

    private static void waitForDisplay(String display) throws IOException, InterruptedException {
        Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Xvfb did not start on " + display + " (apt-get install -y xvfb)");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
