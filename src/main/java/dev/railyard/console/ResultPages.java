package dev.railyard.console;

import dev.railyard.home.RunFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one console result, readable by index while they arrive, in bounded memory: the
 * first {@code memoryRows} rows stay in memory, later ones go in blocks of {@value #BLOCK_ROWS} to a
 * private (0600) spool file in {@code folder} (RAILYARD_HOME/run itself, where the next start sweeps
 * what a killed run left: see {@link RunFiles}), read back through a small cache of blocks. The file
 * is created only when a result outgrows memory and is deleted by {@link #close()}.
 *
 * <p>One thread adds, any thread reads: the methods are synchronized.
 */
public final class ResultPages implements AutoCloseable {

    public static final int BLOCK_ROWS = 1000;
    /** Spilled blocks kept decoded: what a grid scrolled around the same place reads again. */
    private static final int CACHED_BLOCKS = 8;

    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte DECIMAL = 5;
    private static final byte INTEGER = 6;
    private static final byte TRUE = 7;
    private static final byte FALSE = 8;

    private final List<String> columns;
    private final Path folder;
    private final int memoryBlocks;
    private final List<Object[][]> held = new ArrayList<>();
    private Object[][] tail = new Object[BLOCK_ROWS][];
    private int tailRows;
    private long size;
    /** Where each spilled block starts in the file, and the file's end after the last. */
    private long[] offsets = new long[16];
    private int spilled;
    private long fileEnd;
    private FileChannel file;
    private Path path;
    private boolean closed;
    private final Map<Integer, Object[][]> cache = new LinkedHashMap<>(CACHED_BLOCKS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Object[][]> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };

    /**
     * @param folder     where the spool file goes when needed (created 0700 if missing)
     * @param memoryRows rows kept in memory before spilling (rounded up to whole blocks)
     */
    public ResultPages(List<String> columns, Path folder, int memoryRows) {
        this.columns = List.copyOf(columns);
        this.folder = folder;
        this.memoryBlocks = Math.max(1, (memoryRows + BLOCK_ROWS - 1) / BLOCK_ROWS);
    }

    public List<String> columns() {
        return columns;
    }

    public synchronized long size() {
        return size;
    }

    /** True once rows went to the spool file. */
    public synchronized boolean spilled() {
        return file != null;
    }

    /** The spool file, or null while everything is in memory. */
    public synchronized Path spoolFile() {
        return path;
    }

    /** Adds a row (its values are copied). */
    public synchronized void add(Object[] values) throws IOException {
        if (closed) {
            throw new IllegalStateException("The result was closed");
        }
        tail[tailRows++] = values.clone();
        size++;
        if (tailRows == BLOCK_ROWS) {
            if (held.size() < memoryBlocks) {
                held.add(tail);
            } else {
                spill(tail);
            }
            tail = new Object[BLOCK_ROWS][];
            tailRows = 0;
        }
    }

    /** The row at {@code index} (0-based): its values, not to be changed. */
    public synchronized Object[] row(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        int block = (int) (index / BLOCK_ROWS);
        int at = (int) (index % BLOCK_ROWS);
        int full = held.size() + spilled;
        if (block == full) {
            return tail[at];
        }
        if (block < held.size()) {
            return held.get(block)[at];
        }
        try {
            return spilledBlock(block - held.size())[at];
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the result's rows back from " + path, e);
        }
    }

    private void spill(Object[][] block) throws IOException {
        if (file == null) {
            // Named for this process: a run that is killed leaves it for the next start's sweep.
            path = RunFiles.create(folder, "result-", ".rows");
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        byte[] bytes = encode(block);
        if (spilled + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[spilled] = fileEnd;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            fileEnd += file.write(buffer, fileEnd);
        }
        spilled++;
        offsets[spilled] = fileEnd;
    }

    private Object[][] spilledBlock(int n) throws IOException {
        Object[][] cached = cache.get(n);
        if (cached != null) {
            return cached;
        }
        int length = (int) (offsets[n + 1] - offsets[n]);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = offsets[n];
        while (buffer.hasRemaining()) {
            int read = file.read(buffer, at + buffer.position());
            if (read < 0) {
                throw new IOException("the spool file ended early");
            }
        }
        Object[][] block = decode(buffer.array(), columns.size());
        cache.put(n, block);
        return block;
    }

    private static byte[] encode(Object[][] block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * BLOCK_ROWS);
        DataOutputStream out = new DataOutputStream(bytes);
        for (Object[] row : block) {
            for (Object value : row) {
                write(out, value);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeByte(INT);
            out.writeInt(((Number) value).intValue());
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double || value instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeDouble(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal || value instanceof BigInteger) {
            out.writeByte(value instanceof BigDecimal ? DECIMAL : INTEGER);
            text(out, value.toString());
        } else {
            out.writeByte(TEXT);
            text(out, value.toString());
        }
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static Object[][] decode(byte[] bytes, int columns) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Object[][] block = new Object[BLOCK_ROWS][];
        for (int r = 0; r < BLOCK_ROWS; r++) {
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = read(in);
            }
            block[r] = row;
        }
        return block;
    }

    private static Object read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case DECIMAL -> new BigDecimal(text(in));
            case INTEGER -> new BigInteger(text(in));
            case TEXT -> text(in);
            default -> throw new IOException("the spool file is damaged (tag " + tag + ")");
        };
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Drops the rows and deletes the spool file. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        held.clear();
        cache.clear();
        tail = new Object[0][];
        size = 0;
        if (file != null) {
            try {
                file.close();
            } finally {
                Files.deleteIfExists(path);
            }
        }
    }
}
