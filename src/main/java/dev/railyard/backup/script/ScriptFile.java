package dev.railyard.backup.script;

import dev.railyard.backup.TailBytes;
import dev.railyard.backup.BackupException;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A script file on disk (.sql, .sql.gz, .sql.zst): what it is, whether it is whole, and a
 * stream of its SQL. Compression is read from the file's first bytes, not its name.
 */
public final class ScriptFile {

    /** What a restore file holds. */
    public enum Kind {
        /** A plain SQL script (pg_dump -Fp, Railyard's built-in engine), maybe compressed. */
        PLAIN_SQL,
        /** pg_dump's custom format (-Fc): needs pg_restore. */
        CUSTOM_ARCHIVE,
        /** pg_dump's directory format (-Fd): needs pg_restore. */
        DIRECTORY_ARCHIVE,
        /** pg_dump's tar format (-Ft): needs pg_restore. */
        TAR_ARCHIVE
    }

    private final Path path;
    private final Kind kind;
    private final Compression compression;
    private final long size;

    private ScriptFile(Path path, Kind kind, Compression compression, long size) {
        this.path = path;
        this.kind = kind;
        this.compression = compression;
        this.size = size;
    }

    /** Looks at the file (or folder) without reading it whole. */
    public static ScriptFile inspect(Path path) throws BackupException {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("toc.dat"))) {
                return new ScriptFile(path, Kind.DIRECTORY_ARCHIVE, Compression.NONE, -1);
            }
            throw new BackupException(path + " is a folder without toc.dat: not a pg_dump directory-format backup");
        }
        if (!Files.isRegularFile(path)) {
            throw new BackupException("No backup file at " + path);
        }
        try {
            Compression compression = Compression.detect(path);
            byte[] head;
            try (InputStream in = compression.decompress(Files.newInputStream(path))) {
                head = in.readNBytes(512);
            } catch (IOException e) {
                throw new BackupException(path.getFileName() + " is not a readable " + compression.id() + " file (" + e.getMessage()
                        + "): it is damaged or not a backup");
            }
            Kind kind = Kind.PLAIN_SQL;
            if (head.length >= 5 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
                kind = Kind.CUSTOM_ARCHIVE;
            } else if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
                kind = Kind.TAR_ARCHIVE;
            }
            return new ScriptFile(path, kind, compression, Files.size(path));
        } catch (IOException e) {
            throw new BackupException("Could not read " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public Compression compression() {
        return compression;
    }

    /** Bytes on disk, -1 for a folder. */
    public long size() {
        return size;
    }

    /**
     * Checks the file is whole before anything runs: against the sha256 of its manifest when
     * one lies beside it; otherwise by decompressing it once (gzip CRC, zstd checksum) and, for
     * a plain dump, by looking for its closing "dump complete" line.
     *
     * @return what was checked, for the log
     * @throws BackupException when the file is damaged or truncated
     */
    public String verify(JobContext context) throws BackupException {
        try {
            Optional<Manifest> manifest = new ManifestIO().readBeside(path);
            if (hasChecksum(manifest)) {
                context.message("Checking " + path.getFileName() + " against its manifest");
                return matchChecksum(ManifestIO.sha256(path), manifest.get());
            }
            if (compression != Compression.NONE) {
                context.message("Checking " + path.getFileName() + " (" + compression.id() + ")");
                return streamIntact(readToEnd(context));
            }
            return plainFileWhole();
        } catch (IOException e) {
            throw damaged(e);
        }
    }

    /**
     * What {@link #verify} concludes from a read of the whole file that was made anyway (see
     * {@link ScriptCheck}): {@code sha256} is the file's, computed when its manifest has one to
     * compare with; {@code tail} the last bytes of its decompressed stream.
     */
    String verified(Optional<Manifest> manifest, String sha256, byte[] tail) throws BackupException {
        try {
            if (hasChecksum(manifest)) {
                return matchChecksum(sha256, manifest.get());
            }
            return compression != Compression.NONE ? streamIntact(tail) : plainFileWhole();
        } catch (IOException e) {
            throw damaged(e);
        }
    }

    static boolean hasChecksum(Optional<Manifest> manifest) {
        return manifest.isPresent() && manifest.get().sha256() != null;
    }

    private String matchChecksum(String sha256, Manifest manifest) throws BackupException {
        if (!sha256.equalsIgnoreCase(manifest.sha256())) {
            throw new BackupException(path.getFileName() + " does not match the sha256 in its manifest: the file is "
                    + "damaged or truncated. Nothing was restored; use another copy of this backup.");
        }
        return "sha256 matches the manifest";
    }

    /** A compressed stream read to its end (which checked its CRCs or checksums), by its last bytes. */
    private String streamIntact(byte[] tail) throws BackupException, IOException {
        if (kind == Kind.PLAIN_SQL && looksLikeDump(headText()) && !endsLikeDump(tail)) {
            throw truncated();
        }
        return compression.id() + " stream intact";
    }

    private String plainFileWhole() throws BackupException, IOException {
        if (kind == Kind.PLAIN_SQL && looksLikeDump(headText())) {
            if (!endsLikeDump(tailOfPlainFile())) {
                throw truncated();
            }
            return "closing line present";
        }
        return "no manifest and no checksum to verify against";
    }

    BackupException damaged(IOException e) {
        return new BackupException(path.getFileName() + " is damaged or truncated (" + e.getMessage()
                + "). Nothing was restored; use another copy of this backup.", e);
    }

    /**
     * Compares the file's sha256 with its manifest's, when there is one that has it; empty when
     * there is nothing to compare with.
     *
     * @throws BackupException when they differ: the file is damaged or truncated
     */
    public Optional<String> checkAgainst(Optional<Manifest> manifest, JobContext context) throws BackupException, IOException {
        if (!hasChecksum(manifest)) {
            return Optional.empty();
        }
        context.message("Checking " + path.getFileName() + " against its manifest");
        return Optional.of(matchChecksum(ManifestIO.sha256(path), manifest.get()));
    }

    /** The script's SQL, decompressed; {@code position} reports bytes read from the file, for progress. */
    public CountingStream open() throws IOException {
        CountingStream counting = new CountingStream(Files.newInputStream(path));
        return new CountingStream(compression.decompress(counting), counting);
    }

    /**
     * The SQL of a part of the file: {@code length} bytes from {@code offset}, which must be the
     * start of a compressed frame (see the manifest's sections). Bytes read are added to {@code read}.
     * An empty part (a section with nothing in it) holds no frame at all.
     */
    public InputStream openPart(long offset, long length, java.util.concurrent.atomic.AtomicLong read) throws IOException {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.READ);
        channel.position(offset);
        InputStream raw = new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(channel), 1 << 16);
        InputStream bounded = new PartStream(raw, length, read, true);
        return compression.decompress(bounded);
    }

    private BackupException truncated() {
        return new BackupException(path.getFileName() + " ends before the dump's closing line (\"dump complete\"): the file "
                + "is truncated. Nothing was restored; use a complete copy of this backup.");
    }

    /**
     * Reads the whole decompressed stream (which checks CRCs and checksums, and finds a truncated
     * file) and returns its last 512 bytes, where a dump's closing line is.
     */
    public byte[] readToEnd(JobContext context) throws IOException {
        byte[] buffer = new byte[1 << 16];
        TailBytes tail = new TailBytes(512);
        try (CountingStream in = open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                context.checkCancelled();
                context.progress(in.position(), size, ProgressUnit.BYTES);
                tail.add(buffer, 0, n);
            }
        }
        return tail.bytes();
    }

    private String headText() throws IOException {
        try (InputStream in = compression.decompress(Files.newInputStream(path))) {
            return new String(in.readNBytes(512), StandardCharsets.UTF_8);
        }
    }

    private byte[] tailOfPlainFile() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            int n = (int) Math.min(256, length);
            byte[] tail = new byte[n];
            file.seek(length - n);
            file.readFully(tail);
            return tail;
        }
    }

    static boolean looksLikeDump(String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        return lower.contains("-- postgresql database dump") || lower.contains("-- railyard postgresql dump");
    }

    static boolean endsLikeDump(byte[] tail) {
        return new String(tail, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("dump complete");
    }

    /** An input stream that counts the bytes read from the file underneath (compressed bytes when compressed). */
    public static final class CountingStream extends FilterInputStream {
        private final CountingStream source;
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
            this.source = null;
        }

        CountingStream(InputStream in, CountingStream source) {
            super(in);
            this.source = source;
        }

        /** Bytes read from the file so far. */
        public long position() {
            return source != null ? source.count : count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
