package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads a catalog query from resources/sql/&lt;dialect&gt;/&lt;name&gt;.sql. */
final class SqlResources {

    private SqlResources() {
    }

    static String load(Dialect dialect, String name) {
        String path = "sql/" + dialect.id() + "/" + name + ".sql";
        try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }
}
