package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script (src/main/launcher/railyard) and its class-data archive, run with a
 * stand-in {@code java} that records its arguments: the archive is written by the first command
 * that loads Railyard's libraries, never by --version or --help, which load a small part of them.
 */
class LauncherScriptTest {

    private static final Path SCRIPT = Path.of("src", "main", "launcher", "railyard");

    @TempDir
    Path dir;

    @Test
    void versionAndHelpNeverWriteTheArchiveTheFirstCommandDoes() throws Exception {
        Path home = dir.resolve("home");
        Path archives = home.resolve("cache");

        List<String> version = launch(home, "--version");
        assertFalse(version.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=")), version.toString());
        launch(home, "--help");
        launch(home, "-V", "-h");
        assertEquals(List.of(), archives(archives), "--version and --help wrote no archive");

        List<String> list = launch(home, "profile", "list");
        assertFalse(list.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=")), "the command runs as any other: " + list);
        // A JVM of its own writes it, loading what every command needs (ArchivePreload), with the command's bounds.
        List<String> archiver = archiver(home);
        assertTrue(archiver != null && archiver.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="))
                && archiver.contains("-Xmx256m"), String.valueOf(archiver));
        assertEquals(1, archives(archives).size(), archives(archives).toString());

        List<String> again = launch(home, "--version");
        assertTrue(again.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), "--version uses the archive: " + again);
        assertTrue(again.stream().noneMatch(a -> a.startsWith("-Drailyard.archive")), again.toString());
        assertEquals(List.of("-jar", dir.resolve("bin").resolve("railyard.jar").toString(), "--version"),
                again.subList(again.size() - 3, again.size()));
    }

    /** The window (no command) gets a larger heap and a class-data archive of its own: JavaFX's classes, not the CLI's. */
    @Test
    void theWindowHasItsOwnHeapAndArchive() throws Exception {
        Path home = dir.resolve("home");
        launch(home, "profile", "list");
        archiver(home);
        List<String> window = launch(home);
        assertTrue(window.contains("-Xmx512m") && window.contains("-XX:SurvivorRatio=2"), window.toString());
        assertTrue(window.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=") && a.contains("-window.jsa")),
                "the window writes its own archive, not the command line's: " + window);
        assertTrue(window.stream().noneMatch(a -> a.startsWith("-Drailyard.archive")), "its own classes only: " + window);
        assertEquals(2, archives(home.resolve("cache")).size(), archives(home.resolve("cache")).toString());
        List<String> again = launch(home);
        assertTrue(again.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=") && a.contains("-window.jsa")), again.toString());
        List<String> command = launch(home, "profile", "list");
        assertTrue(command.contains("-Xmx256m") && command.stream().noneMatch(a -> a.contains("-window.jsa")), command.toString());
        // Restores keep 1 MB statements in flight: with the default survivor spaces they went to the old generation.
        assertTrue(command.contains("-XX:SurvivorRatio=2"), command.toString());
    }

    /**
     * A run whose script was killed leaves a part-written archive of some 30 MB: the next run that
     * writes one removes those whose writer is gone, and leaves a running writer's alone.
     */
    @Test
    void partWrittenArchivesOfDeadRunsAreRemoved() throws Exception {
        Path home = dir.resolve("home");
        Path cache = Files.createDirectories(home.resolve("cache"));
        launch(home, "profile", "list");
        archiver(home);
        String archive = archives(cache).get(0);
        Files.delete(cache.resolve(archive));
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.writeString(cache.resolve(archive + "." + dead.pid() + ".tmp"), "part");
        Path running = Files.writeString(cache.resolve(archive + "." + ProcessHandle.current().pid() + ".tmp"), "part");
        launch(home, "profile", "list");
        archiver(home);
        assertFalse(Files.exists(stale), archives(cache).toString());
        assertTrue(Files.exists(running), archives(cache).toString());
        assertTrue(Files.exists(cache.resolve(archive)), archives(cache).toString());
    }

    /**
     * The first run of the window writes the archive as the JVM exits. A stop signal for the launcher
     * (a logout, a kill) reaches the JVM, and the launcher waits for it and puts the archive in place;
     * the command's standard input reaches the JVM too.
     */
    @Test
    void aStoppedFirstRunStillPutsItsArchiveInPlace() throws Exception {
        Path home = dir.resolve("home");
        Path input = dir.resolve("stdin-seen");
        Path started = dir.resolve("started");
        // Like the JVM: runs until TERM, then writes the archive it was asked for and exits 143.
        ProcessBuilder builder = launcher(dir.resolve("bin"), home, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in "
                + "-XX:ArchiveClassesAtExit=*) out=${a#*=} ;; esac; done\n"
                + "read line; printf '%s' \"$line\" > '" + input + "'\n"
                + "trap 'printf archive > \"$out\"; exit 143' TERM\n"
                + ": > '" + started + "'\nwhile :; do sleep 0.05; done\n");
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().write("typed\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertTrue(Files.exists(started), "the stand-in JVM started");
        process.destroy(); // TERM to the launcher only
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the launcher ended after its JVM");
        assertEquals(143, process.exitValue(), "the JVM's exit status");
        assertEquals("typed", Files.readString(input), "standard input reached the JVM");
        List<String> written = archives(home.resolve("cache"));
        assertTrue(written.size() == 1 && written.get(0).endsWith("-window.jsa"), "the archive, in place: " + written);
    }

    /**
     * C2 compiles the ciphers and digests only (railyard-jit.json beside the jar, in a folder whose
     * name has a space), C1 the rest; without the file, C1 compiles everything. The real JVM takes
     * the file and prints nothing on stdout for it (a command's --json output stays clean).
     */
    @Test
    void theCompilerDirectivesTravelBesideTheJarAndTheJvmTakesThemQuietly() throws Exception {
        Path home = dir.resolve("home");
        List<String> without = launch(home, "profile", "list");
        assertTrue(without.contains("-XX:TieredStopAtLevel=1"), without.toString());
        assertFalse(without.stream().anyMatch(a -> a.startsWith("-XX:CompilerDirectivesFile=")), without.toString());

        Path spaced = Files.createDirectories(dir.resolve("with space"));
        Path json = spaced.resolve("railyard-jit.json");
        Files.copy(Path.of("src", "main", "launcher", "railyard-jit.json"), json);
        List<String> with = launch(spaced, home, "profile", "list");
        assertTrue(with.contains("-XX:CompilerDirectivesFile=" + json), with.toString());
        assertTrue(with.contains("-XX:+UnlockDiagnosticVMOptions") && with.contains("-XX:-DisplayVMOutput"), with.toString());
        assertTrue(with.contains("-XX:CompileCommand=CompileThresholdScaling,com/sun/crypto/provider/*.*,0.05"),
                "the pattern reaches the JVM unexpanded: " + with);
        assertFalse(with.contains("-XX:TieredStopAtLevel=1"), "C2 may compile what the file allows: " + with);
        assertTrue(launch(spaced, home).contains("-XX:CompilerDirectivesFile=" + json), "the window too");
        List<String> version = launch(spaced, home, "--version");
        assertTrue(version.contains("-XX:TieredStopAtLevel=1") && version.stream().noneMatch(a -> a.contains("Directives")),
                "--version loads no cipher: C1 alone, no C2 threads started for nothing: " + version);

        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput", "-XX:CompilerDirectivesFile=" + json,
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=CompileThresholdScaling,com/sun/crypto/provider/*.*,0.05",
                "-version").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, jvm.exitValue(), "the JVM refused the directives file");
        assertEquals("", stdout, "nothing on stdout");
    }

    /**
     * Each pattern of railyard-jit.json that names one method names one that exists: a renamed method
     * would silently fall back to C1 (the restore's scan for the end of COPY data is 0.36 s of CPU).
     */
    @Test
    void theCompilerDirectivesNameMethodsThatExist() throws Exception {
        String json = Files.readString(Path.of("src", "main", "launcher", "railyard-jit.json"));
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("\"([\\w/$]+)\\.(\\w+)\"").matcher(json);
        int checked = 0;
        while (named.find()) {
            Class<?> type = Class.forName(named.group(1).replace('/', '.'), false, getClass().getClassLoader());
            String method = named.group(2);
            assertTrue(java.util.Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(method)),
                    type.getName() + " has no method " + method);
            checked++;
        }
        assertTrue(checked > 0, "the file names the restore's scan: " + json);
    }

    private static List<String> archives(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs the launcher beside an empty railyard.jar; returns the arguments the stand-in java got for the command. */
    private List<String> launch(Path home, String... args) throws Exception {
        return launch(dir.resolve("bin"), home, args);
    }

    /**
     * As above, the launcher and the jar in {@code folder}. A command's first run also starts, in the
     * background, a JVM that writes the archive: its arguments are not the command's (see {@link #archiver}).
     */
    private List<String> launch(Path folder, Path home, String... args) throws Exception {
        Path records = Files.createDirectories(dir.resolve("java-args"));
        clear(records);
        // One argument a line, a file a JVM; an archive asked for is written, as the JVM writes it at exit.
        ProcessBuilder builder = launcher(folder, home, "#!/bin/sh\nf='" + records + "'/$$\n: > \"$f.part\"\n"
                + "for a in \"$@\"; do\n  printf '%s\\n' \"$a\" >> \"$f.part\"\n"
                + "  case \"$a\" in -XX:ArchiveClassesAtExit=*) printf 'archive' > \"${a#*=}\" ;; esac\ndone\n"
                + "mv \"$f.part\" \"$f\"\n", args);
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(0, process.exitValue(), output);
        List<List<String>> commands = new java.util.ArrayList<>();
        for (List<String> jvm : jvms(records)) {
            if (!jvm.contains("-Drailyard.archive=cli")) {
                commands.add(jvm);
            }
        }
        assertEquals(1, commands.size(), "one JVM ran the command: " + commands);
        return commands.get(0);
    }

    /** The arguments of the background JVM that writes the commands' archive, once it has written it; null when none ran. */
    private List<String> archiver(Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (List<String> jvm : jvms(dir.resolve("java-args"))) {
                if (jvm.contains("-Drailyard.archive=cli") && archives(home.resolve("cache")).stream().anyMatch(a -> a.endsWith(".jsa"))) {
                    return jvm;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return null;
    }

    private static List<List<String>> jvms(Path records) throws IOException {
        List<List<String>> all = new java.util.ArrayList<>();
        try (var files = Files.list(records)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".part")).toList()) {
                all.add(Files.readAllLines(file));
            }
        }
        return all;
    }

    private static void clear(Path records) throws IOException {
        try (var files = Files.list(records)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * The launcher copied into {@code folder} beside an empty railyard.jar, ready to start with
     * {@code args}: {@code java} on its PATH is the shell script {@code fakeJava}.
     */
    private ProcessBuilder launcher(Path folder, Path home, String fakeJava, String... args) throws IOException {
        Path bin = Files.createDirectories(folder);
        Path launcher = bin.resolve("railyard");
        Files.copy(SCRIPT, launcher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        if (!Files.exists(bin.resolve("railyard.jar"))) {
            Files.createFile(bin.resolve("railyard.jar"));
        }
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        Path java = fakeBin.resolve("java");
        Files.writeString(java, fakeJava);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder(launcher.toString());
        builder.command().addAll(List.of(args));
        Map<String, String> env = builder.environment();
        env.put("PATH", fakeBin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("RAILYARD_HOME", home.toString());
        env.remove("RAILYARD_CDS");
        env.remove("RAILYARD_JAVA_OPTS");
        return builder;
    }
}
