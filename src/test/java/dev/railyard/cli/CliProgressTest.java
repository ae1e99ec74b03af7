package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.task.ProgressUnit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's progress on stderr stays readable in a CI log. */
class CliProgressTest {

    private static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void progressPrintsAtMostOnceASecondAndTheEndOnce() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CliProgress progress = new CliProgress(new PrintStream(out, true, StandardCharsets.UTF_8), false)) {
            progress.progress(1, 1000, ProgressUnit.BYTES);
            for (int i = 2; i < 500; i++) {
                progress.progress(i, 1000, ProgressUnit.BYTES);
            }
            // A backup that outgrows the catalog's estimate reports done == total over and over.
            for (int i = 1000; i < 1500; i++) {
                progress.progress(i, i, ProgressUnit.BYTES);
            }
        }
        List<String> lines = lines(out);
        assertEquals(2, lines.size(), "the first report and the end, not a line per report: " + lines);
        assertEquals("  1000 B of 1000 B", lines.get(1));
    }
}
