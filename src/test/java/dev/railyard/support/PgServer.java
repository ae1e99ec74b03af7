package dev.railyard.support;

import java.sql.Connection;
import java.sql.SQLException;

/** A PostgreSQL server a test talks to: zonky's ({@link EmbeddedPostgres}) or Debian sid's ({@link SidPostgres}). */
public interface PgServer {

    /** The major version, "13" to "18". */
    String major();

    /** The host name the server listens on. */
    default String host() {
        return "localhost";
    }

    int port();

    /** A connection as the superuser postgres, which the test servers trust on loopback. */
    default Connection connect(String database) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "postgres");
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/" + database, properties);
    }

    /** Creates a new, empty database and returns its name. */
    String createDatabase(String prefix);

    /** Creates the database {@code name} (made a plain identifier) on {@code server}; its name. */
    static String createDatabase(PgServer server, String name) {
        String plain = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = server.connect("postgres"); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + plain);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + plain, e);
        }
        return plain;
    }
}
