package dev.railyard.db;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment of every child process Railyard starts (pg_dump, mysql, a local server, the
 * keychain tool). A child gets an allow-list of the parent's variables (what a program needs to
 * run: PATH, HOME, locale, time zone, temp folder) plus what its caller adds, never the whole
 * parent environment: {@code RAILYARD_VAULT_PASSWORD} or a stray {@code PGHOST} in the user's shell
 * must not reach a tool. {@link #libpq} gives libpq tools the same connection rules as
 * {@link Connections}; MySQL clients get theirs through {@link MysqlClientOptions}.
 */
public final class ChildEnvironment {

    /** Passed on as they are. */
    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "USER",
            "LOGNAME",
            // Windows needs these to start any program and find its temp and profile folders.
            "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
            "PROGRAMDATA",
            // Where libpq looks for a password file or a service file the user keeps.
            "PGPASSFILE", "PGSERVICEFILE");

    /** The desktop session a keychain tool talks to. */
    private static final Set<String> DESKTOP = Set.of("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY",
            "WAYLAND_DISPLAY");

    private ChildEnvironment() {
    }

    /** The allowed part of this process's environment. */
    public static Map<String, String> base() {
        return base(System.getenv(), false);
    }

    /** With the desktop session's variables too (for the OS keychain's command-line tool). */
    public static Map<String, String> desktop() {
        return base(System.getenv(), true);
    }

    static Map<String, String> base(Map<String, String> parent, boolean desktop) {
        Map<String, String> env = new LinkedHashMap<>();
        parent.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (ALLOWED.contains(upper) || upper.startsWith("LC_") || desktop && DESKTOP.contains(upper)) {
                env.put(name, value);
            }
        });
        return env;
    }

    /**
     * Replaces {@code builder}'s environment (a copy of the parent's by default) with {@link #base()}
     * and {@code extra}. Returns the builder.
     */
    public static ProcessBuilder apply(ProcessBuilder builder, Map<String, String> extra) {
        return replace(builder, base(), extra);
    }

    /** As {@link #apply}, with the desktop session's variables. */
    public static ProcessBuilder applyDesktop(ProcessBuilder builder) {
        return replace(builder, desktop(), Map.of());
    }

    private static ProcessBuilder replace(ProcessBuilder builder, Map<String, String> base, Map<String, String> extra) {
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(base);
        env.putAll(extra);
        return builder;
    }

    /**
     * libpq's variables for a PostgreSQL tool: address, TLS as {@link Connections} sets it (mode
     * and CA file), the connect timeout, application_name and the password (PGPASSWORD; never an
     * argument, where {@code ps} would show it).
     */
    public static Map<String, String> libpq(Endpoint e, String password, Connections.Purpose purpose) {
        return libpq(e, password, purpose.applicationName());
    }

    /** As {@link #libpq(Endpoint, String, Connections.Purpose)}, with a more precise application name. */
    public static Map<String, String> libpq(Endpoint e, String password, String applicationName) {
        if (e.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("libpq settings are for PostgreSQL, not " + e.dialect());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", e.host());
        env.put("PGPORT", Integer.toString(e.port()));
        env.put("PGDATABASE", e.database());
        env.put("PGUSER", e.user());
        env.put("PGSSLMODE", e.sslMode().id());
        if (e.usesCaFile()) {
            env.put("PGSSLROOTCERT", e.sslRootCert());
        }
        // As the driver: no GSSAPI round trip before TLS.
        env.put("PGGSSENCMODE", "disable");
        env.put("PGCONNECT_TIMEOUT", Long.toString(Math.max(2, JdbcUrls.CONNECT_TIMEOUT.toSeconds())));
        env.put("PGAPPNAME", applicationName);
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }

    /**
     * The database's address for a migrator the user names ({@code npx knex migrate:latest},
     * {@code alembic upgrade head}): the variables Railway gives a service that uses the database,
     * because that is where these tools look for it. {@code DATABASE_URL}, plus
     * {@code PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE} or
     * {@code MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD/MYSQL_DATABASE}. Unlike a native tool of
     * ours, which needs only the password variable, a migrator reads its address in its own way (most
     * from {@code DATABASE_URL}, some from the separate variables), so it gets the whole set, and
     * the password is in two of them; never in an argument. No {@code PGSSLMODE}: Railway's own
     * variables carry none and Node's pg driver reads {@code prefer} or {@code require} as "verify
     * the certificate", which Railway's self-signed proxy certificate fails; TLS stays as the
     * project configured it for Railway.
     */
    public static Map<String, String> databaseAddress(Endpoint e, String password) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean pg = e.dialect() == Dialect.POSTGRESQL;
        String where = e.host().contains(":") ? "[" + e.host() + "]" : e.host();
        String credentials = urlPart(e.user()) + (password == null ? "" : ":" + urlPart(password));
        env.put("DATABASE_URL", (pg ? "postgresql" : "mysql") + "://" + credentials + "@" + where + ":" + e.port()
                + "/" + urlPart(e.database()));
        String prefix = pg ? "PG" : "MYSQL_";
        env.put(prefix + "HOST", e.host());
        env.put(prefix + "PORT", Integer.toString(e.port()));
        env.put(prefix + "USER", e.user());
        if (password != null) {
            env.put(prefix + "PASSWORD", password);
        }
        env.put(prefix + "DATABASE", e.database());
        return env;
    }

    /** Percent-encodes a URL's user, password or path part (a space as %20, not +). */
    private static String urlPart(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
