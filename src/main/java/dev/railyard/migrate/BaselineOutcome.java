package dev.railyard.migrate;

/** The result of baseline: the version it marked, or why it did nothing. */
public record BaselineOutcome(boolean baselined, String version, String description, String summary) { }
