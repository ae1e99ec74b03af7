package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.util.Objects;

/**
 * Where a connection goes and how it is secured: everything {@link Connections} needs but the
 * password. A profile gives one ({@link #of}); backup and restore targets given as URLs build
 * their own. Holds no secret, so it may be logged and shown.
 *
 * @param name        the profile's name, or the address when there is no profile (named in error advice)
 * @param database    "" for none (MySQL administrative connections)
 * @param sslRootCert CA file for verify-ca / verify-full, null for none
 */
public record Endpoint(String name, Dialect dialect, String host, int port, String database, String user,
                       SslMode sslMode, String sslRootCert) {

    public Endpoint {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(host, "host");
        database = database == null ? "" : database;
        user = user == null || user.isBlank() ? dialect.defaultUser() : user;
        sslMode = sslMode == null ? ConnectionProfile.defaultSslMode(host) : sslMode;
        sslRootCert = sslRootCert == null || sslRootCert.isBlank() ? null : sslRootCert;
        name = name == null || name.isBlank() ? user + "@" + host + ":" + port : name;
    }

    /** The profile's own address (its pooled one, when it has two). */
    public static Endpoint of(ConnectionProfile p) {
        return new Endpoint(p.name(), p.dialect(), p.host(), p.port(), p.database(), p.user(), p.sslMode(), p.sslRootCert());
    }

    /** The address for session work: the direct (unpooled) one when the profile has it. */
    public static Endpoint forSessionWork(ConnectionProfile p) {
        return of(p.forSessionWork());
    }

    public Endpoint withDatabase(String db) {
        return new Endpoint(name, dialect, host, port, db, user, sslMode, sslRootCert);
    }

    /** True when the CA file takes part: a verifying mode and a file given. */
    public boolean usesCaFile() {
        return sslMode.needsCaFile() && sslRootCert != null;
    }

    public boolean isRailway() {
        return ConnectionProfile.isRailwayProxy(host) || ConnectionProfile.isRailwayInternal(host);
    }

    /** "user@host:port/database", never a password. */
    public String address() {
        String where = host.contains(":") ? "[" + host + "]" : host;
        return user + "@" + where + ":" + port + "/" + database;
    }

    /** True for a connection given as a URL on the command line (--url), which has no saved profile. */
    public boolean fromUrl() {
        return name != null && name.startsWith(ConnectionProfile.URL_PREFIX);
    }
}
