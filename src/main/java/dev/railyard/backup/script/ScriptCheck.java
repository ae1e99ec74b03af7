package dev.railyard.backup.script;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileCheck;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.TailBytes;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Everything a restore of a plain PostgreSQL script checks before anything runs, from one read
 * of the file: its sha256 against the manifest's (over the file's bytes as they are read), the
 * whole decompressed stream (its checksums, whether it is a backup at all: {@link
 * BackupFileCheck}) and the statements that reach the server's machine or control transactions
 * ({@link ScriptHazards}). Each used to read the file on its own: three reads and three
 * decompressions before the one that runs it.
 *
 * <p>Each verdict is given by the same rule and in the same words as the check it replaces,
 * in the order the restore asks for them.
 */
public final class ScriptCheck {

    private static final int TAIL = 512;

    private final ScriptFile script;
    private final Optional<Manifest> manifest;
    private final String sha256;
    private final BackupFileCheck.Reading reading;
    private final byte[] tail;
    private final IOException damage;
    private final ScriptHazards.Report hazards;
    private final long unread;

    private ScriptCheck(ScriptFile script, Optional<Manifest> manifest, String sha256, BackupFileCheck.Reading reading,
                        byte[] tail, IOException damage, ScriptHazards.Report hazards, long unread) {
        this.unread = unread;
        this.script = script;
        this.manifest = manifest;
        this.sha256 = sha256;
        this.reading = reading;
        this.tail = tail;
        this.damage = damage;
        this.hazards = hazards;
    }

    /**
     * Reads a plain PostgreSQL script once; empty for anything else (an archive, a folder, a
     * file that is not there), which the checks of its own read as before.
     */
    public static Optional<ScriptCheck> read(Path file, JobContext context) throws IOException {
        return read(file, context, ScriptHazards.Statements.NONE);
    }

    /** As above, each statement also handed to {@code statements} (not for a file this does not read). */
    public static Optional<ScriptCheck> read(Path file, JobContext context, ScriptHazards.Statements statements)
            throws IOException {
        return read(file, context, statements, List.of());
    }

    /**
     * As above, except that the bytes of {@code tableParts} ({offset, length} pairs: where a restore
     * in parts finds each table's data) count for the sha256 but are neither decompressed nor
     * scanned here: the load runs them as table data only, which refuses anything else, and
     * checks their compressed frames as it reads them. Only with a sha256 in the manifest to
     * vouch for them, and only for parts that lie in the file one after another; otherwise, and
     * for a file whose scan found anything to report, the whole file is read as above.
     */
    public static Optional<ScriptCheck> read(Path file, JobContext context, ScriptHazards.Statements statements,
                                             List<long[]> tableParts) throws IOException {
        ScriptFile script;
        try {
            script = ScriptFile.inspect(file);
        } catch (BackupException e) {
            return Optional.empty();
        }
        if (script.kind() != ScriptFile.Kind.PLAIN_SQL || Files.size(file) == 0) {
            return Optional.empty();
        }
        Optional<Manifest> manifest;
        try {
            manifest = new ManifestIO().readBeside(file);
        } catch (IOException e) {
            return Optional.empty(); // the verification of its own says what is wrong with the manifest
        }
        boolean digesting = ScriptFile.hasChecksum(manifest);
        List<long[]> skipped = digesting && inOrder(tableParts, script.size()) ? tableParts : List.of();
        context.message("Checking " + file.getFileName() + (digesting ? " against its manifest"
                : script.compression() == dev.railyard.backup.Compression.NONE ? "" : " (" + script.compression().id() + ")"));
        MessageDigest digest = digesting ? ManifestIO.newSha256() : null;
        BackupFileCheck.Reading reading = new BackupFileCheck.Reading();
        TailBytes tail = new TailBytes(TAIL);
        IOException damage = null;
        ScriptHazards.Report hazards;
        // The file is read, hashed and decompressed on a thread of its own while this one scans what it
        // decompressed: the two halves of the work overlap on two cores instead of adding up.
        try (InputStream raw = new Progress(Files.newInputStream(file), context, script.size());
             InputStream read = digest == null ? raw : new DigestInputStream(raw, digest);
             Prefetch prefetch = new Prefetch(read, script, skipped)) {
            Decompressed plain = new Decompressed(prefetch, reading, tail);
            hazards = ScriptHazards.scanPsql(plain, statements);
            // The scan stops where the statements cannot be read further; the checks read on to the end.
            damage = plain.drain();
            prefetch.awaitEnd();
        }
        return Optional.of(new ScriptCheck(script, manifest, digest == null ? null : HexFormat.of().formatHex(digest.digest()),
                reading, tail.bytes(), damage, hazards, skipped.stream().mapToLong(p -> p[1]).sum()));
    }

