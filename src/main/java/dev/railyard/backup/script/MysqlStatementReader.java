package dev.railyard.backup.script;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a MySQL script into statements the way the {@code mysql} / {@code mariadb} clients do,
 * reading it as a stream (one statement in memory at a time, whatever the file's size):
 *
 * <ul>
 *   <li>quotes {@code '...'}, {@code "..."} and {@code `...`} with doubled quotes, and backslash
 *       escapes in the first two unless the session runs NO_BACKSLASH_ESCAPES;</li>
 *   <li>comments {@code -- }, {@code #} and C-style; comments before a statement are dropped, those
 *       inside one are kept (a routine's body keeps its comments);</li>
 *   <li>executable comments {@code /*!NNNNN ...}, {@code /*M!NNNNNN ...}: their content becomes part
 *       of the statement when the server runs it ({@link MysqlVersion#executes}), else they are
 *       dropped; a statement left empty is skipped (a MySQL 8 only {@code SET} on MariaDB);</li>
 *   <li>the client command {@code DELIMITER} ({@code ;;}, {@code //}, {@code $$}...).</li>
 * </ul>
 *
 * <p>Bytes are kept as they are (one char per byte, see {@link MysqlStatement}). Multi-byte UTF-8
 * never contains ASCII bytes, so splitting on ASCII syntax is safe for UTF-8 and latin1 scripts.
 */
public final class MysqlStatementReader implements Closeable {

    private static final int NORMAL = 0;
    private static final int SINGLE = 1;
    private static final int DOUBLE = 2;
    private static final int BACKTICK = 3;
    private static final int LINE_COMMENT = 4;
    private static final int BLOCK_COMMENT = 5;

    private final InputStream in;
    private final MysqlVersion version;
    private final long maxStatementBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;

    private byte[] out = new byte[1 << 16];
    private int outLen;

    private byte[] delimiter = {';'};
    private final boolean[] special = new boolean[256];
    private boolean backslashEscapes = true;

    private int line = 1;
    private int state = NORMAL;
    private int executableDepth;
    private boolean keepComment;
    private final StringBuilder comment = new StringBuilder();
    private String firstComment;
    private String lastComment;
    private long statements;

    public MysqlStatementReader(InputStream in, MysqlVersion version, long maxStatementBytes) {
        this.in = in;
        this.version = version;
        this.maxStatementBytes = maxStatementBytes;
        updateSpecial();
    }

    /** The next statement, or null at the end of the script. */
    public MysqlStatement next() throws IOException {
        outLen = 0;
        int startLine = -1;
        while (true) {
            if (pos >= lim && !fill(1)) {
                return atEnd(startLine);
            }
            int c = buf[pos] & 0xff;
            switch (state) {
                case SINGLE, DOUBLE, BACKTICK -> {
                    scanQuoted();
                    continue;
                }
                case LINE_COMMENT -> {
                    pos++;
                    if (c == '\n') {
                        line++;
                        state = NORMAL;
                        if (keepComment) {
                            emit(c);
                        } else {
                            noteComment();
                        }
                    } else if (keepComment) {
                        emit(c);
                    } else if (comment.length() < 400) {
                        comment.append((char) c);
                    }
                    continue;
                }
                case BLOCK_COMMENT -> {
                    pos++;
                    if (c == '\n') {
                        line++;
                    }
                    if (keepComment) {
                        emit(c);
                    }
                    if (c == '*' && peek(0) == '/') {
                        pos++;
                        if (keepComment) {
                            emit('/');
                        }
                        state = NORMAL;
                    }
                    continue;
                }
                default -> { }
            }
            // NORMAL
            if (outLen == 0) {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
                    pos++;
                    if (c == '\n') {
                        line++;
                    }
                    continue;
                }
                if (executableDepth == 0 && (c == 'd' || c == 'D') && startsDelimiterCommand()) {
                    readDelimiterCommand();
                    continue;
                }
            }
            if (!special[c]) {
                if (startLine < 0) {
                    startLine = line;
                }
                scanPlain();
                continue;
            }
            if (executableDepth == 0 && c == (delimiter[0] & 0xff) && matchesDelimiter()) {
                pos += delimiter.length;
                if (outLen > 0) {
                    return statement(startLine);
                }
                continue;
            }
            switch (c) {
                case '\'', '"', '`' -> {
                    if (startLine < 0) {
                        startLine = line;
                    }
                    state = c == '\'' ? SINGLE : c == '"' ? DOUBLE : BACKTICK;
                    emit(c);
                    pos++;
                }
                case '#' -> startLineComment();
                case '-' -> {
                    int next = peek(1);
                    int after = peek(2);
                    if (next == '-' && (after == -1 || after <= ' ')) {
                        startLineComment();
                    } else {
                        if (startLine < 0) {
                            startLine = line;
                        }
                        emit(c);
                        pos++;
                    }
                }
                case '/' -> {
                    if (peek(1) == '*') {
                        if (startLine < 0 && outLen == 0) {
                            // Executable comments may start a statement; remember where.
                            startLine = line;
                        }
                        blockCommentOrExecutable();
                        if (outLen == 0 && executableDepth == 0) {
                            startLine = -1;
                        }
                    } else {
                        if (startLine < 0) {
                            startLine = line;
                        }
                        emit(c);
                        pos++;
                    }
                }
                case '*' -> {
                    if (executableDepth > 0 && peek(1) == '/') {
                        pos += 2;
                        executableDepth--;
                        emitSeparator();
                    } else {
                        emit(c);
                        pos++;
                    }
                }
                case '\n' -> {
                    line++;
                    emit(c);
                    pos++;
                }
                default -> {
                    if (startLine < 0) {
                        startLine = line;
                    }
                    emit(c);
                    pos++;
                }
            }
        }
    }

    /** The session's sql_mode changed: NO_BACKSLASH_ESCAPES makes a backslash an ordinary character in strings. */
    public void backslashEscapes(boolean enabled) {
        this.backslashEscapes = enabled;
    }

    public String delimiter() {
        return new String(delimiter, StandardCharsets.ISO_8859_1);
    }

    /** The first comment line of the script ("-- MariaDB dump 10.19 ..."), null when none came before the first statement. */
    public String firstComment() {
        return firstComment;
    }

    /** The last comment seen between statements ("-- Dump completed"). */
    public String lastComment() {
        return lastComment;
    }

    /** Current line (1-based). */
    public int line() {
        return line;
    }

    public long statements() {
        return statements;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private MysqlStatement atEnd(int startLine) throws IOException {
        if (state == SINGLE || state == DOUBLE || state == BACKTICK) {
            char q = state == SINGLE ? '\'' : state == DOUBLE ? '"' : '`';
            throw new MysqlScriptSyntaxException("The script ends inside a quoted " + q + "..." + q
                    + " opened in the statement at line " + startLine + ": the file is truncated or damaged");
        }
        if (state == BLOCK_COMMENT || executableDepth > 0) {
            throw new MysqlScriptSyntaxException("The script ends inside a /* comment */ (statement at line "
                    + startLine + "): the file is truncated or damaged");
        }
        if (state == LINE_COMMENT) {
            state = NORMAL;
            if (!keepComment) {
                noteComment();
            }
        }
        if (outLen > 0 && !onlyWhitespace()) {
            return statement(startLine);
        }
        return null;
    }

    private MysqlStatement statement(int startLine) {
        // Trailing blanks are kept, as the mysql client sends them: a trigger's stored text stays exact.
        int end = outLen;
        statements++;
        lastComment = null;
        String text = new String(out, 0, end, StandardCharsets.ISO_8859_1);
        outLen = 0;
        if (out.length > (1 << 22)) {
            out = new byte[1 << 16]; // give back the memory a huge statement took
        }
        return new MysqlStatement(text, startLine < 0 ? line : startLine);
    }

    private boolean onlyWhitespace() {
        for (int i = 0; i < outLen; i++) {
            if (!isBlank(out[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f';
    }

    /** Copies a run of bytes that cannot start anything special. */
    private void scanPlain() throws IOException {
        int start = pos;
        int p = pos;
        byte[] b = buf;
        int l = lim;
        boolean[] s = special;
        while (p < l && !s[b[p] & 0xff]) {
            p++;
        }
        emit(b, start, p - start);
        pos = p;
    }

    /** Inside quotes: copies up to the closing quote, honouring doubled quotes and backslash escapes. */
    private void scanQuoted() throws IOException {
        byte quote = (byte) (state == SINGLE ? '\'' : state == DOUBLE ? '"' : '`');
        boolean escapes = backslashEscapes && state != BACKTICK;
        while (true) {
            if (pos >= lim && !fill(1)) {
                return; // atEnd() reports the open quote
            }
            int start = pos;
            int p = pos;
            byte[] b = buf;
            int l = lim;
            while (p < l) {
                byte x = b[p];
                if (x == quote || (x == '\\' && escapes)) {
                    break;
                }
                if (x == '\n') {
                    line++;
                }
                p++;
            }
            emit(b, start, p - start);
            pos = p;
            if (p >= l) {
                continue;
            }
            byte x = b[p];
            if (x == '\\') {
                if (!fill(2)) {
                    emit('\\');
                    pos++;
                    return;
                }
                byte escaped = buf[pos + 1];
                if (escaped == '\n') {
                    line++;
                }
                emit('\\');
                emit(escaped & 0xff);
                pos += 2;
                continue;
            }
            // The quote: doubled means a literal quote, else the string ends.
            if (peek(1) == (quote & 0xff)) {
                emit(quote);
                emit(quote);
                pos += 2;
                continue;
            }
            emit(quote);
            pos++;
            state = NORMAL;
            return;
        }
    }

    private void startLineComment() throws IOException {
        keepComment = outLen > 0;
        state = LINE_COMMENT;
        if (!keepComment) {
            comment.setLength(0);
        }
    }

    private void noteComment() {
        String text = comment.toString().strip();
        comment.setLength(0);
        if (text.isEmpty() || text.equals("--") || text.equals("#")) {
            return;
        }
        if (firstComment == null && statements == 0) {
            firstComment = text;
        }
        lastComment = text;
    }

    /** At "/*": a plain comment, or an executable one whose content runs or is dropped. */
    private void blockCommentOrExecutable() throws IOException {
        int third = peek(2);
        boolean maria = third == 'M' && peek(3) == '!';
        if (third != '!' && !maria) {
            keepComment = outLen > 0;
            if (keepComment) {
                emit('/');
                emit('*');
            }
            pos += 2;
            state = BLOCK_COMMENT;
            return;
        }
        int markerLength = maria ? 4 : 3;
        int digits = 0;
        while (digits < 6 && isDigit(peek(markerLength + digits))) {
            digits++;
        }
        int used;
        if (digits >= 6 && version.readsSixDigitVersions()) {
            used = 6;
        } else if (digits >= 5) {
            used = 5;
        } else {
            used = 0; // fewer than five digits belong to the content
        }
        int commentVersion = 0;
        for (int i = 0; i < used; i++) {
            commentVersion = commentVersion * 10 + (peek(markerLength + i) - '0');
        }
        pos += markerLength + used;
        if (version.executes(commentVersion, maria)) {
            executableDepth++;
            emitSeparator();
            if (peek(0) == ' ' && (outLen == 0 || isBlank(out[outLen - 1]))) {
                pos++; // "/*!40101 SET" reads "SET", not " SET"
            }
            return;
        }
        skipToCommentEnd();
        emitSeparator();
    }

    private void skipToCommentEnd() throws IOException {
        while (true) {
            if (pos >= lim && !fill(1)) {
                throw new MysqlScriptSyntaxException("The script ends inside a /*!...*/ comment at line " + line
                        + ": the file is truncated or damaged");
            }
            byte c = buf[pos++];
            if (c == '\n') {
                line++;
            } else if (c == '*' && peek(0) == '/') {
                pos++;
                return;
            }
        }
    }

    private boolean startsDelimiterCommand() throws IOException {
        String word = "delimiter";
        if (!fill(word.length() + 1)) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase((char) (buf[pos + i] & 0xff)) != word.charAt(i)) {
                return false;
            }
        }
        int after = buf[pos + word.length()] & 0xff;
        return after == ' ' || after == '\t';
    }

    private void readDelimiterCommand() throws IOException {
        int commandLine = line;
        pos += "delimiter".length();
        StringBuilder rest = new StringBuilder();
        while (true) {
            if (pos >= lim && !fill(1)) {
                break;
            }
            int c = buf[pos++] & 0xff;
            if (c == '\n') {
                line++;
                break;
            }
            rest.append((char) c);
        }
        String text = rest.toString().strip();
        String value;
        if (!text.isEmpty() && (text.charAt(0) == '\'' || text.charAt(0) == '"' || text.charAt(0) == '`')) {
            int close = text.indexOf(text.charAt(0), 1);
            value = close > 0 ? text.substring(1, close) : text.substring(1);
        } else {
            int space = 0;
            while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
                space++;
            }
            value = text.substring(0, space);
        }
        if (value.isEmpty()) {
            throw new MysqlScriptSyntaxException("DELIMITER at line " + commandLine + " names no delimiter");
        }
        if (value.contains("\\")) {
            throw new MysqlScriptSyntaxException("DELIMITER at line " + commandLine + " cannot contain a backslash");
        }
        delimiter = value.getBytes(StandardCharsets.ISO_8859_1);
        updateSpecial();
    }

    private boolean matchesDelimiter() throws IOException {
        if (delimiter.length == 1) {
            return true;
        }
        if (!fill(delimiter.length)) {
            return false;
        }
        for (int i = 1; i < delimiter.length; i++) {
            if (buf[pos + i] != delimiter[i]) {
                return false;
            }
        }
        return true;
    }

    private void updateSpecial() {
        Arrays.fill(special, false);
        for (char c : new char[] {'\'', '"', '`', '#', '-', '/', '*', '\n', '\\'}) {
            special[c] = true;
        }
        special[delimiter[0] & 0xff] = true;
        // DELIMITER is only looked for at the start of a statement, where every byte goes the slow way.
        special['d'] = false;
        special['D'] = false;
        special[delimiter[0] & 0xff] = true;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A space where comment markers were, so tokens on both sides stay apart. */
    private void emitSeparator() throws IOException {
        if (outLen > 0 && !isBlank(out[outLen - 1])) {
            int next = peek(0);
            if (next != -1 && !isBlank((byte) next)) {
                emit(' ');
            }
        }
    }

    private void emit(int c) throws IOException {
        if (outLen >= maxStatementBytes) {
            tooLong();
        }
        if (outLen == out.length) {
            grow(1);
        }
        out[outLen++] = (byte) c;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        if ((long) outLen + len > maxStatementBytes) {
            tooLong();
        }
        if (outLen + len > out.length) {
            grow(len);
        }
        System.arraycopy(b, off, out, outLen, len);
        outLen += len;
    }

    private void tooLong() throws MysqlScriptSyntaxException {
        throw new MysqlScriptSyntaxException(String.format(Locale.ROOT,
                "A statement near line %d is longer than %,d bytes, the most the server accepts (max_allowed_packet): "
                        + "the file is damaged (an unclosed quote?) or needs a larger max_allowed_packet", line,
                maxStatementBytes));
    }

    private void grow(int extra) {
        long needed = (long) outLen + extra;
        int size = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, (long) out.length * 2));
        out = Arrays.copyOf(out, size);
    }

    /** The byte {@code k} places ahead, or -1 past the end. */
    private int peek(int k) throws IOException {
        if (pos + k >= lim && !fill(k + 1)) {
            return -1;
        }
        return buf[pos + k] & 0xff;
    }

    /** Makes at least {@code n} bytes available from {@code pos}; false at the end of the input. */
    private boolean fill(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim - pos < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
                return false;
            }
            lim += r;
        }
        return true;
    }
}
