package dev.railyard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads, without initializing them, the classes every command needs, in the run that writes the
 * launcher's class-data archive for commands (it asks with {@code -Drailyard.archive=cli}). The
 * JVM archives the classes a run loaded: without this, a first run of {@code railyard profile
 * add} made an archive without the backup engines, the restore and the drivers, and every later
 * backup loaded them from the jar (0.2-0.3 s of CPU each time). The window's archive is left as
 * its first run makes it: mapped, a bigger one adds to the window's memory (about 15 MB).
 */
final class ArchivePreload {

    /** What the commands use: Railyard's own classes, the drivers, compression, JSON, logging. */
    private static final List<String> CLI = List.of("dev/railyard/", "org/postgresql/", "com/mysql/cj/",
            "com/github/luben/zstd/", "com/zaxxer/hikari/", "com/fasterxml/jackson/", "org/slf4j/");
    /** Left out: the window's classes, and the X protocol of MySQL's driver (never used). */
    private static final List<String> LEFT_OUT = List.of("dev/railyard/ui/", "com/mysql/cj/x/", "com/mysql/cj/xdevapi/");

    private ArchivePreload() {
    }

    /** Whether this run writes the commands' archive. */
    static boolean requested() {
        return "cli".equals(System.getProperty("railyard.archive"));
    }

    /** Loads the classes of this jar the commands need; those that cannot load are passed over. */
    static List<String> load() {
        Path jar;
        try {
            jar = Path.of(ArchivePreload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return List.of();
        }
        if (!jar.toString().endsWith(".jar")) {
            return List.of(); // classes from a folder (the tests): no archive to fill
        }
        return load(jar, ArchivePreload.class.getClassLoader());
    }

    /** As above, the classes of {@code jar} through {@code loader}; the names of those it loaded. */
    static List<String> load(Path jar, ClassLoader loader) {
        List<String> loaded = new java.util.ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.contains("module-info") || name.startsWith("META-INF/")
                        || CLI.stream().noneMatch(name::startsWith) || LEFT_OUT.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(className, false, loader);
                    loaded.add(className);
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class of an optional dependency that is not in the jar: not needed here either.
                }
            }
        } catch (IOException e) {
            return loaded;
        }
        return loaded;
    }
}
