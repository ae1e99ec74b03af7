package dev.railyard.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Catalog queries kept as files: {@code resources/sql/<dialect>/<name>.sql}, one statement each.
 * Loaded by name and cached, since the same few statements run on every refresh.
 */
public final class SqlResources {

    /**
     * Starts every statement Railyard sends from these files, so the Queries view can leave
     * Railyard's own catalog queries out of pg_stat_statements (which keeps the comment).
     */
    public static final String MARK = "/* railyard */ ";

    // An immutable-content cache of class-path files, not application state: safe to share.
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlResources() {
    }

    /**
     * The statement in {@code sql/<dialect id>/<name>.sql}, without its trailing semicolon, after {@link #MARK}.
     *
     * @throws IllegalArgumentException when no such file is on the class path (a packaging bug)
     */
    public static String load(Dialect dialect, String name) {
        return CACHE.computeIfAbsent(path(dialect, name), SqlResources::read);
    }

    /** The statement as a person reads it (in a confirmation, say): without {@link #MARK}. */
    public static String shown(Dialect dialect, String name) {
        return load(dialect, name).substring(MARK.length());
    }

    /** The class-path location of a statement: "sql/postgres/tables.sql". */
    public static String path(Dialect dialect, String name) {
        if (!name.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("Not a statement name: " + name);
        }
        return "sql/" + dialect.id() + "/" + name + ".sql";
    }

    private static String read(String path) {
        try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("Missing SQL resource " + path + " (is resources/ on the class path?)");
            }
            return MARK + strip(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read SQL resource " + path, e);
        }
    }

    /**
     * Drops whole-line comments (they document the file; no need to send them on every refresh)
     * and the trailing semicolon: drivers send one statement, and MySQL rejects a stray ";".
     */
    static String strip(String text) {
        String sql = text.lines()
                .filter(line -> !line.stripLeading().startsWith("--"))
                .collect(java.util.stream.Collectors.joining("\n"))
                .strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).stripTrailing();
        }
        return sql;
    }
}
