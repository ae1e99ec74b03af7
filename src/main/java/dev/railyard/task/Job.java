package dev.railyard.task;

/**
 * A long action: a backup, a migration, a restore. It runs synchronously on the caller's
 * thread, reports through its {@link JobContext}, checks for cancellation at least once a
 * second, and lets interrupts end it.
 */
@FunctionalInterface
public interface Job<T> {
    T run(JobContext context) throws Exception;
}
