package dev.railyard.profile;

import dev.railyard.db.Dialect;
import java.util.Locale;
import java.util.Objects;

/**
 * A saved connection. The password is not here: it lives in the SecretStore under the
 * profile's name, so this record can be written to profiles.json, logged and shown.
 *
 * @param name          unique, shown in the sidebar and used on the command line
 * @param unpooledHost  when the profile's URL points at PgBouncer: the direct host for
 *                      backups and migrations (from DATABASE_PUBLIC_UNPOOLED_URL); null otherwise
 * @param unpooledPort  its port, 0 when none
 * @param backupFolder  null for the default RAILYARD_HOME/backups/NAME
 */
public record ConnectionProfile(
        String name,
        Dialect dialect,
        String host,
        int port,
        String database,
        String user,
        SslMode sslMode,
        String sslRootCert,
        EnvironmentTag environment,
        String notes,
        String backupFolder,
        MigrationSettings migrations,
        SecretMode secretMode,
        String unpooledHost,
        int unpooledPort) {

    public ConnectionProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(host, "host");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A profile needs a name");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is out of range 1-65535");
        }
        database = database == null ? "" : database;
        user = user == null || user.isBlank() ? dialect.defaultUser() : user;
        sslMode = sslMode == null ? defaultSslMode(host) : sslMode;
        environment = environment == null ? EnvironmentTag.DEVELOPMENT : environment;
        notes = notes == null ? "" : notes;
        migrations = migrations == null ? MigrationSettings.none() : migrations;
        secretMode = secretMode == null ? SecretMode.VAULT : secretMode;
    }

    /** A profile with everything but the essentials at its default. */
    public static ConnectionProfile of(String name, Dialect dialect, String host, int port, String database, String user) {
        return new ConnectionProfile(name, dialect, host, port, database, user, null, null, null, null, null, null, null, null, 0);
    }

    /** Railway's proxy serves a self-signed certificate: require TLS without verifying it there, prefer it elsewhere. */
    public static SslMode defaultSslMode(String host) {
        return isRailwayProxy(host) ? SslMode.REQUIRE : SslMode.PREFER;
    }

    public static boolean isRailwayProxy(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return h.endsWith(".rlwy.net") || h.equals("rlwy.net");
    }

    public static boolean isRailwayInternal(String host) {
        return host != null && host.toLowerCase(Locale.ROOT).endsWith(".railway.internal");
    }

    /** True for hosts whose traffic Railway bills as egress. */
    public boolean isRailway() {
        return isRailwayProxy(host) || isRailwayInternal(host);
    }

    public boolean hasUnpooled() {
        return unpooledHost != null && !unpooledHost.isBlank() && unpooledPort > 0;
    }

    /**
     * The profile to use for backups, restores and migrations: the direct (unpooled) address when
     * the profile's URL points at PgBouncer, whose transaction pooling breaks session work.
     */
    public ConnectionProfile forSessionWork() {
        if (!hasUnpooled()) {
            return this;
        }
        return new ConnectionProfile(name, dialect, unpooledHost, unpooledPort, database, user, sslMode, sslRootCert,
                environment, notes, backupFolder, migrations, secretMode, null, 0);
    }

    /** "postgres@name.proxy.rlwy.net:12345/railway" — never with a password. */
    public String address() {
        String where = host.contains(":") ? "[" + host + "]" : host;
        return user + "@" + where + ":" + port + "/" + database;
    }

    /** The name of a connection given as a URL on the command line, not saved: "url:host:port/database". */
    public static final String URL_PREFIX = "url:";

    /** True for a connection given as a URL (--url), which has no saved profile to update. */
    public boolean fromUrl() {
        return name.startsWith(URL_PREFIX);
    }

    public ConnectionProfile withName(String newName) {
        return new ConnectionProfile(newName, dialect, host, port, database, user, sslMode, sslRootCert, environment,
                notes, backupFolder, migrations, secretMode, unpooledHost, unpooledPort);
    }

    public ConnectionProfile withEnvironment(EnvironmentTag tag) {
        return new ConnectionProfile(name, dialect, host, port, database, user, sslMode, sslRootCert, tag,
                notes, backupFolder, migrations, secretMode, unpooledHost, unpooledPort);
    }

    public ConnectionProfile withSslMode(SslMode mode) {
        return new ConnectionProfile(name, dialect, host, port, database, user, mode, sslRootCert, environment,
                notes, backupFolder, migrations, secretMode, unpooledHost, unpooledPort);
    }

    public ConnectionProfile withMigrations(MigrationSettings settings) {
        return new ConnectionProfile(name, dialect, host, port, database, user, sslMode, sslRootCert, environment,
                notes, backupFolder, settings, secretMode, unpooledHost, unpooledPort);
    }

    public ConnectionProfile withDatabase(String db) {
        return new ConnectionProfile(name, dialect, host, port, db, user, sslMode, sslRootCert, environment,
                notes, backupFolder, migrations, secretMode, unpooledHost, unpooledPort);
    }

    public ConnectionProfile withSecretMode(SecretMode mode) {
        return new ConnectionProfile(name, dialect, host, port, database, user, sslMode, sslRootCert, environment,
                notes, backupFolder, migrations, mode, unpooledHost, unpooledPort);
    }
}
