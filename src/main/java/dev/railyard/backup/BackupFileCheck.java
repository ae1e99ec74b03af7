package dev.railyard.backup;

import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a file is a backup at all, before anything reads it into a server: an empty file or
 * a script without a dump's header and closing line is refused by restore, import and verify.
 *
 * <p>A backup is one of: Railyard's own PostgreSQL or MySQL dump (its header line and its
 * closing line), a plain pg_dump script ("-- PostgreSQL database dump" … "-- PostgreSQL
 * database dump complete"), a mysqldump / mariadb-dump script ("-- MySQL dump" or "-- MariaDB
 * dump" … "-- Dump completed"), or a pg_dump archive (custom format's "PGDMP" magic, tar
 * format with its toc.dat, directory format with its toc.dat). Compressed scripts are looked at
 * inside their decompressed stream, which is read to its end (so a damaged stream is found too).
 */
public final class BackupFileCheck {

    /** What a file was recognised as. */
    public enum Kind {
        RAILYARD_POSTGRES("Railyard PostgreSQL dump"),
        RAILYARD_MYSQL("Railyard MySQL dump"),
        PG_DUMP_PLAIN("pg_dump script"),
        PG_DUMP_ARCHIVE("pg_dump archive"),
        MYSQL_DUMP("mysqldump / mariadb-dump script");

        private final String display;

        Kind(String display) {
            this.display = display;
        }

        public String display() {
            return display;
        }
    }

    /** A file that is not a backup: empty, without a dump's header, or without its closing line. */
    public static final class NotABackupException extends BackupException {
        public NotABackupException(String message) {
            super(message);
        }
    }

    static final int HEAD = 4096;
    static final int TAIL = 1024;

    private BackupFileCheck() {
    }

