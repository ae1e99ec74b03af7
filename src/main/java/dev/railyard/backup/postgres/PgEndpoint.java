package dev.railyard.backup.postgres;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a backup reads from or a restore writes to. Backups and restores use connections of
 * their own (not the profile's pool): they hold one transaction for minutes and may be
 * cancelled by closing it. The password is never printed: {@link #toString()} leaves it out.
 *
 * @param password null when the server needs none (trust, or a .pgpass the tools read)
 */
public record PgEndpoint(String host, int port, String database, String user, String password, SslMode sslMode) {

    public PgEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        sslMode = sslMode == null ? SslMode.PREFER : sslMode;
    }

    /** The endpoint a profile describes: its unpooled host when it has one (a snapshot cannot span PgBouncer transactions). */
    public static PgEndpoint of(ConnectionProfile profile, String password) {
        String host = profile.hasUnpooled() ? profile.unpooledHost() : profile.host();
        int port = profile.hasUnpooled() ? profile.unpooledPort() : profile.port();
        return new PgEndpoint(host, port, profile.database(), profile.user(), password, profile.sslMode());
    }

    public PgEndpoint withDatabase(String name) {
        return new PgEndpoint(host, port, name, user, password, sslMode);
    }

    public String jdbcUrl() {
        String where = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + where + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Opens a new connection; {@code purpose} shows in pg_stat_activity as application_name. */
    public Connection connect(String purpose) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", sslMode.id());
        properties.setProperty("ApplicationName", purpose);
        properties.setProperty("connectTimeout", "20");
        properties.setProperty("tcpKeepAlive", "true");
        // Statements from dumps are run as they are: no client-side rewriting.
        properties.setProperty("escapeSyntaxCallMode", "select");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** libpq environment for native tools: connection settings and the password, never command-line arguments. */
    public Map<String, String> libpqEnvironment(String purpose) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGDATABASE", database);
        env.put("PGUSER", user);
        env.put("PGSSLMODE", sslMode.id());
        env.put("PGAPPNAME", purpose);
        env.put("PGCONNECT_TIMEOUT", "20");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }

    /** user@host:port/database — no password. */
    public String address() {
        String where = host.contains(":") ? "[" + host + "]" : host;
        return user + "@" + where + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PgEndpoint[" + address() + ", sslmode=" + sslMode.id() + (password == null ? "" : ", password=***") + "]";
    }
}
