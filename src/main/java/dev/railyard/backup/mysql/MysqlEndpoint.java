package dev.railyard.backup.mysql;

import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Where a MySQL backup reads from or a restore writes to, with the password needed to get in.
 * {@link #toString()} and {@link #address()} never show the password.
 *
 * @param profile  the profile's name, null when given as a URL
 * @param host     server host
 * @param port     server port
 * @param database the database dumped, or the default one for a restore
 * @param user     user name
 * @param password password, may be empty, never logged
 * @param sslMode  TLS setting
 * @param sslRootCert CA file for verify-ca / verify-full, null otherwise
 */
public record MysqlEndpoint(String profile, String host, int port, String database, String user, String password,
                            SslMode sslMode, String sslRootCert) {

    /** What a connection is for: it decides the driver settings (see {@link Connections.Purpose}). */
    public enum Purpose {
        /** Reading a database for a dump: UTF-8, several statements per round trip, streamed rows. */
        DUMP(Connections.Purpose.BACKUP),
        /** Running a script: statements pass byte for byte (see MysqlScriptRunner). */
        SCRIPT(Connections.Purpose.RESTORE),
        /** Small administrative statements (CREATE / DROP DATABASE, checks). */
        ADMIN(Connections.Purpose.ADMIN);

        private final Connections.Purpose connections;

        Purpose(Connections.Purpose connections) {
            this.connections = connections;
        }
    }

    public MysqlEndpoint {
        Objects.requireNonNull(host, "host");
        database = database == null ? "" : database;
        user = user == null || user.isBlank() ? Dialect.MYSQL.defaultUser() : user;
        password = password == null ? "" : password;
        sslMode = sslMode == null ? ConnectionProfile.defaultSslMode(host) : sslMode;
    }

    /** Without a CA file (TLS as the mode says, certificate not checked against a custom CA). */
    public MysqlEndpoint(String profile, String host, int port, String database, String user, String password,
                         SslMode sslMode) {
        this(profile, host, port, database, user, password, sslMode, null);
    }

    public static MysqlEndpoint of(ConnectionProfile profile, String password) {
        if (profile.dialect() != Dialect.MYSQL) {
            throw new IllegalArgumentException("Profile " + profile.name() + " is not a MySQL profile");
        }
        return new MysqlEndpoint(profile.name(), profile.host(), profile.port(), profile.database(), profile.user(),
                password, profile.sslMode(), profile.sslRootCert());
    }

    public MysqlEndpoint withDatabase(String db) {
        return new MysqlEndpoint(profile, host, port, db, user, password, sslMode, sslRootCert);
    }

    /** "root@host:3306/railway", never with the password. */
    public String address() {
        String where = host.contains(":") ? "[" + host + "]" : host;
        return user + "@" + where + ":" + port + "/" + database;
    }

    /** The address and TLS settings, without the password; {@code database} as this endpoint's. */
    public Endpoint endpoint() {
        return new Endpoint(profile, Dialect.MYSQL, host, port, database, user, sslMode, sslRootCert);
    }

    /** Opens a connection to {@code db} ("" for none) set up for {@code purpose}, through {@link Connections}. */
    public Connection connect(String db, Purpose purpose) throws SQLException {
        // No database in the URL: names with backticks, spaces or unicode survive setCatalog (a quoted USE), not always a URL.
        Connection c = Connections.open(endpoint().withDatabase(""), password, purpose.connections);
        if (db != null && !db.isEmpty()) {
            try {
                if (purpose == Purpose.SCRIPT) {
                    // This connection sends chars as bytes: give the server UTF-8 bytes and say so.
                    try (java.sql.Statement s = c.createStatement()) {
                        s.setEscapeProcessing(false);
                        s.execute("SET NAMES utf8mb4");
                        s.execute(passthrough("USE " + MysqlNames.quote(db)));
                    }
                } else {
                    c.setCatalog(db);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    public Connection connect(Purpose purpose) throws SQLException {
        return connect(database, purpose);
    }

    /** {@code text} as the chars a SCRIPT connection sends as its UTF-8 bytes. */
    static String passthrough(String text) {
        return new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "MysqlEndpoint[" + address() + (profile == null ? "" : ", profile " + profile) + ", ssl " + sslMode + "]";
    }
}
