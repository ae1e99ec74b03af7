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
        };
    }
}
