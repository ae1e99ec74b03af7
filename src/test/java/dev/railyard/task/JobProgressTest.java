package dev.railyard.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobProgressTest {

    @Test
    void rateAndEtaFollowTheAverageSoFar() {
        JobProgress progress = new JobProgress(100L << 20, 400L << 20, ProgressUnit.BYTES, Duration.ofSeconds(10));
        assertEquals(10L << 20, (long) progress.ratePerSecond());
        assertEquals(Duration.ofSeconds(30), progress.eta().orElseThrow());
        assertEquals("100 MB of 400 MB · 10.0 MB/s · 30 s left", progress.describe());
    }

    @Test
    void unknownTotalHasNoFractionAndNoEta() {
        JobProgress progress = new JobProgress(5, -1, ProgressUnit.TABLES, Duration.ofSeconds(2));
        assertEquals(-1, progress.fraction());
        assertTrue(progress.eta().isEmpty());
        assertTrue(progress.describe().startsWith("5 tables"));
    }

    @Test
    void stepsAndCountsReadAsPhrases() {
        assertTrue(new JobProgress(1, 3, ProgressUnit.STEPS, Duration.ofSeconds(4)).describe().startsWith("step 1 of 3"));
        assertTrue(new JobProgress(3, 10, ProgressUnit.TABLES, Duration.ofSeconds(3)).describe().startsWith("3 of 10 tables"));
        assertEquals("1,000 of 4,000 rows · 500 rows/s · 6 s left",
                new JobProgress(1000, 4000, ProgressUnit.ROWS, Duration.ofSeconds(2)).describe());
    }

    @Test
    void sizesAndDurationsReadLikeADbaWouldWriteThem() {
        assertEquals("512 B", Sizes.human(512));
        assertEquals("1.5 kB", Sizes.human(1536));
        assertEquals("727 MB", Sizes.human(727L << 20));
        assertEquals("850 ms", Sizes.duration(Duration.ofMillis(850)));
        assertEquals("3 min 05 s", Sizes.duration(Duration.ofSeconds(185)));
        assertEquals("2 h 04 min", Sizes.duration(Duration.ofMinutes(124)));
    }
}
