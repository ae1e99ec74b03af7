package dev.railyard.backup;

import dev.railyard.task.CancelSignal;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A JobContext for tests: keeps log lines and messages, can be cancelled, can react to progress. */
public class RecordingContext implements JobContext {

    public final List<String> log = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final List<String> statuses = new CopyOnWriteArrayList<>();
    /** Cancel with {@code cancelled.cancel()}: the job's cancel actions run on the calling thread. */
    public final CancelSignal cancelled = new CancelSignal();
    private final Consumer<String> onMessage;
    private volatile long lastDone = -1;
    private volatile long lastTotal = -1;

    public RecordingContext() {
        this(m -> { });
    }

    /** {@code onMessage} runs on the job's thread for each step it reports. */
    public RecordingContext(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    @Override
    public void progress(long done, long total, ProgressUnit unit) {
        lastDone = done;
        lastTotal = total;
    }

    @Override
    public void message(String step) {
        messages.add(step);
        onMessage.accept(step);
    }

    @Override
    public void status(String text) {
        statuses.add(text);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.isCancelled();
    }

    @Override
    public Registration onCancel(Runnable action) {
        return cancelled.onCancel(action);
    }

    public long lastDone() {
        return lastDone;
    }

    public long lastTotal() {
        return lastTotal;
    }

    public String allLog() {
        return String.join("\n", log);
    }
}
