package dev.railyard.ui.console;

import dev.railyard.console.ConsoleHistory;
import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.db.Dialect;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobRunner;
import dev.railyard.ui.UiQueue;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A 10-million-row {@code generate_series} through the SQL tab's model, scrolled to the end page
 * by page (as a user holding the scroll bar at the bottom would), then read back at the top and
 * the middle: prints the time to the first page, the total, the spool file's size and the heap.
 * Meant for a bounded heap: {@code java -Xmx512m -cp <test class path>
 * dev.railyard.ui.console.ConsoleResultBenchmark} (or through Benchmarks as "console-10m").
 */
public final class ConsoleResultBenchmark {

    private static final long ROWS = 10_000_000L;

    private ConsoleResultBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "  max heap %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        Path home = Files.createTempDirectory("console-bench");
        ProductionGuard guard = new ProductionGuard(List::of);
        ConnectionProfile profile = ConnectionProfile.of("bench", Dialect.POSTGRESQL, "127.0.0.1", pg.port(), "postgres",
                "postgres");
        UiQueue ui = new UiQueue();
        JobRunner runner = new JobRunner(2, 8, null, Clock.systemUTC());
        SqlConsoleModel model = new SqlConsoleModel(profile, guard,
                (p, write) -> ConsoleSession.open(guard, p, null, write, ConsoleSettings.defaults()), runner, runner, ui,
                Runnable::run, new ConsoleHistory(home.resolve("history.jsonl")), home.resolve("results"),
                Clock.systemUTC());
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        long start = System.nanoTime();
        model.runAll("SELECT g AS id, 'row number ' || g AS label, g * 1.5 AS amount FROM generate_series(1, " + ROWS + ") g");
        ui.runUntil(() -> !model.runningProperty().get(), Duration.ofMinutes(5));
        ResultModel result = model.results().get(0);
        System.out.printf(Locale.ROOT, "  first page (%,d rows) on screen after %.2f s%n", result.rowsProperty().get(),
                (System.nanoTime() - start) / 1e9);
        while (result.stateProperty().get() == ResultModel.State.PAUSED) {
            result.row(result.rowsProperty().get() - 1); // the grid shows the last rows: scrolled to the end
            result.more();
            ui.runUntil(() -> !model.runningProperty().get(), Duration.ofMinutes(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = result.rowsProperty().get();
        Object[] last = result.row(rows - 1);
        Object[] first = result.row(0);
        Object[] middle = result.row(rows / 2);
        long spool;
        try (Stream<Path> files = Files.list(home.resolve("results"))) {
            spool = files.mapToLong(f -> f.toFile().length()).sum();
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "  %,d rows scrolled to the end in %.1f s (%,.0f rows/s), state %s%n", rows, seconds,
                rows / seconds, result.stateProperty().get());
        System.out.printf(Locale.ROOT, "  last row %s, first %s, middle %s%n", List.of(last), List.of(first), List.of(middle));
        System.out.printf(Locale.ROOT, "  spool file %,d MB; heap peak %d MB (sampled every 100 ms), after GC %d MB%n",
                spool >> 20, peak.get() >> 20, after >> 20);
        sampler.interrupt();
        model.dispose();
        runner.shutdown(Duration.ofSeconds(5));
        if (rows != ROWS) {
            throw new AssertionError("expected " + ROWS + " rows, got " + rows);
        }
    }
}
