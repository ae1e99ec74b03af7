package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Marks and spliced parts: the file decompresses to the text in order, and each mark starts a readable part. */
class BackupFileWriterTest {

    @ParameterizedTest
    @EnumSource(Compression.class)
    void splicedPartsLandAtTheirMarksAndTheFileReadsAsOneScript(Compression compression, @TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.sql" + compression.extension());
        BackupFileWriter writer = BackupFileWriter.open(target, compression, 0);
        String head = "-- head\n".repeat(1000);
        String one = "table one\n".repeat(5000);
        String two = "table two\n".repeat(3000);
        String tail = "-- tail\n";
        writer.stream().write(head.getBytes(StandardCharsets.UTF_8));
        writer.mark();
        writer.stream().write(one.getBytes(StandardCharsets.UTF_8));
        Path part = writer.partPath(1);
        try (OutputStream out = compression.compress(Files.newOutputStream(part), 0)) {
            out.write(two.getBytes(StandardCharsets.UTF_8));
        }
        writer.splice(part, two.length());
        writer.mark();
        writer.mark(); // an empty section: no frame at all
        writer.stream().write(tail.getBytes(StandardCharsets.UTF_8));
        BackupFileWriter.Summary summary = writer.finish();
        writer.publish();

        assertFalse(Files.exists(part), "the part is deleted once copied");
        String all = head + one + two + tail;
        assertEquals(all.length(), summary.uncompressedBytes());
        try (InputStream in = compression.decompress(Files.newInputStream(target))) {
            assertEquals(all, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(Files.size(target), summary.fileBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target))),
                summary.sha256());

        List<Long> marks = summary.marks();
        assertEquals(4, marks.size());
        dev.railyard.backup.script.ScriptFile script = dev.railyard.backup.script.ScriptFile.inspect(target);
        assertEquals(one, readPart(script, marks.get(0), marks.get(1) - marks.get(0)));
        assertEquals(two, readPart(script, marks.get(1), marks.get(2) - marks.get(1)));
        assertEquals("", readPart(script, marks.get(2), marks.get(3) - marks.get(2)));
        assertEquals(tail, readPart(script, marks.get(3), summary.fileBytes() - marks.get(3)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
    void abortDeletesThePartialFileAndPartsNotYetCopied(Compression compression, @TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.sql" + compression.extension());
        BackupFileWriter writer = BackupFileWriter.open(target, compression, 0);
        writer.stream().write(new byte[3 << 20]);
        Path part = writer.partPath(7);
        Files.write(part, new byte[] {1, 2, 3});
        writer.splice(part, 3);
        writer.abort();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static String readPart(dev.railyard.backup.script.ScriptFile script, long offset, long length) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = script.openPart(offset, length, new AtomicLong())) {
            in.transferTo(bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
