package dev.railyard.backup;

import dev.railyard.task.JobContext;

/**
 * Work a restore does once it has checked the file and the target, right before its first change
 * to an existing database: the backup of the target taken first. A restore that stops earlier (a
 * clash, a damaged file, a dry run) never calls it.
 */
@FunctionalInterface
public interface BeforeChanges {

    BeforeChanges NOTHING = context -> { };

    void run(JobContext context) throws Exception;
}