    /** Whether the parts lie in the file one after another, none empty of meaning (negative) or past its end. */
    private static boolean inOrder(List<long[]> parts, long size) {
        long at = 0;
        for (long[] part : parts) {
            if (part.length != 2 || part[0] < at || part[1] < 0 || part[0] + part[1] > size) {
                return false;
            }
            at = part[0] + part[1];
        }
        return true;
    }

    /**
     * The compressed bytes of table data this check left to the load (their sha256 was compared),
     * 0 when it read the whole file.
     */
    public long tableDataLeftToTheLoad() {
        return unread;
    }

    /** What the scan found; statements after damage in the file are not in it (the checks refuse such a file). */
    public ScriptHazards.Report hazards() {
        return hazards;
    }

    /**
     * As {@link BackupFileCheck#require}: the file is a backup, readable to its end.
     *
     * @throws BackupFileCheck.NotABackupException when it is not
     */
    public BackupFileCheck.Kind requireBackup() throws BackupException {
        Path file = script.path();
        if (damage != null) {
            throw BackupFileCheck.unreadable(file, script.compression(), damage);
        }
        Optional<String> problem = reading.problem();
        if (problem.isPresent()) {
            throw new BackupFileCheck.NotABackupException(file.getFileName() + " " + problem.get() + " Nothing was run.");
        }
        return reading.kind().orElseThrow();
    }

    /**
     * As {@link ScriptFile#verify}: the file is whole (its sha256 matches the manifest's, or its
     * stream is intact and ends with the dump's closing line).
     *
     * @return what was checked, for the log
     */
    public String verification() throws BackupException {
        // With a checksum to compare, the file's bytes decide, whatever its stream says (as verify does).
        if (damage != null && !ScriptFile.hasChecksum(manifest)) {
            throw script.damaged(damage);
        }
        return script.verified(manifest, sha256, tail);
    }

    /** Reports progress and cancellation as the file's bytes are read. */
    private static final class Progress extends FilterInputStream {
        private final JobContext context;
        private final long size;
        private long read;

        Progress(InputStream in, JobContext context, long size) {
            super(in);
            this.context = context;
            this.size = size;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            context.checkCancelled();
            int n = in.read(b, off, len);
            if (n > 0) {
                read += n;
                context.progress(read, size, ProgressUnit.BYTES);
            }
            return n;
        }
    }

    /** A stream read in blocks; a single byte is read as a block of one. */
    private abstract static class BlockStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /**
     * The decompressed stream as the scan reads it: its first and last bytes are kept for the
     * checks, and its first failure is kept too (the scan stops quietly at one).
     */
    private static final class Decompressed extends BlockStream {
        private final Prefetch in;
        private final BackupFileCheck.Reading reading;
        private final TailBytes tail;
        private IOException failure;

        Decompressed(Prefetch in, BackupFileCheck.Reading reading, TailBytes tail) {
            this.in = in;
            this.reading = reading;
            this.tail = tail;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                throw failure;
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                reading.add(b, off, n);
                tail.add(b, off, n);
            }
            return n;
        }

