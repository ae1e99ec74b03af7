package dev.railyard.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RailyardHomeTest {

    @TempDir
    Path temp;

    @Test
    void railyardHomeVariableWins() {
        RailyardHome home = RailyardHome.resolve(Map.of("RAILYARD_HOME", temp.toString()), "Linux", "/home/x");
        assertEquals(temp.toAbsolutePath(), home.root());
        assertEquals(temp.resolve("profiles.json").toAbsolutePath(), home.profiles());
    }

    @Test
    void defaultsFollowEachOsConvention() {
        assertEquals(Path.of("/home/x/.config/railyard"), RailyardHome.resolve(Map.of(), "Linux", "/home/x").root());
        assertEquals(Path.of("/xdg/railyard"), RailyardHome.resolve(Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux", "/home/x").root());
        assertEquals(Path.of("/Users/x/Library/Application Support/railyard"),
                RailyardHome.resolve(Map.of(), "Mac OS X", "/Users/x").root());
    }

    @Test
    void atomicWriteReplacesContentAndLeavesNoTempFile() throws IOException {
        Path file = temp.resolve("a.json");
        AtomicFiles.writeString(file, "one");
        AtomicFiles.writeString(file, "two");
        assertEquals("two", Files.readString(file));
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aCrashMidWriteLeavesThePreviousContent() throws IOException {
        Path file = temp.resolve("profiles.json");
        AtomicFiles.writeString(file, "previous");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new con".getBytes());
            throw new IOException("power cut");
        }, false));
        assertEquals("previous", Files.readString(file));
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count(), "the temp file must be gone");
        }
    }

    @Test
    void privateFilesAreOwnerOnly() throws IOException {
        Path file = temp.resolve("secret");
        AtomicFiles.writePrivateString(file, "x");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.isReadable(file));
    }
}
