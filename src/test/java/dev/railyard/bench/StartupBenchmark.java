package dev.railyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time from launching the window as users do, {@code target/railyard} (the launcher, with its
 * class-data archive), to its first window being shown, on a real X display (Xvfb is started when
 * DISPLAY is not set); then the same for {@code java -jar target/railyard.jar}. The app writes the
 * moment its stage is shown to the file named by -Drailyard.startupProbe. Also prints the window's
 * resident memory a second after it showed. Target (issue #20): 1.5 s.
 */
public final class StartupBenchmark {

    private static final int RUNS = 8;

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("railyard.jar", "target/railyard.jar"));
        Path launcher = jar.resolveSibling("railyard");
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
            if (Files.isExecutable(launcher)) {
                measure("launcher " + launcher, List.of(launcher.toString()), display);
            }
            measure("java -jar " + jar, List.of(javaBinary(), "-jar", jar.toString()), display);
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
    }

    private static void measure(String what, List<String> command, String display) throws Exception {
        List<Long> warm = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        Path home = Files.createTempDirectory("railyard-startup-home");
        long cold = 0;
        for (int i = 0; i < RUNS; i++) {
            // The first run against an empty home is the newcomer's first launch (no class-data archive yet).
            long[] run = launchOnce(command, display, home);
            if (i == 0) {
                cold = run[0];
            } else {
                warm.add(run[0]);
            }
            rss.add(run[1]);
        }
        Collections.sort(warm);
        Collections.sort(rss);
        long median = warm.get(warm.size() / 2);
        System.out.printf("startup, %s: first launch (empty RAILYARD_HOME) %d ms%n", what, cold);
        System.out.printf("startup, %s: later launches median %d ms (min %d, max %d) over %d runs; "
                + "resident memory 1 s after showing: median %d MB; target 1500 ms: %s%n", what, median, warm.get(0),
                warm.get(warm.size() - 1), warm.size(), rss.get(rss.size() / 2), median <= 1500 ? "met" : "NOT met");
    }

    /** Returns {milliseconds from launch to the window shown, resident MB of the JVM a second later}. */
    private static long[] launchOnce(List<String> command, String display, Path home) throws Exception {
        Path probe = Files.createTempFile("railyard-startup", ".txt");
        Files.delete(probe);
        List<String> line = new ArrayList<>(command);
        if (line.get(0).equals(javaBinary())) {
            line.add(1, "-Drailyard.startupProbe=" + probe);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DISPLAY", display);
        builder.environment().put("RAILYARD_HOME", home.toString());
        builder.environment().put("RAILYARD_JAVA_OPTS", "-Drailyard.startupProbe=" + probe);
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
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            TimeUnit.SECONDS.sleep(1);
            // The launcher's first run keeps its shell as the JVM's parent (it moves the archive the JVM writes at exit).
            ProcessHandle jvm = app.toHandle().descendants().findFirst().orElse(app.toHandle());
            long kb = 0;
            for (String status : Files.readAllLines(Path.of("/proc/" + jvm.pid() + "/status"))) {
                if (status.startsWith("VmRSS:")) {
                    kb = Long.parseLong(status.replaceAll("[^0-9]", ""));
                }
            }
            return new long[] {millis, kb / 1024};
        } finally {
            // The launcher passes the stop on to its JVM and waits, so a first run's archive still lands.
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
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
