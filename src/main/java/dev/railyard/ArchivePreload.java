package dev.railyard;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads, without initializing them, the classes the commands load, in the JVM the launcher starts
 * in the background on a command's first run to write the class-data archive ({@code
 * -Drailyard.archive=cli}): the JVM archives the classes a run loaded. The archive used to be
 * written by the first command's own JVM: after a first {@code railyard profile add} every later
 * backup loaded the engines, the restore and the drivers from the jar (0.2-0.3 s of CPU each
 * time), and after a first big backup that JVM went over 200 MB of memory as it wrote it. The
 * classes are those of {@link #LIST}, what the commands were seen to load; the window's archive
 * is still written by its own first run.
 */
final class ArchivePreload {

    /** The list of what the commands load, one class name a line ("#" comments). */
    static final String LIST = "/cds/commands.classlist";

    private ArchivePreload() {
    }

    /** Whether this run writes the commands' archive. */
    static boolean requested() {
        return "cli".equals(System.getProperty("railyard.archive"));
    }

    /** Loads the classes the commands need, when this runs from the jar; those not there are passed over. */
    static List<String> load() {
        try {
            Path jar = Path.of(ArchivePreload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.toString().endsWith(".jar")) {
                return List.of(); // classes from a folder (the tests): no archive to fill
            }
        } catch (Exception e) {
            return List.of();
        }
        return load(ArchivePreload.class.getClassLoader());
    }

    /** As above, through {@code loader}; the names of the classes it loaded. */
    static List<String> load(ClassLoader loader) {
        List<String> loaded = new java.util.ArrayList<>();
        try (java.io.InputStream in = ArchivePreload.class.getResourceAsStream(LIST)) {
            if (in == null) {
                return loaded;
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, false, loader);
                    loaded.add(name);
                } catch (ClassNotFoundException | LinkageError e) {
                    // Renamed or gone since the list was made: it loads from the jar when a command needs it.
                }
            }
        } catch (java.io.IOException e) {
            return loaded;
        }
        return loaded;
    }
}
