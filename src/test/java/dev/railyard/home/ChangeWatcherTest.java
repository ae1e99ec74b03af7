package dev.railyard.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeWatcherTest {

    @TempDir
    Path folder;

    @Test
    void aFileWrittenByAnotherProcessIsNoticed() throws Exception {
        Path file = folder.resolve("profiles.json");
        CountDownLatch seen = new CountDownLatch(1);
        try (ChangeWatcher watcher = new ChangeWatcher(Duration.ofMillis(50))) {
            watcher.watch(() -> file, seen::countDown);
            Files.writeString(file, "{}");
            assertTrue(seen.await(5, TimeUnit.SECONDS), "a new file is a change");
        }
    }

    /**
     * The owner switches the watched path (another profile selected) and reads the new folder; another
     * process then writes into it before the watcher's next look. That write must still be reported:
     * taking the new folder's state as the starting point silently would leave the window stale.
     */
    @Test
    void aChangeBetweenThePathSwitchAndTheNextLookIsReported() throws Exception {
        Path first = Files.createDirectory(folder.resolve("one"));
        Path second = folder.resolve("two");
        AtomicReference<Path> watched = new AtomicReference<>(first);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch seen = new CountDownLatch(1);
        // Counts the watcher's looks once it has reported: each look asks the supplier for the path.
        AtomicReference<CountDownLatch> laterLooks = new AtomicReference<>();
        // A long period, so the switch and the write both happen before the watcher looks.
        try (ChangeWatcher watcher = new ChangeWatcher(Duration.ofMillis(400))) {
            watcher.watch(() -> {
                CountDownLatch looks = laterLooks.get();
                if (looks != null) {
                    looks.countDown();
                }
                return watched.get();
            }, () -> {
                calls.incrementAndGet();
                seen.countDown();
            });
            watched.set(second);
            Files.createDirectory(second);
            Files.writeString(second.resolve("backup.manifest.json"), "{}");
            assertTrue(seen.await(5, TimeUnit.SECONDS), "the switch to another path is reported once");
            CountDownLatch threeMore = new CountDownLatch(3);
            laterLooks.set(threeMore);
            assertTrue(threeMore.await(5, TimeUnit.SECONDS), "the watcher goes on looking");
            assertEquals(1, calls.get(), "an unchanged path is not reported again");
        }
    }
}
