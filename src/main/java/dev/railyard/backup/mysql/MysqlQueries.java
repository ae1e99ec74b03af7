package dev.railyard.backup.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Catalog queries kept in resources/sql/mysql/NAME.sql. */
final class MysqlQueries {

    private MysqlQueries() {
    }

    static String load(String name) {
        String path = "sql/mysql/" + name + ".sql";
        try (InputStream in = MysqlQueries.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