    /**
     * Reads the file (decompressed) and names what it is.
     *
     * @throws NotABackupException when it is not a complete backup; nothing was run
     * @throws BackupException     when it cannot be read
     */
    public static Kind require(Path file, JobContext context) throws BackupException {
        if (Files.isDirectory(file)) {
            if (Files.isRegularFile(file.resolve("toc.dat"))) {
                return Kind.PG_DUMP_ARCHIVE;
            }
            throw new NotABackupException(file + " is a folder without toc.dat: not a pg_dump directory-format backup. "
                    + "Nothing was run.");
        }
        if (!Files.isRegularFile(file)) {
            throw new BackupException("No backup file at " + file);
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new NotABackupException(file.getFileName() + " is empty (0 bytes): it is not a backup. Nothing was run.");
            }
            Compression compression = Compression.detect(file);
            Reading reading = new Reading();
            try (InputStream raw = Files.newInputStream(file)) {
                InputStream counted = new java.io.FilterInputStream(raw) {
                    private long read;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        context.checkCancelled();
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            read += n;
                            context.progress(read, size, ProgressUnit.BYTES);
                        }
                        return n;
                    }
                };
                try (InputStream plain = compression.decompress(counted)) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = plain.read(buffer)) > 0) {
                        reading.add(buffer, 0, n);
                        if (reading.isArchive()) {
                            break; // an archive's end is pg_restore's to check; the magic says what it is
                        }
                    }
                } catch (IOException e) {
                    throw unreadable(file, compression, e);
                }
            }
            Optional<String> problem = reading.problem();
            if (problem.isPresent()) {
                throw new NotABackupException(file.getFileName() + " " + problem.get() + " Nothing was run.");
            }
            return reading.kind().orElseThrow();
        } catch (NotABackupException e) {
            throw e;
        } catch (IOException e) {
            throw new BackupException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The refusal of a file whose decompressed stream cannot be read to its end. */
    public static NotABackupException unreadable(Path file, Compression compression, IOException e) {
        return new NotABackupException(file.getFileName() + " is not a readable " + compression.id() + " stream ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "): it is damaged or not a backup. Nothing was run.");
    }

    /** As {@link #require}, but the refusal as text (for verification results); empty when the file is a backup. */
    public static Optional<String> problem(Path file, JobContext context) {
        try {
            require(file, context);
            return Optional.empty();
        } catch (BackupException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The first and last bytes of a decompressed stream read in pieces, and what they make of it:
     * for a caller that reads the stream anyway (quick verification) and need not read it twice.
     */
    public static final class Reading {
        private final byte[] head = new byte[HEAD];
        private int headLength;
        private final TailBytes tail = new TailBytes(TAIL);
        private long total;
        private Boolean archive;

        public void add(byte[] data, int offset, int n) {
            if (headLength < HEAD) {
                int take = Math.min(n, HEAD - headLength);
                System.arraycopy(data, offset, head, headLength, take);
                headLength += take;
            }
            tail.add(data, offset, n);
            total += n;
        }

        boolean isArchive() {
            // The head decides, and it is whole after the first few kB: asked after every piece, it is computed once.
            if (archive == null || headLength < HEAD) {
                archive = archive(Arrays.copyOf(head, headLength));
            }
            return archive;
        }

        /** What the bytes are, when they are a whole backup. */
        public Optional<Kind> kind() {
            return classify(Arrays.copyOf(head, headLength), tail.bytes(), total).kind;
        }

        /** Why the bytes are not a backup (a sentence after the file's name), empty when they are one. */
        public Optional<String> problem() {
            return Optional.ofNullable(classify(Arrays.copyOf(head, headLength), tail.bytes(), total).problem);
        }
    }

    private record Verdict(Optional<Kind> kind, String problem) {
        static Verdict is(Kind kind) {
            return new Verdict(Optional.of(kind), null);
        }

        static Verdict not(String problem) {
            return new Verdict(Optional.empty(), problem);
        }
    }

    private static boolean archive(byte[] head) {
        return startsWith(head, "PGDMP") || tarWithToc(head);
    }

    private static boolean tarWithToc(byte[] head) {
        return head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")
                && new String(head, 0, Math.min(100, head.length), StandardCharsets.US_ASCII).startsWith("toc.dat");
    }

    private static boolean startsWith(byte[] data, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return data.length >= p.length && Arrays.equals(data, 0, p.length, p, 0, p.length);
    }

    private static Verdict classify(byte[] head, byte[] tail, long total) {
        if (total == 0) {
            return Verdict.not("holds nothing once decompressed: it is not a backup.");
        }
        if (archive(head)) {
            return Verdict.is(Kind.PG_DUMP_ARCHIVE);
        }
        String first = headerComments(head);
        String end = new String(tail, StandardCharsets.UTF_8);
        if (first.contains("-- railyard postgresql dump")) {
            return ends(end.toLowerCase(Locale.ROOT).contains("-- railyard postgresql dump complete"),
                    Kind.RAILYARD_POSTGRES, "\"-- Railyard PostgreSQL dump complete\"");
        }
        if (first.contains("-- railyard mysql dump")) {
            return ends(end.contains("-- Dump completed"), Kind.RAILYARD_MYSQL, "\"-- Dump completed\"");
        }
        if (first.contains("-- postgresql database dump")) {
            return ends(end.contains("-- PostgreSQL database dump complete"), Kind.PG_DUMP_PLAIN,
                    "\"-- PostgreSQL database dump complete\"");
        }
        if (first.contains("-- mysql dump") || first.contains("-- mariadb dump")) {
            return ends(end.contains("-- Dump completed"), Kind.MYSQL_DUMP, "\"-- Dump completed\"");
        }
        return Verdict.not("has no dump header (Railyard, pg_dump, mysqldump or mariadb-dump): it is not a backup "
                + "Railyard restores. Restore a script of your own with psql or mysql.");
    }

    private static Verdict ends(boolean complete, Kind kind, String closing) {
        return complete ? Verdict.is(kind) : Verdict.not("ends before its closing " + closing + " line: the " + kind.display()
                + " is truncated or incomplete. Use a complete copy of this backup.");
    }

    /** The comment lines at the top of a script (before its first statement), lower-cased; mariadb's sandbox line is skipped. */
    private static String headerComments(byte[] head) {
        StringBuilder comments = new StringBuilder();
        String text = new String(head, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n", -1)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("--") || stripped.startsWith("/*M!999999")
                    || stripped.startsWith("\\restrict")) {
                comments.append(stripped.toLowerCase(Locale.ROOT)).append('\n');
                continue;
            }
            break;
        }
        return comments.toString();
    }
}
