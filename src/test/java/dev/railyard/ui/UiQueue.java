package dev.railyard.ui;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the FX thread in model tests: work handed to it waits until the test runs it,
 * so the test decides when results "reach the screen" and waits for them without sleeping.
 */
public final class UiQueue implements Executor {

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs what is queued now, without waiting. */
    public void drain() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }

    /** Runs queued work as it arrives until the condition holds; fails after {@code within}. */
    public void runUntil(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        drain();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Condition not reached within " + within.toMillis() + " ms");
            }
            Runnable task = tasks.poll(left, TimeUnit.NANOSECONDS);
            if (task != null) {
                task.run();
                drain();
            }
        }
    }
}
