package dev.railyard.backup.mysql;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for SQL text with the literal encoders a dump needs. Row values are
 * written as the bytes the server sent (no decoding to Java strings and back), which is both
 * exact and fast.
 */
final class SqlBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] data;
    private int length;

    SqlBytes(int capacity) {
        data = new byte[capacity];
    }

    int length() {
        return length;
    }

    void truncate(int newLength) {
        length = newLength;
    }

    byte[] array() {
        return data;
    }

    void clear() {
        length = 0;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(data, 0, length);
    }

    SqlBytes ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            data[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Raw text (one char per byte, as the catalog keeps DDL). */
    SqlBytes raw(String text) {
        return ascii(text);
    }

    SqlBytes utf8(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    SqlBytes bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    SqlBytes bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, data, length, len);
        length += len;
        return this;
    }

    SqlBytes put(char c) {
        ensure(1);
        data[length++] = (byte) c;
        return this;
    }

    /**
     * A string literal: the value's bytes between single quotes with the escapes mysqldump uses
     * (NUL, newline, carriage return, backslash, quote, Ctrl-Z), so any byte sequence reads back.
     */
    SqlBytes quoted(byte[] value) {
        ensure(value.length * 2 + 2);
        byte[] d = data;
        int p = length;
        d[p++] = '\'';
        for (byte b : value) {
            switch (b) {
                case 0 -> { d[p++] = '\\'; d[p++] = '0'; }
                case '\n' -> { d[p++] = '\\'; d[p++] = 'n'; }
                case '\r' -> { d[p++] = '\\'; d[p++] = 'r'; }
                case '\\' -> { d[p++] = '\\'; d[p++] = '\\'; }
                case '\'' -> { d[p++] = '\\'; d[p++] = '\''; }
                case 26 -> { d[p++] = '\\'; d[p++] = 'Z'; }
                default -> d[p++] = b;
            }
        }
        d[p++] = '\'';
        length = p;
        return this;
    }

    /** {@code 0x...} for binary data; an empty value is {@code ''} (0x alone is not valid SQL). */
    SqlBytes hex(byte[] value) {
        if (value.length == 0) {
            return ascii("''");
        }
        ensure(value.length * 2 + 2);
        byte[] d = data;
        int p = length;
        d[p++] = '0';
        d[p++] = 'x';
        for (byte b : value) {
            d[p++] = HEX[(b >> 4) & 0xf];
            d[p++] = HEX[b & 0xf];
        }
        length = p;
        return this;
    }

    /** {@code b'101'} for a BIT value given as big-endian bytes. */
    SqlBytes bits(byte[] value) {
        ensure(value.length * 8 + 3);
        data[length++] = 'b';
        data[length++] = '\'';
        boolean started = false;
        for (byte b : value) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = ((b >> bit) & 1) != 0;
                if (one || started) {
                    data[length++] = (byte) (one ? '1' : '0');
                    started = true;
                }
            }
        }
        if (!started) {
            data[length++] = '0';
        }
        data[length++] = '\'';
        return this;
    }

    private void ensure(int extra) {
        if (length + extra > data.length) {
            long size = Math.max((long) length + extra, (long) data.length * 2);
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("A single row is larger than 2 GB");
            }
            data = Arrays.copyOf(data, (int) size);
        }
    }
}
