package dev.railyard.ui;

import java.time.Duration;
import java.util.concurrent.Executor;
import javafx.animation.PauseTransition;
import javafx.application.Platform;

/**
 * Runs tasks on the FX thread, at most once per interval: a task handed over sooner after the
 * last one waits out the rest of the interval. Callers coalesce on their side (one pending
 * task at a time), so a job reporting progress thousands of times a second costs the FX
 * thread at most a handful of refreshes a second.
 */
public final class ThrottledFxExecutor implements Executor {

    private final long intervalNanos;
    /** Touched only on the FX thread. */
    private boolean ranBefore;
    private long lastRun;

    public ThrottledFxExecutor(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void execute(Runnable task) {
        Platform.runLater(() -> {
            long wait = ranBefore ? lastRun + intervalNanos - System.nanoTime() : 0;
            if (wait <= 0) {
                run(task);
            } else {
                PauseTransition pause = new PauseTransition(javafx.util.Duration.millis(wait / 1_000_000.0));
                pause.setOnFinished(event -> run(task));
                pause.play();
            }
        });
    }

    private void run(Runnable task) {
        ranBefore = true;
        lastRun = System.nanoTime();
        task.run();
    }
}
