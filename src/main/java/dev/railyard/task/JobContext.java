package dev.railyard.task;

/**
 * What a running job reports through, and how it learns it should stop. Implementations are
 * thread-safe: a backup's workers report from several threads.
 */
public interface JobContext {

    /** Progress as done of total; total below zero means "unknown". */
    void progress(long done, long total, ProgressUnit unit);

    /** The current step, in a few words: "Copying public.orders". */
    void message(String step);

    /**
     * The live state of the current step, updated often ("87,040 of about 742,000 rows copied"):
     * shown where there is room for it, never kept in the log. Ignored by default.
     */
    default void status(String text) {
    }

    /** One line for the job's log. Never a secret. */
    void log(String line);

    /** True once the user asked to cancel. */
    boolean isCancelled();

    /**
     * Runs {@code action} once when the user asks to cancel, or at once (on this thread) if they
     * already have; never after the returned registration is closed. For work that cannot check
     * the flag itself: a thread blocked in a socket read never sees an interrupt, so the action
     * (cancel the query, abort the connection, end the process) unblocks it. The action may run
     * on another thread, must be quick, and must tolerate what it stops being already gone.
     */
    Registration onCancel(Runnable action);

    /** An action registered with {@link #onCancel(Runnable)}; closing it unregisters it. */
    interface Registration extends AutoCloseable {
        /** Does nothing, for contexts that are never cancelled. */
        Registration NONE = () -> { };

        @Override
        void close();
    }

    /** Throws {@link JobCancelledException} once the user asked to cancel, or if the thread was interrupted. */
    default void checkCancelled() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new JobCancelledException();
        }
    }

    /** A context that reports nowhere and is never cancelled: for code that runs a job inline. */
    static JobContext silent() {
        return new JobContext() {
            @Override public void progress(long done, long total, ProgressUnit unit) { }
            @Override public void message(String step) { }
            @Override public void log(String line) { }
            @Override public boolean isCancelled() { return false; }
            @Override public Registration onCancel(Runnable action) { return Registration.NONE; }
        };
    }
}
