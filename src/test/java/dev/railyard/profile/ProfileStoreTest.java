package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.home.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {

    @TempDir
    Path home;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T10:15:30Z"), ZoneOffset.UTC);

    private ConnectionProfile profile(String name) {
        return RailwayUrls.parseUrl("postgresql://postgres:pw@roundhouse.proxy.rlwy.net:12345/railway")
                .toProfile(name, EnvironmentTag.PRODUCTION);
    }

    @Test
    void profilesSurviveARestartAndListenersHearChanges() {
        Path file = home.resolve("profiles.json");
        ProfileStore store = new ProfileStore(file, CLOCK);
        AtomicInteger changes = new AtomicInteger();
        store.addListener(changes::incrementAndGet);
        store.save(profile("b"));
        store.save(profile("a").withEnvironment(EnvironmentTag.DEVELOPMENT));
        store.save(ConnectionProfile.of("c", Dialect.MYSQL, "monorail.proxy.rlwy.net", 23456, "railway", "root"));
        assertTrue(store.remove("c"));
        assertEquals(4, changes.get());

        ProfileStore again = new ProfileStore(file, CLOCK);
        assertEquals(List.of("b", "a"), again.list().stream().map(ConnectionProfile::name).toList(),
                "production first, then by name");
        assertEquals(profile("b"), again.find("b").orElseThrow());
        assertTrue(again.problem().isEmpty());
    }

    @Test
    void crashHalfwayThroughAWriteLeavesThePreviousFileIntact() throws Exception {
        Path file = home.resolve("profiles.json");
        ProfileStore store = new ProfileStore(file, CLOCK);
        store.save(profile("kept"));
        byte[] before = Files.readAllBytes(file);

        IOException crash = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("{\"version\":1,\"profiles\":[{\"name\":\"half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full (simulated)");
        }, true));
        assertEquals("disk full (simulated)", crash.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(home)) {
            // The lock file that processes share stays by design; a temp file must not.
            assertEquals(List.of(file), files.filter(f -> !f.getFileName().toString().endsWith(".lock")).toList(),
                    "no temp file left behind");
        }
        ProfileStore reread = new ProfileStore(file, CLOCK);
        assertEquals(List.of("kept"), reread.list().stream().map(ConnectionProfile::name).toList());
        assertTrue(reread.problem().isEmpty());
    }

    @Test
    void corruptFileIsKeptAsideAndReported() throws Exception {
        Path file = home.resolve("profiles.json");
        Files.writeString(file, "{\"version\":1,\"profiles\":[{\"name\":\"x\"");
        ProfileStore store = new ProfileStore(file, CLOCK);
        String problem = store.problem().orElseThrow();
        Path aside = home.resolve("profiles.json.broken-20261105-101530");
        assertTrue(problem.contains(aside.toString()), problem);
        assertEquals("{\"version\":1,\"profiles\":[{\"name\":\"x\"", Files.readString(aside));
        assertFalse(store.isReadOnly());
        store.save(profile("fresh"));
        assertEquals("{\"version\":1,\"profiles\":[{\"name\":\"x\"", Files.readString(aside), "the copy is never overwritten");
    }

    @Test
    void unreadableProfileIsReportedAndTheRestLoad() throws Exception {
        Path file = home.resolve("profiles.json");
        ProfileStore store = new ProfileStore(file, CLOCK);
        store.save(profile("good"));
        String text = Files.readString(file).replace("\"profiles\" : [", "\"profiles\" : [ {\"name\":\"bad\",\"port\":-4},");
        Files.writeString(file, text);
        ProfileStore reread = new ProfileStore(file, CLOCK);
        assertEquals(List.of("good"), reread.list().stream().map(ConnectionProfile::name).toList());
        assertTrue(reread.problem().orElseThrow().contains("bad"), reread.problem().orElseThrow());
    }

    @Test
    void newerVersionTurnsTheStoreReadOnlyAndNeverRewritesIt() throws Exception {
        Path file = home.resolve("profiles.json");
        ProfileStore store = new ProfileStore(file, CLOCK);
        store.save(profile("old"));
        String newer = Files.readString(file).replace("\"version\" : 1", "\"version\" : 7");
        Files.writeString(file, newer);

        ProfileStore reread = new ProfileStore(file, CLOCK);
        assertTrue(reread.isReadOnly());
        assertTrue(reread.problem().orElseThrow().contains("newer Railyard"));
        assertEquals(List.of("old"), reread.list().stream().map(ConnectionProfile::name).toList(), "still readable");
        assertThrows(IllegalStateException.class, () -> reread.save(profile("new")));
        assertThrows(IllegalStateException.class, () -> reread.remove("old"));
        assertEquals(newer, Files.readString(file));
    }

    @Test
    void requireNamesTheKnownProfiles() {
        ProfileStore store = new ProfileStore(home.resolve("profiles.json"), CLOCK);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> store.require("x"));
        assertTrue(empty.getMessage().contains("railyard profile add"), empty.getMessage());
        store.save(profile("shop"));
        IllegalArgumentException known = assertThrows(IllegalArgumentException.class, () -> store.require("x"));
        assertTrue(known.getMessage().contains("known profiles: shop"), known.getMessage());
    }

    @Test
    void profilesFileNeverHoldsThePasswordOfTheUrl() throws Exception {
        Path file = home.resolve("profiles.json");
        ParsedConnection parsed = RailwayUrls.parseUrl("postgresql://postgres:UniquePw4711@roundhouse.proxy.rlwy.net:12345/railway");
        new ProfileStore(file, CLOCK).save(parsed.toProfile("p", EnvironmentTag.STAGING));
        assertFalse(Files.readString(file).contains("UniquePw4711"));
    }
}
