package dev.railyard.backup.script;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a psql script into statements and meta-commands the way psql does, reading bytes
 * as a stream (a COPY block may be gigabytes): semicolons end a statement only outside
 * quotes ('..', E'..' with backslash escapes, ".."), dollar quoting ($$..$$, $tag$..$tag$),
 * comments (-- and nested /* *&#47;), parentheses, and the BEGIN ... END body of a
 * SQL-standard function. After a {@code COPY ... FROM stdin} statement, the caller must
 * consume its data with {@link #copyData(CopySink)} or {@link #skipCopyData()} before asking
 * for the next item.
 *
 * <p>Works on bytes: every character that matters to the split is ASCII, and multi-byte
 * characters of UTF-8 and of single-byte encodings never contain ASCII bytes.
 */
public final class PsqlScriptReader {

    /** Receives COPY data as it is read, in the script's bytes. */
    @FunctionalInterface
    public interface CopySink {
        void write(byte[] data, int offset, int length) throws IOException;
    }

    private static final int READ_SIZE = 1 << 16;

    private final InputStream in;
    private byte[] buf = new byte[READ_SIZE * 2];
    private int pos;
    private int limit;
    private boolean eof;
    private int line = 1;
    private Charset charset = StandardCharsets.UTF_8;
    private boolean standardConformingStrings = true;
    private boolean copyPending;
    private boolean copyAtLineStart;
    private int copyLine;

    // What comments outside statements said: pg_dump and Railyard mark the start and the end of a dump.
    private boolean sawDumpHeader;
    private boolean sawDumpTrailer;

    public PsqlScriptReader(InputStream in) {
        this.in = in;
    }

    /** The encoding statements are decoded with (from the script's SET client_encoding). */
    public void charset(Charset value) {
        this.charset = value;
    }

    public Charset charset() {
        return charset;
    }

    /** Whether backslashes in plain '..' strings are literal (the server's standard_conforming_strings). */
    public void standardConformingStrings(boolean value) {
        this.standardConformingStrings = value;
    }

    /** The current line number (1-based). */
    public int line() {
        return line;
    }

    /** True when a comment said "PostgreSQL database dump" or "Railyard ... dump" before any statement. */
    public boolean sawDumpHeader() {
        return sawDumpHeader;
    }

    /** True when the dump's closing comment ("... dump complete") was read. */
    public boolean sawDumpTrailer() {
        return sawDumpTrailer;
    }

    /** The next statement or meta-command; null at the end of the script. */
    public ScriptItem next() throws IOException {
        if (copyPending) {
            throw new IllegalStateException("COPY data of line " + copyLine + " not consumed");
        }
        ByteBuilder text = new ByteBuilder();
        int startLine = -1;
        int parenDepth = 0;
        int beginDepth = 0;
        // Track the statement's leading words for CREATE [OR REPLACE] FUNCTION|PROCEDURE and COPY.
        char[] leading = new char[4];
        int words = 0;
        String firstWord = null;
        String previousWord = null;
        boolean copyFromStdin = false;
        boolean copyToStdout = false;

        while (true) {
            if (!ensure(1)) {
                // End of input: an unterminated statement still runs, as in psql.
                if (startLine < 0 || text.isBlank()) {
                    return null;
                }
                return sql(text, startLine, firstWord, copyFromStdin, copyToStdout);
            }
            int c = buf[pos] & 0xff;
            boolean empty = startLine < 0;

            if (c == '\n') {
                line++;
                pos++;
                if (!empty) {
                    text.append((byte) c);
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
                if (!empty) {
                    text.append((byte) c);
                }
                continue;
            }
            if (c == '-' && peekIs(1, '-')) {
                int from = skipToEndOfLine();
                if (empty) {
                    noteComment(from, pos);
                } else {
                    text.append(buf, from, pos - from);
                }
                continue;
            }
            if (c == '/' && peekIs(1, '*')) {
                int from = line;
                copyBlockComment(empty ? null : text, from);
                continue;
            }
            if (c == '\\' && empty) {
                return meta();
            }
            if (empty) {
                startLine = line;
            }
            switch (c) {
                case ';' -> {
                    pos++;
                    if (parenDepth == 0 && beginDepth == 0) {
                        if (copyFromStdin) {
                            finishCopyStatementLine();
                        }
                        return sql(text, startLine, firstWord, copyFromStdin, copyToStdout);
                    }
                    text.append((byte) c);
                }
                case '(' -> {
                    pos++;
                    parenDepth++;
                    text.append((byte) c);
                }
                case ')' -> {
                    pos++;
                    if (parenDepth > 0) {
                        parenDepth--;
                    }
                    text.append((byte) c);
                }
                case '\'' -> copyQuoted(text, !standardConformingStrings);
                case '"' -> copyDoubleQuoted(text);
                case '$' -> {
                    if (!copyDollarQuoted(text)) {
                        pos++;
                        text.append((byte) c);
                    }
                }
                case '\\' -> throw new ScriptSyntaxException("Line " + line + ": a psql meta-command (\\"
                        + peekWord() + ") in the middle of a statement is not supported");
                default -> {
                    if (isIdentStart(c)) {
                        String word = readIdentifier(text);
                        // E'...' is an escape string; a word directly followed by a quote is a prefix (E, B, X, N, U&).
                        if (ensure(1) && buf[pos] == '\'') {
                            copyQuoted(text, word.equalsIgnoreCase("e") || !standardConformingStrings);
                            continue;
                        }
                        String lower = word.toLowerCase(Locale.ROOT);
                        if (firstWord == null) {
                            firstWord = lower;
                        }
                        if (words < leading.length) {
                            leading[words] = isLeadingKeyword(lower) ? lower.charAt(0) : 0;
                        }
                        words++;
                        if (isCreateRoutine(leading, words) && parenDepth == 0) {
                            if (lower.equals("begin")) {
                                beginDepth++;
                            } else if (lower.equals("case") && beginDepth > 0) {
                                beginDepth++;
                            } else if (lower.equals("end") && beginDepth > 0) {
                                beginDepth--;
                            }
                        }
                        if ("copy".equals(firstWord) && parenDepth == 0 && previousWord != null) {
                            if (previousWord.equals("from") && lower.equals("stdin")) {
                                copyFromStdin = true;
                            } else if (previousWord.equals("to") && lower.equals("stdout")) {
                                copyToStdout = true;
                            }
                        }
                        previousWord = lower;
                    } else {
                        pos++;
                        text.append((byte) c);
                    }
                }
            }
        }
    }

    private ScriptItem sql(ByteBuilder text, int startLine, String firstWord, boolean copyFromStdin, boolean copyToStdout) {
        if (copyFromStdin) {
            copyPending = true;
            copyAtLineStart = true;
            copyLine = startLine;
        }
        return new ScriptItem.Sql(text.toString(charset).stripTrailing(), startLine, copyFromStdin, copyToStdout);
    }

    /**
     * Streams the data of the pending COPY to {@code sink}, up to the line {@code \.}, which is
     * not passed on. Returns the number of data lines. When {@code sink} throws, the reader
     * stays inside the data: {@link #skipCopyData()} then reads past the rest of it.
     *
     * @throws ScriptSyntaxException when the script ends before {@code \.}: a truncated file
     */
    public long copyData(CopySink sink) throws IOException {
        if (!copyPending) {
            throw new IllegalStateException("No COPY data to read");
        }
        long lines = 0;
        int runStart = pos;
        while (true) {
            if (pos >= limit) {
                if (pos > runStart) {
                    sink.write(buf, runStart, pos - runStart);
                }
                if (!fill()) {
                    copyPending = false;
                    throw new ScriptSyntaxException("The script ends inside the data of the COPY at line " + copyLine
                            + " (no \\. line): the file is truncated");
                }
                runStart = pos;
            }
            if (copyAtLineStart && buf[pos] == '\\') {
                // Possible end marker: \. then end of line or end of file.
                if (pos > runStart) {
                    sink.write(buf, runStart, pos - runStart);
                }
                ensure(4);
                runStart = pos;
                if (pos + 1 < limit && buf[pos + 1] == '.') {
                    int after = pos + 2;
                    if (after < limit && buf[after] == '\r') {
                        after++;
                    }
                    if (after >= limit || buf[after] == '\n') {
                        pos = after < limit ? after + 1 : after;
                        line++;
                        copyPending = false;
                        return lines;
                    }
                }
            }
            // Pass the data on in bulk, counting its lines, up to the next line that starts with a backslash.
            int stop = toLineStartBackslash(pos, limit);
            lines += newlines;
            line += newlines;
            copyAtLineStart = stop < limit || buf[limit - 1] == '\n';
            pos = stop;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long LOW_BITS = 0x7f7f7f7f7f7f7f7fL;

    /** Newlines counted by the last {@link #toLineStartBackslash}. */
    private int newlines;

    /**
     * The first backslash in {@code buf[from + 1, to)} right after a newline (where COPY data can
     * end: a line {@code \.}), or {@code to}; {@link #newlines} is set to the newlines before it.
     * Reads eight bytes at a step: the data of a COPY is most of a dump, and this is the one pass
     * over it that looks at every byte.
     */
    private int toLineStartBackslash(int from, int to) {
        int count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(buf, i);
            long nl = zeroBytes(word ^ NEWLINES);
            long bs = zeroBytes(word ^ BACKSLASHES);
            while (bs != 0) {
                int k = i + (Long.numberOfTrailingZeros(bs) >>> 3);
                if (k > from && buf[k - 1] == '\n') {
                    newlines = count + Long.bitCount(nl & ((1L << ((k - i) << 3)) - 1));
                    return k;
                }
                bs &= bs - 1;
            }
            // Newlines are a few in a word at most: clear them one by one.
            while (nl != 0) {
                count++;
                nl &= nl - 1;
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\\' && i > from && buf[i - 1] == '\n') {
                break;
            }
            if (buf[i] == '\n') {
                count++;
            }
        }
        newlines = count;
        return i;
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit. */
    private static long zeroBytes(long x) {
        return ~(((x & LOW_BITS) + LOW_BITS) | x | LOW_BITS);
    }

    /** Reads past the pending COPY's data without using it (after the COPY itself failed). */
    public long skipCopyData() throws IOException {
        return copyData((data, offset, length) -> { });
    }

    // --- lexing helpers -------------------------------------------------------------------

    private ScriptItem meta() throws IOException {
        int startLine = line;
        pos++; // the backslash
        int from = skipToEndOfLine();
        String rest = new String(buf, from, pos - from, charset).strip();
        int space = 0;
        while (space < rest.length() && !Character.isWhitespace(rest.charAt(space))) {
            space++;
        }
        String command = rest.substring(0, space);
        String arguments = rest.substring(space).strip();
        return new ScriptItem.Meta(command, arguments, startLine);
    }

    /** After COPY ... FROM stdin; the data starts on the next line: drop the rest of this one. */
    private void finishCopyStatementLine() throws IOException {
        while (ensure(1)) {
            int c = buf[pos] & 0xff;
            pos++;
            if (c == '\n') {
                line++;
                return;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                throw new ScriptSyntaxException("Line " + line + ": text after COPY ... FROM stdin; on the same line is not supported");
            }
        }
    }

    private void noteComment(int from, int to) {
        String comment = new String(buf, from, to - from, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (comment.contains("dump complete")) {
            sawDumpTrailer = true;
        } else if (comment.contains("postgresql database dump") || comment.contains("railyard postgresql dump")) {
            sawDumpHeader = true;
        }
    }

    /**
     * Moves pos to the newline ending this line (not consumed) or to the end of input, and
     * returns where the line's rest starts in the buffer (refills move it).
     */
    private int skipToEndOfLine() throws IOException {
        int start = pos;
        while (true) {
            int newline = indexOf(buf, (byte) '\n', pos, limit);
            if (newline >= 0) {
                pos = newline;
                return start;
            }
            pos = limit;
            int kept = pos - start;
            boolean more = fillKeeping(kept);
            start = pos - kept;
            if (!more) {
                return start;
            }
        }
    }

    private void copyBlockComment(ByteBuilder text, int startLine) throws IOException {
        int depth = 0;
        while (true) {
            if (!ensure(1)) {
                throw new ScriptSyntaxException("The comment opened at line " + startLine + " is never closed: the file is truncated");
            }
            byte b = buf[pos];
            if (b == '/' && peekIs(1, '*')) {
                depth++;
                append(text, 2);
            } else if (b == '*' && peekIs(1, '/')) {
                depth--;
                append(text, 2);
                if (depth == 0) {
                    return;
                }
            } else {
                if (b == '\n') {
                    line++;
                }
                append(text, 1);
            }
        }
    }

    private void copyQuoted(ByteBuilder text, boolean backslashEscapes) throws IOException {
        int startLine = line;
        append(text, 1); // opening quote
        while (true) {
            if (!ensure(1)) {
                throw new ScriptSyntaxException("The string opened at line " + startLine + " is never closed: the file is truncated");
            }
            byte b = buf[pos];
            if (b == '\n') {
                line++;
            }
            if (b == '\\' && backslashEscapes) {
                if (ensure(2) && buf[pos + 1] == '\n') {
                    line++;
                }
                append(text, Math.min(2, limit - pos));
            } else if (b == '\'') {
                if (peekIs(1, '\'')) {
                    append(text, 2);
                } else {
                    append(text, 1);
                    return;
                }
            } else {
                append(text, 1);
            }
        }
    }

    private void copyDoubleQuoted(ByteBuilder text) throws IOException {
        int startLine = line;
        append(text, 1);
        while (true) {
            if (!ensure(1)) {
                throw new ScriptSyntaxException("The quoted name opened at line " + startLine + " is never closed: the file is truncated");
            }
            byte b = buf[pos];
            if (b == '\n') {
                line++;
            }
            if (b == '"') {
                if (peekIs(1, '"')) {
                    append(text, 2);
                } else {
                    append(text, 1);
                    return;
                }
            } else {
                append(text, 1);
            }
        }
    }

    /** At a '$': copies a whole $tag$...$tag$ string and returns true, or returns false when it is not one ($1, a lone $). */
    private boolean copyDollarQuoted(ByteBuilder text) throws IOException {
        int i = 1;
        while (true) {
            if (!ensure(i + 1)) {
                return false;
            }
            int c = buf[pos + i] & 0xff;
            if (c == '$') {
                break;
            }
            if (i == 1 ? !isIdentStart(c) : !isIdentPart(c) || c == '$') {
                return false;
            }
            i++;
        }
        byte[] tag = Arrays.copyOfRange(buf, pos, pos + i + 1);
        int startLine = line;
        append(text, tag.length);
        while (true) {
            if (!ensure(1)) {
                throw new ScriptSyntaxException("The dollar-quoted text opened at line " + startLine
                        + " is never closed: the file is truncated");
            }
            if (buf[pos] == '$' && ensure(tag.length) && matches(tag)) {
                append(text, tag.length);
                return true;
            }
            if (buf[pos] == '\n') {
                line++;
            }
            append(text, 1);
        }
    }

    private boolean matches(byte[] tag) {
        for (int k = 0; k < tag.length; k++) {
            if (buf[pos + k] != tag[k]) {
                return false;
            }
        }
        return true;
    }

    private String readIdentifier(ByteBuilder text) throws IOException {
        int start = text.length();
        while (ensure(1) && isIdentPart(buf[pos] & 0xff)) {
            text.append(buf[pos]);
            pos++;
        }
        return text.substring(start, charset);
    }

    private String peekWord() throws IOException {
        StringBuilder word = new StringBuilder();
        int i = 1;
        while (ensure(i + 1) && i < 20 && Character.isLetter(buf[pos + i])) {
            word.append((char) buf[pos + i]);
            i++;
        }
        return word.toString();
    }

    private static boolean isLeadingKeyword(String word) {
        return word.equals("create") || word.equals("or") || word.equals("replace")
                || word.equals("function") || word.equals("procedure");
    }

    /** CREATE FUNCTION, CREATE PROCEDURE, CREATE OR REPLACE FUNCTION|PROCEDURE: the bodies that may hold BEGIN ATOMIC ... END. */
    private static boolean isCreateRoutine(char[] leading, int words) {
        if (words < 2 || leading[0] != 'c') {
            return false;
        }
        if (leading[1] == 'f' || leading[1] == 'p') {
            return true;
        }
        return words >= 4 && leading[1] == 'o' && leading[2] == 'r' && (leading[3] == 'f' || leading[3] == 'p');
    }

    private static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentPart(int c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private void append(ByteBuilder text, int n) {
        if (text != null) {
            text.append(buf, pos, n);
        }
        pos += n;
    }

    private boolean peekIs(int offset, char expected) throws IOException {
        return ensure(offset + 1) && buf[pos + offset] == expected;
    }

    /** Makes at least n bytes available from pos; false when the input ends first. */
    private boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!fillKeeping(0)) {
                return limit - pos >= n;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        return fillKeeping(0);
    }

    /** Reads more input, keeping the unread bytes and the {@code keep} bytes before pos. */
    private boolean fillKeeping(int keep) throws IOException {
        if (eof) {
            return false;
        }
        int from = pos - keep;
        int remaining = limit - from;
        if (from > 0) {
            System.arraycopy(buf, from, buf, 0, remaining);
            pos -= from;
            limit = remaining;
        }
        if (buf.length - limit < READ_SIZE) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + READ_SIZE));
        }
        int n = in.readNBytes(buf, limit, Math.min(READ_SIZE, buf.length - limit));
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private static int indexOf(byte[] data, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** A growable byte array for one statement's text. */
    private static final class ByteBuilder {
        private byte[] bytes = new byte[256];
        private int length;

        void append(byte b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }

        void append(byte[] data, int offset, int n) {
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            System.arraycopy(data, offset, bytes, length, n);
            length += n;
        }

        int length() {
            return length;
        }

        boolean isBlank() {
            for (int i = 0; i < length; i++) {
                if (!Character.isWhitespace(bytes[i])) {
                    return false;
                }
            }
            return true;
        }

        String substring(int from, Charset charset) {
            return new String(bytes, from, length - from, charset);
        }

        String toString(Charset charset) {
            return new String(bytes, 0, length, charset);
        }
    }
}
