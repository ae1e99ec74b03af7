package dev.railyard.ui;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/** Executors that hand work to the JavaFX application thread. */
public final class FxThread {

    private FxThread() {
    }

    /** Runs at once when already on the FX thread, otherwise soon on it. */
    public static Executor executor() {
        return task -> {
            if (Platform.isFxApplicationThread()) {
                task.run();
            } else {
                Platform.runLater(task);
            }
        };
    }
}
