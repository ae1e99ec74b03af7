package dev.railyard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run that writes the launcher's class-data archive for commands loads what every command
 * needs (the JVM archives what a run loaded): Railyard's engines and the drivers; not the
 * window's classes, nor the driver's unused X protocol.
 */
class ArchivePreloadTest {

    @Test
    void theCommandsArchiveGetsTheEnginesAndDriversButNotTheWindow(@TempDir Path dir) throws Exception {
        List<Class<?>> classes = List.of(dev.railyard.backup.postgres.PgRestore.class, dev.railyard.ui.RailyardApp.class,
                org.postgresql.Driver.class, com.mysql.cj.jdbc.Driver.class, com.mysql.cj.x.protobuf.Mysqlx.class,
                com.github.luben.zstd.Zstd.class, org.junit.jupiter.api.Test.class);
        Path jar = dir.resolve("railyard.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                String name = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (var in = type.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("dev/railyard/Missing.class")); // not a class: passed over
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertEquals(List.of("dev.railyard.backup.postgres.PgRestore", "org.postgresql.Driver", "com.mysql.cj.jdbc.Driver",
                    "com.github.luben.zstd.Zstd"), ArchivePreload.load(jar, loader));
        }
    }
}
