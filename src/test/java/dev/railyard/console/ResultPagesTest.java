package dev.railyard.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultPagesTest {

    @TempDir
    Path folder;

    @Test
    void aSmallResultStaysInMemoryWithoutAFile() throws Exception {
        try (ResultPages pages = new ResultPages(List.of("a"), folder, 5000)) {
            for (int i = 0; i < 4500; i++) {
                pages.add(new Object[] {i});
            }
            assertEquals(4500, pages.size());
            assertEquals(4499, pages.row(4499)[0]);
            assertFalse(pages.spilled());
            assertNull(pages.spoolFile());
        }
    }

    @Test
    void rowsBeyondTheMemoryBoundGoToAPrivateFileAndReadBackAsTheyWere() throws Exception {
        Path spool;
        try (ResultPages pages = new ResultPages(List.of("i", "l", "d", "n", "t", "b", "x"), folder, 1000)) {
            for (int i = 0; i < 5_432; i++) {
                pages.add(new Object[] {i, (long) i << 33, i / 2.0, new BigDecimal(i + ".50"), "row ,\"" + i + "\"\nnext",
                        i % 2 == 0, null});
            }
            assertTrue(pages.spilled());
            spool = pages.spoolFile();
            assertEquals(folder, spool.getParent());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
            for (long index : new long[] {0, 999, 1000, 2500, 4999, 5000, 5431, 17}) {
                int i = (int) index;
                assertArrayEquals(new Object[] {i, (long) i << 33, i / 2.0, new BigDecimal(i + ".50"),
                        "row ,\"" + i + "\"\nnext", i % 2 == 0, null}, pages.row(index), "row " + index);
            }
        }
        assertFalse(Files.exists(spool), "closing deletes the spool file");
    }
}
