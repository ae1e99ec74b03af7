package dev.railyard.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices files that other Railyard processes change — profiles.json written by the command
 * line, a backup a CI job put into the catalog — so an open window shows them. It looks at each
 * watched path's modification time and size (for a folder: the folder's own, which changes when a
 * file in it is added, removed or renamed) once per period on one owned, named thread: a few stat
 * calls a second, and no platform-specific watch service that misses network disks.
 */
public final class ChangeWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

    private final ScheduledExecutorService thread;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    /** One watched path: where it is now (it may move, as the selected profile changes), and what it looked like. */
    private static final class Watch {
        final Supplier<Path> path;
        final Runnable onChange;
        volatile Path lastPath;
        volatile String lastSeen;

        Watch(Supplier<Path> path, Runnable onChange) {
            this.path = path;
            this.onChange = onChange;
        }
    }

    /** A registration; closing it stops the watch. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public ChangeWatcher(Duration period) {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "railyard-change-watcher");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(50, period.toMillis());
        thread.scheduleWithFixedDelay(this::look, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code onChange} (on the watcher's thread) whenever the path {@code path} gives changes,
     * and once when {@code path} starts giving another path: the owner read the new path when it
     * switched, but another process may have changed it between that read and this thread's next
     * look, and taking the new path's state silently would lose that change. A null path is not
     * watched.
     */
    public Registration watch(Supplier<Path> path, Runnable onChange) {
        Watch watch = new Watch(Objects.requireNonNull(path), Objects.requireNonNull(onChange));
        watch.lastPath = path.get();
        watch.lastSeen = signature(watch.lastPath);
        watches.add(watch);
        return () -> watches.remove(watch);
    }

    private void look() {
        for (Watch watch : watches) {
            try {
                Path now = watch.path.get();
                String seen = signature(now);
                boolean moved = !Objects.equals(now, watch.lastPath);
                boolean changed = moved ? now != null : !Objects.equals(seen, watch.lastSeen);
                watch.lastPath = now;
                watch.lastSeen = seen;
                if (changed) {
                    watch.onChange.run();
                }
            } catch (RuntimeException e) {
                LOG.debug("A change watch failed; it goes on", e);
            }
        }
    }

    private static String signature(Path path) {
        if (path == null) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
