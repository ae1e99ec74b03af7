package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * JDBC URLs and driver properties for a profile. The URL carries only host, port and database,
 * so it can be logged and shown; user, password and every other setting go in the Properties.
 */
public final class JdbcUrls {

    /** How long a connection attempt may take before it counts as a timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Shown to the server: PG's application_name, MySQL's program_name connection attribute. */
    public static final String APPLICATION_NAME = "railyard";

    private JdbcUrls() {
    }

    /** {@code jdbc:postgresql://host:port/db} or {@code jdbc:mysql://host:port/db}; never a credential. */
    public static String url(ConnectionProfile p) {
        return url(Endpoint.of(p));
    }

    /** As {@link #url(ConnectionProfile)}; a MySQL endpoint without a database gives {@code jdbc:mysql://host:port/}. */
    public static String url(Endpoint p) {
        String host = p.host().contains(":") && !p.host().startsWith("[") ? "[" + p.host() + "]" : p.host();
        String prefix = p.dialect() == Dialect.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mysql://";
        return prefix + host + ":" + p.port() + "/" + encode(p.database());
    }

    /** The driver's class, so pools need not look it up through DriverManager. */
    public static String driverClassName(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "org.postgresql.Driver" : "com.mysql.cj.jdbc.Driver";
    }

    public static Properties properties(ConnectionProfile p, String password) {
        return properties(p, password, CONNECT_TIMEOUT);
    }

    /**
     * Driver properties with the given connect timeout; {@code password} may be null (none sent).
     * No socket (read) timeout: backups and migrations run statements for minutes.
     */
    public static Properties properties(ConnectionProfile p, String password, Duration connectTimeout) {
        return properties(Endpoint.of(p), password, connectTimeout);
    }

    static Properties properties(Endpoint p, String password, Duration connectTimeout) {
        Properties props = new Properties();
        props.setProperty("user", p.user());
        if (password != null) {
            props.setProperty("password", password);
        }
        if (p.dialect() == Dialect.POSTGRESQL) {
            postgres(props, p, connectTimeout);
        } else {
            mysql(props, p, connectTimeout);
        }
        return props;
    }

    private static void postgres(Properties props, Endpoint p, Duration connectTimeout) {
        int seconds = (int) Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
        props.setProperty("ApplicationName", APPLICATION_NAME);
        // pgjdbc's sslmode words are libpq's. With "require" it encrypts and accepts any certificate,
        // which is what Railway's self-signed proxy certificate needs; no custom factory required.
        props.setProperty("sslmode", p.sslMode().id());
        if (p.sslMode().needsCaFile()) {
            if (p.usesCaFile()) {
                props.setProperty("sslrootcert", p.sslRootCert());
            } else {
                // No CA file: trust what Java trusts (public CAs) instead of libpq's ~/.postgresql/root.crt.
                props.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            }
        }
        // No GSSAPI: it would cost a round trip before TLS on every connect, and nobody uses it on Railway.
        props.setProperty("gssEncMode", "disable");
        // Every server we support is 9.0 or newer: application_name and extra_float_digits then travel in
        // the startup packet instead of a SET after it, a round trip less per connection.
        props.setProperty("assumeMinServerVersion", "9.0");
        props.setProperty("connectTimeout", Integer.toString(seconds));
        // connectTimeout covers only the TCP connect; loginTimeout bounds a server that accepts and hangs.
        props.setProperty("loginTimeout", Integer.toString(seconds));
        props.setProperty("socketTimeout", "0");
        props.setProperty("tcpKeepAlive", "true");
    }

    private static void mysql(Properties props, Endpoint p, Duration connectTimeout) {
        props.setProperty("sslMode", mysqlSslMode(p.sslMode()));
        if (p.usesCaFile()) {
            TrustStores.forCaFile(p.sslRootCert()).apply(props);
        }
        props.setProperty("connectionAttributes", "program_name:" + APPLICATION_NAME);
        // Connector/J applies connectTimeout to the TCP connect and the handshake that follows.
        props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toMillis())));
        props.setProperty("socketTimeout", "0");
        props.setProperty("tcpKeepAlive", "true");
        // caching_sha2_password over a connection without TLS needs the server's RSA key.
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("characterEncoding", "UTF-8");
        // Saves a round trip per borrow: the pool resets autocommit/read-only, and the driver
        // otherwise asks the server first.
        props.setProperty("useLocalSessionState", "true");
        // Batched INSERTs travel as multi-row statements: one round trip instead of one per row.
        props.setProperty("rewriteBatchedStatements", "true");
    }

    static String mysqlSslMode(SslMode mode) {
        return switch (mode) {
            case DISABLE -> "DISABLED";
            case PREFER -> "PREFERRED";
            case REQUIRE -> "REQUIRED";
            case VERIFY_CA -> "VERIFY_CA";
            case VERIFY_FULL -> "VERIFY_IDENTITY";
        };
    }

    private static String encode(String database) {
        return URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
