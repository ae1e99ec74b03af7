package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

    private static byte[] sample() {
        byte[] data = new byte[3 << 20];
        Random random = new Random(42);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 97 < 60 ? 'a' + random.nextInt(6) : random.nextInt(256));
        }
        return data;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripsAndIsDetectedFromItsBytes(Compression compression, @TempDir Path dir) throws IOException {
        byte[] data = sample();
        Path file = dir.resolve("x" + compression.extension());
        try (OutputStream out = compression.compress(Files.newOutputStream(file), 0)) {
            out.write(data);
        }
        assertEquals(compression, Compression.detect(file));
        assertEquals(compression, Compression.byFileName(file));
        try (InputStream in = compression.decompress(Files.newInputStream(file))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void aTruncatedStreamIsAnErrorNotAShortRead(Compression compression, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("x" + compression.extension());
        try (OutputStream out = compression.compress(Files.newOutputStream(file), 0)) {
            out.write(sample());
        }
        byte[] whole = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(whole, whole.length * 7 / 10);
        assertThrows(IOException.class, () -> {
            try (InputStream in = compression.decompress(new ByteArrayInputStream(cut))) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void namesAndExtensions() {
        assertEquals(Compression.ZSTD, Compression.byName("zst"));
        assertEquals(Compression.GZIP, Compression.byName("GZIP"));
        assertEquals(Compression.NONE, Compression.byName("none"));
        assertEquals(Compression.NONE, Compression.byFileName(Path.of("backup.sql")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.byName("lz4"));
        assertTrue(e.getMessage().contains("gzip, zstd or none"));
    }
}
