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

    Connection connect(String database) throws SQLException;

    /** Creates a new, empty database and returns its name. */
    String createDatabase(String prefix);
}
