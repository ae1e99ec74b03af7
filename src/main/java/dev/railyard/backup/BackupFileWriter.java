package dev.railyard.backup;

import dev.railyard.task.Workers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes a backup file the safe way: into {@code <file>.partial}, compressed on a thread of
 * its own (the caller produces rows on one core while this thread compresses on the other),
 * hashed as it is written, and renamed to its final name only by {@link #publish()}. Anything
 * else ({@link #abort()}) deletes the partial file: a failed or cancelled backup leaves nothing.
 *
 * <p>Memory is bounded: the producer hands over fixed-size chunks through a short queue.
 */
public final class BackupFileWriter implements AutoCloseable {

    static final int CHUNK = 1 << 20;
    private static final int CHUNKS_IN_FLIGHT = 6;
    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final Chunk MARK = new Chunk(new byte[0], 0);

    private record Chunk(byte[] data, int length, Path splice) {
        Chunk(byte[] data, int length) {
            this(data, length, null);
        }
    }

    /**
     * The finished file before it is published: size and sha256 of its bytes, and where each
     * {@link #mark()} fell in the file (a compressed frame starts there).
     */
    public record Summary(long fileBytes, long uncompressedBytes, String sha256, List<Long> marks) {
        public Summary {
            marks = List.copyOf(marks);
        }
    }

    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final MessageDigest digest = ManifestIO.newSha256();
    private final CountingOutputStream fileBytes;
    private final Compression compression;
    private final int level;
    /** Used by the compressor thread only (after construction); null between frames (a frame opens at its first byte). */
    private OutputStream compressed;
    /** File offsets of the marks, written by the compressor thread, read after it ended. */
    private final List<Long> marks = new ArrayList<>();
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 2);
    /** The compressor's own thread, ended by {@link #finish()} or {@link #abort()}. */
    private final Workers compressorThread;
    private final Future<?> compressor;
    private final ProducerStream producer = new ProducerStream();
    /** Spliced files not copied yet: {@link #abort()} deletes them. */
    private final java.util.Set<Path> unspliced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Throwable compressorFailure;
    private volatile boolean closed;
    private Summary summary;

    private BackupFileWriter(Path target, Compression compression, int level) throws IOException {
        this.target = target.toAbsolutePath();
        this.compression = compression;
        this.level = level;
        this.partial = partialPathFor(this.target);
        dev.railyard.home.AtomicFiles.createPrivateDirectories(this.target.getParent());
        // Create-new: two backups that aim at one file must not write into one partial file.
        try {
            this.channel = FileChannel.open(partial, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    dev.railyard.home.AtomicFiles.privateFileAttributes(partial));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new java.nio.file.FileAlreadyExistsException(partial.toString(), null, "another backup is writing "
                    + this.target.getFileName() + " now, or one that crashed left this file: delete it if no backup is running");
        }
        // Closing a compressed frame must not close the channel: finish() still fsyncs it.
        OutputStream file = new KeepOpen(Channels.newOutputStream(channel));
        this.fileBytes = new CountingOutputStream(new DigestOutputStream(
                new BufferedOutputStream(file, Compression.BUFFER), digest));
        for (int i = 0; i < CHUNKS_IN_FLIGHT + 2; i++) {
            free.add(new byte[CHUNK]);
        }
        this.compressorThread = Workers.open("backup-compress", 1, Duration.ofSeconds(5));
        this.compressor = compressorThread.submit(this::compressLoop);
    }

    /** Opens {@code <target>.partial} for writing; the target itself is not touched until {@link #publish()}. */
    public static BackupFileWriter open(Path target, Compression compression, int level) throws IOException {
        return new BackupFileWriter(target, compression, level);
    }

    public static Path partialPathFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    public Path target() {
        return target;
    }

    public Path partialFile() {
        return partial;
    }

    /** Where the script goes, uncompressed. Not thread-safe: one producer. */
    public OutputStream stream() {
        return producer;
    }

    public long uncompressedBytes() {
        return producer.total;
    }

    /** Ends the stream, waits for the compressor, fsyncs: the partial file is complete. */
    public Summary finish() throws IOException {
        if (summary != null) {
            return summary;
        }
        producer.handOver();
        put(END);
        try {
            compressor.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while the backup file was being finished");
        } catch (ExecutionException e) {
            throw new IOException("The backup's compression thread failed: " + e.getCause(), e.getCause());
        }
        compressorThread.close();
        rethrowCompressorFailure();
        channel.force(true);
        channel.close();
        summary = new Summary(fileBytes.count(), producer.total, HexFormat.of().formatHex(digest.digest()), marks);
        return summary;
    }

    /** Renames the finished partial file to its target name (atomically where the file system can). */
    public void publish() throws IOException {
        if (summary == null) {
            throw new IllegalStateException("finish() first");
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        closed = true;
    }

    /** Stops the compressor and deletes the partial file. Safe to call at any time, more than once. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        compressorThread.stop();
        compressorThread.close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Deleting the file below is what matters.
        }
        try {
            Files.deleteIfExists(partial);
            for (Path part : unspliced) {
                Files.deleteIfExists(part);
            }
        } catch (IOException ignored) {
            // Reported by the caller's failure; nothing better to do here.
        }
    }

    /** Aborts unless published. */
    @Override
    public void close() {
        abort();
    }

    private void compressLoop() {
        try {
            while (true) {
                Chunk chunk = full.take();
                if (chunk == END) {
                    break;
                }
                if (chunk == MARK) {
                    endFrame();
                    continue;
                }
                if (chunk.splice() != null) {
                    endFrame();
                    copyFile(chunk.splice());
                    continue;
                }
                if (compressed == null) {
                    compressed = compression == Compression.NONE ? fileBytes : compression.compress(fileBytes, level);
                }
                compressed.write(chunk.data(), 0, chunk.length());
                free.offer(chunk.data());
            }
            if (compressed != null && compression != Compression.NONE) {
                compressed.close();
            }
            fileBytes.flush();
        } catch (InterruptedException e) {
            // abort(): the file is being thrown away.
        } catch (Throwable e) {
            compressorFailure = e;
        }
    }

    /**
     * Ends the compressed frame (zstd frame, gzip member) here, and notes the file offset: a
     * reader can start decompressing at that offset, where the next frame starts. Used at table
     * boundaries, so a restore can load tables in parallel from one file.
     */
    public void mark() throws IOException {
        producer.handOver();
        put(MARK);
    }

    /**
     * Appends a file that is already compressed the same way and ends on a frame boundary (a
     * table's data written by another connection): its bytes are copied as they are, at a
     * mark, and the file is deleted once copied. {@code uncompressedBytes} is its content's size.
     */
    public void splice(Path part, long uncompressedBytes) throws IOException {
        producer.handOver();
        producer.total += uncompressedBytes;
        unspliced.add(part);
        put(new Chunk(null, 0, part));
    }

    /** Where the part with this number is written before {@link #splice}; {@link #abort()} callers delete it. */
    public Path partPath(int number) {
        return partial.resolveSibling(target.getFileName() + ".part" + number + ".partial");
    }

    private void endFrame() throws IOException {
        if (compressed != null) {
            switch (compression) {
                case ZSTD -> ((com.github.luben.zstd.ZstdOutputStreamNoFinalizer) compressed).closeWithoutClosingParentStream();
                case GZIP -> ((Compression.GzipMember) compressed).endMember();
                case NONE -> compressed.flush();
            }
            compressed = null;
        }
        marks.add(fileBytes.count());
    }

    private void copyFile(Path part) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(part)) {
            in.transferTo(fileBytes);
        }
        Files.deleteIfExists(part);
        unspliced.remove(part);
    }

    private void put(Chunk chunk) throws IOException {
        try {
            while (!full.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                rethrowCompressorFailure();
                if (compressor.isDone()) {
                    throw new IOException("The backup's compression thread stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while writing the backup file");
        }
    }

    private byte[] takeFree() throws IOException {
        try {
            byte[] buffer;
            while ((buffer = free.poll(200, TimeUnit.MILLISECONDS)) == null) {
                rethrowCompressorFailure();
                if (compressor.isDone()) {
                    throw new IOException("The backup's compression thread stopped");
                }
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while writing the backup file");
        }
    }

    private void rethrowCompressorFailure() throws IOException {
        Throwable failure = compressorFailure;
        if (failure instanceof IOException io) {
            throw new IOException("Writing the backup file failed: " + io.getMessage(), io);
        }
        if (failure != null) {
            throw new IOException("Compressing the backup failed: " + failure, failure);
        }
    }

    /** Collects small writes into chunks for the compressor thread. */
    private final class ProducerStream extends OutputStream {
        private byte[] buffer;
        private int used;
        private long total;

        @Override
        public void write(int b) throws IOException {
            if (buffer == null || used == buffer.length) {
                handOver();
                buffer = takeFree();
            }
            buffer[used++] = (byte) b;
            total++;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            while (length > 0) {
                if (buffer == null || used == buffer.length) {
                    handOver();
                    buffer = takeFree();
                }
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(data, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
                total += n;
            }
        }

        void handOver() throws IOException {
            if (buffer != null && used > 0) {
                put(new Chunk(buffer, used));
                buffer = null;
                used = 0;
            }
        }

        @Override
        public void flush() {
            // Chunks move when full or at finish(); flushing early would only shrink them.
        }
    }

    /** Passes writes on; close() only flushes. */
    private static final class KeepOpen extends java.io.FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
