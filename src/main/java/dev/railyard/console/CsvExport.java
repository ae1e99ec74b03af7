package dev.railyard.console;

import dev.railyard.home.AtomicFiles;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * A statement's rows streamed to a CSV file ({@link Csv}, a header line first), never held in
 * memory: written to FILE.partial and renamed over FILE only when every row is there, so a failed
 * or cancelled export leaves no half file under the name asked for.
 */
public final class CsvExport {

    /** Progress is reported every this many rows. */
    private static final int PROGRESS_EVERY = 10_000;

    private CsvExport() {
    }

    /**
     * Runs {@code statement} (one statement) on {@code session} and writes its first result set.
     *
     * @return the number of rows written
     */
    public static long write(ConsoleSession session, String statement, Path file, JobContext context)
            throws ConsoleSqlException, IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        AtomicFiles.createPrivateFile(partial);
        long[] rows = {0};
        boolean[] header = {false};
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            context.message("Running the statement");
            session.run(statement, new RowSink() {
                @Override
                public void columns(List<String> names) throws IOException {
                    if (header[0]) {
                        throw new IOException("The statement returned more than one result set: export one at a time");
                    }
                    header[0] = true;
                    Csv.record(out, names);
                    context.message("Writing rows");
                }

                @Override
                public void row(Object[] values) throws IOException {
                    Csv.record(out, Arrays.asList(values));
                    if (++rows[0] % PROGRESS_EVERY == 0) {
                        context.progress(rows[0], -1, ProgressUnit.ROWS);
                        context.checkCancelled();
                    }
                }

                @Override
                public void endOfRows(long count) {
                    context.progress(count, count, ProgressUnit.ROWS);
                }

                @Override
                public void updated(String text, long count) {
                    // A statement without rows has nothing to export; the header check above catches a second result.
                }
            });
            if (!header[0]) {
                throw new IOException("The statement returned no rows to export");
            }
        } catch (ConsoleSqlException | IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows[0];
    }
}