        /** Reads what the scan left to the end; the stream's first failure, or null when it read whole. */
        IOException drain() {
            byte[] buffer = new byte[1 << 16];
            try {
                while (read(buffer, 0, buffer.length) >= 0) {
                    // Only the checks' bookkeeping in read().
                }
            } catch (IOException e) {
                return failure != null ? failure : e;
            }
            return failure;
        }
    }

    /**
     * Decompresses the file on a thread of its own, a few chunks ahead of the reader. What the
     * decompression ends with reaches the reader in order: the chunks, then its failure (damage:
     * the checks report it) or its end. Either way the thread reads the file's bytes to their end
     * first, so the sha256 covers all of them, as the one-thread read did. A failure to read the
     * file itself, or a cancel, is rethrown by {@link #awaitEnd()}.
     */
    private static final class Prefetch extends BlockStream {
        private static final int CHUNK = 1 << 18;
        private static final int AHEAD = 6;

        private record Chunk(byte[] data, int length) { }

        private record Ended(IOException damage, Throwable fatal) { }

        private final java.util.concurrent.BlockingQueue<Object> ready = new java.util.concurrent.ArrayBlockingQueue<>(AHEAD);
        private final java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(AHEAD + 2);
        private final dev.railyard.task.Workers thread = dev.railyard.task.Workers.open("restore-check", 1);
        private volatile boolean closed;
        private Chunk current;
        private int position;
        private Ended ended;

        Prefetch(InputStream file, ScriptFile script, List<long[]> skipped) {
            for (int i = 0; i < AHEAD + 2; i++) {
                free.add(new byte[CHUNK]);
            }
            thread.submit(() -> produce(file, script, skipped));
        }

        private void produce(InputStream file, ScriptFile script, List<long[]> skipped) {
            IOException damage = null;
            Throwable fatal = null;
            try {
                try {
                    if (skipped.isEmpty()) {
                        decompress(script.compression().decompress(file));
                    } else {
                        // What lies between the skipped parts is decompressed (each starts a compressed frame) and
                        // handed on as one stream; the skipped parts are read for the sha256 alone.
                        long at = 0;
                        for (long[] part : skipped) {
                            decompressPart(file, script, part[0] - at);
                            skipExactly(file, part[1]);
                            at = part[0] + part[1];
                        }
                        decompressPart(file, script, Long.MAX_VALUE);
                    }
                } catch (IOException e) {
                    damage = e;
                }
                // Past the end of the compressed stream, or after damage in it: the rest still counts for the sha256.
                if (!closed) {
                    file.transferTo(OutputStream.nullOutputStream());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException | Error e) {
                fatal = e;
            }
            try {
                hand(new Ended(damage, fatal));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void decompress(InputStream plain) throws IOException, InterruptedException {
            while (!closed) {
                byte[] buffer = free.take();
                int n = plain.readNBytes(buffer, 0, buffer.length);
                if (n <= 0) {
                    free.offer(buffer);
                    break;
                }
                hand(new Chunk(buffer, n));
            }
        }

        /** Decompresses the next {@code length} bytes of the file (to its end for Long.MAX_VALUE), and reads all of them. */
        private void decompressPart(InputStream file, ScriptFile script, long length) throws IOException, InterruptedException {
            if (length == 0) {
                return;
            }
            InputStream part = new PartStream(file, length, null, false); // the file goes on past the part
            try (InputStream plain = script.compression().decompress(part)) {
                decompress(plain);
            }
            // Bytes past the part's compressed stream (none in a file as written) still count for the sha256.
            part.transferTo(OutputStream.nullOutputStream());
        }

        private static void skipExactly(InputStream file, long length) throws IOException {
            long left = length;
            byte[] buffer = new byte[1 << 16];
            while (left > 0) {
                int n = file.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new java.io.EOFException("The file ends inside the table data its manifest places there");
                }
                left -= n;
            }
        }

        private void hand(Object item) throws InterruptedException {
            while (!closed && !ready.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // The reader is busy; wait for room (or for close()).
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current == null || position == current.length()) {
                if (current != null) {
                    free.offer(current.data());
                    current = null;
                }
                if (ended != null) {
                    if (ended.damage() != null) {
                        throw ended.damage();
                    }
                    if (ended.fatal() != null) {
                        // The scan stops here; awaitEnd() rethrows the cause itself.
                        throw new IOException("The file could not be read to its end", ended.fatal());
                    }
                    return -1;
                }
                Object next = take();
                if (next instanceof Ended end) {
                    ended = end;
                } else {
                    current = (Chunk) next;
                    position = 0;
                }
            }
            int n = Math.min(len, current.length() - position);
            System.arraycopy(current.data(), position, b, off, n);
            position += n;
            return n;
        }

        /** Waits for the thread to have read the file to its end; rethrows what stopped it reading the file. */
        void awaitEnd() throws IOException {
            while (ended == null) {
                Object next = take();
                if (next instanceof Ended end) {
                    ended = end;
                } else {
                    free.offer(((Chunk) next).data());
                }
            }
            Throwable fatal = ended.fatal();
            if (fatal instanceof IOException io) {
                throw io;
            }
            if (fatal instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (fatal instanceof Error error) {
                throw error;
            }
        }

        private Object take() throws IOException {
            try {
                return ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("Interrupted while the file was being checked");
            }
        }

        @Override
        public void close() {
            closed = true;
            thread.stop();
            thread.close();
        }
    }
}
