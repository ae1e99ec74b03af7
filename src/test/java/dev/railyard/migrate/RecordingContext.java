package dev.railyard.migrate;

import dev.railyard.task.CancelSignal;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A job context that keeps what a job reported, and cancels when a condition on it holds. */
final class RecordingContext implements JobContext {

    record Progress(long done, long total, ProgressUnit unit) { }

    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    private final Predicate<RecordingContext> cancelWhen;
    private final CancelSignal signal = new CancelSignal();

    RecordingContext() {
        this(c -> false);
    }

    RecordingContext(Predicate<RecordingContext> cancelWhen) {
        this.cancelWhen = cancelWhen;
    }

    /** Cancels once this many migrations were reported done. */
    static RecordingContext cancellingAfter(int migrations) {
        return new RecordingContext(c -> c.progress.stream()
                .anyMatch(p -> p.unit() == ProgressUnit.MIGRATIONS && p.done() >= migrations));
    }

    @Override
    public void progress(long done, long total, ProgressUnit unit) {
        progress.add(new Progress(done, total, unit));
        isCancelled();
    }

    @Override
    public void message(String step) {
        messages.add(step);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public boolean isCancelled() {
        if (!signal.isCancelled() && cancelWhen.test(this)) {
            signal.cancel();
        }
        return signal.isCancelled();
    }

    @Override
    public Registration onCancel(Runnable action) {
        return signal.onCancel(action);
    }
}
