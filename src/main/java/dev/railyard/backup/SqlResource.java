package dev.railyard.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Catalog queries kept as files under resources/sql/&lt;dialect&gt;/, loaded by name. */
public final class SqlResource {

    private final String dialect;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public SqlResource(String dialect) {
        this.dialect = dialect;
    }

    /** The text of {@code sql/<dialect>/<name>.sql}. */
    public String get(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private String load(String name) {
        String path = "/sql/" + dialect + "/" + name + ".sql";
        try (InputStream in = SqlResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read SQL resource " + path, e);
        }
    }
}
