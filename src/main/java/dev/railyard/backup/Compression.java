package dev.railyard.backup;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a backup file is compressed. Streams only: memory stays constant whatever the size.
 * zstd frames carry a checksum and gzip members a CRC, so a damaged file is detected on read.
 */
public enum Compression {
    NONE("none", ""),
    GZIP("gzip", ".gz"),
    ZSTD("zstd", ".zst");

    /** Large buffers: the compressor sees big blocks and the file system few calls. */
    static final int BUFFER = 1 << 17;
    public static final int DEFAULT_GZIP_LEVEL = 6;
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    private final String id;
    private final String extension;

    Compression(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** "none", "gzip", "zstd": the word used on the command line and in manifests. */
    public String id() {
        return id;
    }

    /** ".gz", ".zst", or "" for none. */
    public String extension() {
        return extension;
    }

    /** Accepts gzip/gz, zstd/zst, none/off/plain. */
    public static Compression byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "gz" -> GZIP;
            case "zstd", "zst", "zstandard" -> ZSTD;
            case "none", "off", "plain", "no" -> NONE;
            default -> throw new IllegalArgumentException("Unknown compression '" + name + "': use gzip, zstd or none");
        };
    }

    /** From a file name's extension: .gz, .zst/.zstd, otherwise none. */
    public static Compression byFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz") || name.endsWith(".gzip")) {
            return GZIP;
        }
        if (name.endsWith(".zst") || name.endsWith(".zstd")) {
            return ZSTD;
        }
        return NONE;
    }

    /** From the first bytes of a file (its magic number), whatever its name says. */
    public static Compression detect(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Level used when the caller gives 0. */
    public int defaultLevel() {
        return switch (this) {
            case GZIP -> DEFAULT_GZIP_LEVEL;
            case ZSTD -> DEFAULT_ZSTD_LEVEL;
            case NONE -> 0;
        };
    }

    /** Wraps {@code out}; closing the result finishes the stream (trailer, checksum) and closes {@code out}. */
    public OutputStream compress(OutputStream out, int level) throws IOException {
        int effective = level <= 0 ? defaultLevel() : level;
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GzipMember(out, effective);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, effective).setChecksum(true);
        };
    }

    /** A gzip stream that can end its member without closing what it writes to (see {@link #endMember()}). */
    static final class GzipMember extends GZIPOutputStream {
        GzipMember(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(Math.min(Deflater.BEST_COMPRESSION, level));
        }

        /** Writes the member's trailer and frees the deflater; the underlying stream stays open. */
        void endMember() throws IOException {
            finish();
            def.end();
        }
    }

    /** Wraps {@code in}; a truncated or corrupted stream ends in an IOException, never in a silent short read. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), BUFFER);
        };
    }
}
