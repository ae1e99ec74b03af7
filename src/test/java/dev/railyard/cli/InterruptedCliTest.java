package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.ChildCli;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) on a real CLI process: the job is cancelled and cleans up before the process ends. */
@Timeout(300)
class InterruptedCliTest {

    @TempDir
    Path dir;

    /** Blocks until {@code done} holds for the folder (checked at each change in it), at most two minutes. */
    private static void awaitIn(Path folder, Predicate<Path> done) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!done.test(folder)) {
                WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (key == null) {
                    throw new AssertionError("waited two minutes in " + folder + " for a condition that never held");
                }
                key.pollEvents();
                key.reset();
            }
        }
    }

    private static boolean anyEndsWith(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(suffix));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void interrupt(Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT");
    }

    private static void awaitEnd(ChildCli.Started started) throws Exception {
        assertTrue(started.process().waitFor(60, TimeUnit.SECONDS), "the CLI did not end after Ctrl-C:\n" + started.output());
        assertNotEquals(0, started.process().exitValue(), started.output());
    }

    private static boolean databaseExists(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Test
    void ctrlCDuringABackupLeavesNoPartialFileAndDuringARestoreNoNewDatabase() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("sigint");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id int PRIMARY KEY, payload text)");
            s.execute("INSERT INTO events SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 300000) g");
        }
        Path home = dir.resolve("home");
        Path work = dir.resolve("work");
        ChildCli child = new ChildCli(home, work, Map.of());
        // A run killed earlier left its option file; the next start sweeps it.
        Path run = home.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("my-" + Integer.MAX_VALUE + "-dead.cnf"), "[client]\npassword=old\n");

        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ZERO)) {
            String url = "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + db + "?sslmode=disable";
            assertEquals(0, new CliRun(home).run("profile", "add", "shop", "--secret", "ask", "--url", url).code());
            Path folder = home.resolve("backups").resolve("shop");
            Files.createDirectories(folder);

            ChildCli.Started backup = child.start("backup", "create", "--profile", "shop", "--engine", "builtin", "--jobs", "2");
            awaitIn(folder, f -> anyEndsWith(f, ".partial"));
            proxy.pause(); // the server "stalls": the backup cannot finish before the signal
            interrupt(backup.process());
            awaitEnd(backup);
            proxy.resume();
            assertEquals(List.of(), names(folder), "nothing is left of the cancelled backup:\n" + backup.output());
            assertEquals(List.of(), names(run), "the dead run's option file is swept at start");

            // A restore into a new database, interrupted while it loads.
            Path file = work.resolve("events.sql.gz");
            CliRun.Result made = new CliRun(home).run("backup", "create", "--profile", "shop", "--out", file.toString());
            assertEquals(0, made.code(), made.toString());
            String copy = "sigint_copy_" + Long.toHexString(System.nanoTime());
            String target = "postgresql://postgres@127.0.0.1:" + proxy.port() + "/postgres?sslmode=disable";
            ChildCli.Started restore = child.start("backup", "restore", file.toString(), "--to-url", target,
                    "--create-database", copy);
            awaitIn(work, f -> {
                try {
                    return restore.output().contains("Restoring");
                } catch (IOException e) {
                    return false;
                }
            });
            proxy.pause();
            interrupt(restore.process());
            proxy.resume(); // the drop goes through the same address
            awaitEnd(restore);
            assertFalse(databaseExists(pg, copy), "the half-restored database is dropped:\n" + restore.output());
        }
    }

    @Test
    void ctrlCDuringANativeMariadbBackupLeavesNoOptionFile() throws Exception {
        MysqlServer mysql = MysqlServer.shared();
        String db = mysql.createDatabase("sigint");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id int PRIMARY KEY, payload text)");
            s.execute("INSERT INTO events VALUES (1, repeat(md5(1), 4))");
            for (int i = 0; i < 18; i++) {
                s.execute("SET @m = (SELECT max(id) FROM events)");
                s.execute("INSERT INTO events SELECT id + @m, repeat(md5(id + @m), 4) FROM events");
            }
        }
        Path home = dir.resolve("home");
        Path work = dir.resolve("work");
        ChildCli child = new ChildCli(home, work, Map.of());
        try (LatencyProxy proxy = new LatencyProxy(mysql.port(), Duration.ZERO)) {
            String url = "mysql://root@127.0.0.1:" + proxy.port() + "/" + db + "?sslMode=DISABLED";
            Path out = work.resolve("out");
            Files.createDirectories(out);
            ChildCli.Started backup = child.start("backup", "create", "--url", url, "--engine", "native", "--out",
                    out.resolve("events.sql.zst").toString());
            awaitIn(out, f -> anyEndsWith(f, ".partial"));
            proxy.pause();
            interrupt(backup.process());
            awaitEnd(backup);
            proxy.resume();
            assertEquals(List.of(), names(out), "no partial file:\n" + backup.output());
            assertEquals(List.of(), names(home.resolve("run")), "no option file:\n" + backup.output());
        }
    }
}
