package dev.railyard.profile;

import dev.railyard.db.Dialect;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RailwayUrls} read from a URL or a block of variables: everything a profile needs,
 * plus the password (to be put in a SecretStore, never in the profile) and warnings for the user.
 *
 * @param database     never null; for PostgreSQL without one in the URL, the user name (as libpq does);
 *                     for MySQL, empty (connect without a default schema)
 * @param password     null when the text had none
 * @param unpooledHost the direct (not PgBouncer) host for backups and migrations, or null
 * @param unpooledPort its port, 0 when none
 * @param warnings     things the user should know, worded for them; never contain the password
 */
public record ParsedConnection(
        Dialect dialect,
        String host,
        int port,
        String database,
        String user,
        String password,
        SslMode sslMode,
        String unpooledHost,
        int unpooledPort,
        List<String> warnings) {

    public ParsedConnection {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sslMode, "sslMode");
        database = database == null ? "" : database;
        user = user == null || user.isEmpty() ? dialect.defaultUser() : user;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A profile for these settings; the password is not part of it. */
    public ConnectionProfile toProfile(String name, EnvironmentTag env) {
        return new ConnectionProfile(name, dialect, host, port, database, user, sslMode, null, env,
                null, null, null, null, unpooledHost, unpooledPort);
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    public boolean hasUnpooled() {
        return unpooledHost != null && unpooledPort > 0;
    }

    ParsedConnection withPassword(String newPassword) {
        return new ParsedConnection(dialect, host, port, database, user, newPassword, sslMode, unpooledHost,
                unpooledPort, warnings);
    }

    ParsedConnection withUnpooled(String newHost, int newPort) {
        return new ParsedConnection(dialect, host, port, database, user, password, sslMode, newHost, newPort, warnings);
    }

    ParsedConnection withWarnings(List<String> newWarnings) {
        return new ParsedConnection(dialect, host, port, database, user, password, sslMode, unpooledHost,
                unpooledPort, newWarnings);
    }

    /** Masks the password, so a parsed connection can be logged. */
    @Override
    public String toString() {
        return "ParsedConnection[" + dialect.id() + " " + user + "@" + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + port + "/" + database + ", ssl=" + sslMode + ", password=" + (hasPassword() ? "***" : "none")
                + (hasUnpooled() ? ", unpooled=" + unpooledHost + ":" + unpooledPort : "")
                + ", warnings=" + warnings.size() + "]";
    }
}
