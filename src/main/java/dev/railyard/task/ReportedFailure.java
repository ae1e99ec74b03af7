package dev.railyard.task;

/**
 * A failure already classified and worded for the user where it was found (and logged there):
 * the runner records it in one line instead of a second stack trace.
 */
public interface ReportedFailure {
}
