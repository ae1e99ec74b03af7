package dev.railyard.task;

import java.util.Objects;

/**
 * What a job is, before it runs: its title, the profile it works on (null when none), and
 * whether it writes. At most one writing job runs per profile; others wait their turn.
 */
public record JobSpec(String title, String profile, Access access) {

    public enum Access { READ, WRITE }

    public JobSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(access, "access");
    }

    public static JobSpec reading(String title, String profile) {
        return new JobSpec(title, profile, Access.READ);
    }

    public static JobSpec writing(String title, String profile) {
        return new JobSpec(title, profile, Access.WRITE);
    }

    public boolean writes() {
        return access == Access.WRITE;
    }
}
