package dev.railyard.backup.postgres;

import dev.railyard.db.ChildEnvironment;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a backup reads from or a restore writes to. Backups and restores use connections of
 * their own (not the profile's pool): they hold one transaction for minutes and may be
 * cancelled by closing it. Connections and native tools' environments come from {@code db/}
 * ({@link Connections}, {@link ChildEnvironment}), with the same TLS settings as every other
 * connection. The password is never printed: {@link #toString()} leaves it out.
 *
 * @param password    null when the server needs none (trust, or a .pgpass the tools read)
 * @param sslRootCert CA file for verify-ca / verify-full, null for none
 */
public record PgEndpoint(String host, int port, String database, String user, String password, SslMode sslMode,
                         String sslRootCert) {

    public PgEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        sslMode = sslMode == null ? SslMode.PREFER : sslMode;
        sslRootCert = sslRootCert == null || sslRootCert.isBlank() ? null : sslRootCert;
    }

    /** Without a CA file. */
    public PgEndpoint(String host, int port, String database, String user, String password, SslMode sslMode) {
        this(host, port, database, user, password, sslMode, null);
    }

    /** The endpoint a profile describes: its unpooled host when it has one (a snapshot cannot span PgBouncer transactions). */
    public static PgEndpoint of(ConnectionProfile profile, String password) {
        String host = profile.hasUnpooled() ? profile.unpooledHost() : profile.host();
        int port = profile.hasUnpooled() ? profile.unpooledPort() : profile.port();
        return new PgEndpoint(host, port, profile.database(), profile.user(), password, profile.sslMode(),
                profile.sslRootCert());
    }

    public PgEndpoint withDatabase(String name) {
        return new PgEndpoint(host, port, name, user, password, sslMode, sslRootCert);
    }

    /** The address and TLS settings, without the password. */
    public Endpoint endpoint() {
        return new Endpoint(null, Dialect.POSTGRESQL, host, port, database, user, sslMode, sslRootCert);
    }

    public String jdbcUrl() {
        String where = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + where + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Opens a new connection; {@code purpose} ("railyard-backup", "railyard-backup-worker",
     * "railyard-restore") shows in pg_stat_activity as application_name, and its start names the
     * {@link Connections.Purpose}.
     */
    public Connection connect(String purpose) throws SQLException {
        return Connections.open(endpoint(), password, purpose(purpose), applicationName(purpose));
    }

    public Connection connect(Connections.Purpose purpose) throws SQLException {
        return Connections.open(endpoint(), password, purpose);
    }

    /** libpq environment for native tools: connection settings and the password, never command-line arguments. */
    public Map<String, String> libpqEnvironment(String purpose) {
        return ChildEnvironment.libpq(endpoint(), password, applicationName(purpose));
    }

    /** The purpose {@code name} starts with; ADMIN when none does. */
    private static Connections.Purpose purpose(String name) {
        for (Connections.Purpose p : List.of(Connections.Purpose.BACKUP, Connections.Purpose.RESTORE,
                Connections.Purpose.MIGRATION, Connections.Purpose.VERIFY)) {
            if (name.startsWith(p.applicationName())) {
                return p;
            }
        }
        return Connections.Purpose.ADMIN;
    }

    /** {@code name} when it names its purpose ("railyard-backup-worker"), else the purpose's own name. */
    private static String applicationName(String name) {
        Connections.Purpose p = purpose(name);
        return name.startsWith(p.applicationName()) ? name : p.applicationName();
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
