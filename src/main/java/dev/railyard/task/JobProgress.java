package dev.railyard.task;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a job's progress, with the rate and time left worked out from when it started.
 *
 * @param done        amount done so far
 * @param total       expected amount; negative when unknown
 * @param unit        what is counted
 * @param elapsed     time since the job started running
 */
public record JobProgress(long done, long total, ProgressUnit unit, Duration elapsed) {

    public static JobProgress none() {
        return new JobProgress(0, -1, ProgressUnit.STEPS, Duration.ZERO);
    }

    /** 0..1, or -1 when the total is unknown (an indeterminate bar). */
    public double fraction() {
        if (total <= 0) {
            return -1;
        }
        return Math.min(1.0, (double) done / total);
    }

    /** Units per second since the start, 0 before there is anything to measure. */
    public double ratePerSecond() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0.2 ? 0 : done / seconds;
    }

    /** Time left at the average rate so far; empty while unknown. */
    public Optional<Duration> eta() {
        double rate = ratePerSecond();
        if (total <= 0 || rate <= 0 || done >= total) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((total - done) / rate * 1000)));
    }

    /** "1.2 GB of 3.4 GB · 45.0 MB/s · 52 s left", "3 of 10 tables", "step 2 of 3". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (unit == ProgressUnit.STEPS) {
            text.append("step ").append(done);
            if (total > 0) {
                text.append(" of ").append(total);
            }
        } else if (unit == ProgressUnit.BYTES) {
            text.append(unit.format(done));
            if (total > 0) {
                text.append(" of ").append(unit.format(total));
            }
        } else if (total > 0) {
            text.append(String.format("%,d of %,d %s", done, total, unit.label()));
        } else {
            text.append(unit.format(done));
        }
        double rate = ratePerSecond();
        if (rate > 0 && (unit == ProgressUnit.BYTES || unit == ProgressUnit.ROWS)) {
            text.append(" · ").append(unit == ProgressUnit.BYTES
                    ? Sizes.human((long) rate) + "/s"
                    : String.format("%,.0f %s/s", rate, unit.label()));
        }
        eta().ifPresent(left -> text.append(" · ").append(Sizes.duration(left)).append(" left"));
        return text.toString();
    }
}
