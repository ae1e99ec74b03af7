package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that failed, classified and worded for a DBA: {@link #summary()} says what failed
 * and where (user@host:port, never the password), {@link #fix()} the likely remedy. The driver's
 * exception stays attached as the cause for the log; UIs show summary and fix only.
 */
public class ConnectionProblem extends Exception implements dev.railyard.task.ReportedFailure {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionProblem.class);

    /** What kind of failure, in the order a DBA would check them. */
    public enum Kind {
        DNS("Host not found"),
        REFUSED("Connection refused"),
        TIMEOUT("No answer"),
        TLS("TLS problem"),
        AUTH("Authentication failed"),
        DATABASE_MISSING("Database missing"),
        TOO_MANY_CONNECTIONS("Too many connections"),
        UNSUPPORTED_SERVER("Unsupported server"),
        OTHER("Connection failed");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    private final Kind kind;
    private final String summary;
    private final String fix;

    public ConnectionProblem(Kind kind, String summary, String fix, Throwable cause) {
        super(summary + " — " + fix, cause);
        this.kind = kind;
        this.summary = summary;
        this.fix = fix;
    }

    public Kind kind() {
        return kind;
    }

    /** What failed and where: "Authentication failed for user postgres at x.proxy.rlwy.net:12345". */
    public String summary() {
        return summary;
    }

    /** What to do: "check PGPASSWORD in the Railway variables". */
    public String fix() {
        return fix;
    }

    /**
     * Classifies a failed connection attempt and logs the full detail.
     *
     * @param passwordGiven   whether a password was sent (an auth failure without one has its own fix)
     * @param connectTimeout  the bound the attempt had, named in timeout messages
     */
    public static ConnectionProblem classify(ConnectionProfile p, Throwable failure, boolean passwordGiven,
                                             Duration connectTimeout) {
        return classify(Endpoint.of(p), failure, passwordGiven, connectTimeout);
    }

    /** As {@link #classify(ConnectionProfile, Throwable, boolean, Duration)}, for any endpoint. */
    public static ConnectionProblem classify(Endpoint p, Throwable failure, boolean passwordGiven,
                                             Duration connectTimeout) {
        ConnectionProblem already = find(failure);
        if (already != null) {
            return already;
        }
        ConnectionProblem problem = new Classifier(p, passwordGiven, connectTimeout).classify(failure);
        // A classified failure is an answer, not a defect: one line with the driver's reason; the
        // stack trace only at debug level (it stays attached as the cause for whoever shows it).
        LOG.warn("Connecting to {} failed: {} ({}; {})", p.address(), problem.summary(), problem.kind(),
                Classifier.firstLine(Classifier.rootMessage(Classifier.chain(failure))));
        LOG.debug("Connecting to {} failed", p.address(), failure);
        return problem;
    }

    /**
     * As {@link #classify(Endpoint, Throwable, boolean, Duration)}, logging at debug level only: for
     * checks that repeat while a server is down (the health check), where the state shown is the report.
     */
    public static ConnectionProblem classifyQuietly(Endpoint p, Throwable failure, boolean passwordGiven,
                                                    Duration connectTimeout) {
        ConnectionProblem already = find(failure);
        if (already != null) {
            return already;
        }
        ConnectionProblem problem = new Classifier(p, passwordGiven, connectTimeout).classify(failure);
        LOG.debug("{} did not answer: {} ({})", p.address(), problem.summary(), problem.kind(), failure);
        return problem;
    }

    /**
     * The problem a native tool (pg_dump, psql, mysqldump) reports on its error output when it could
     * not connect, classified as a driver's failure would be; null when the output tells no known
     * connection problem (the tool's own message then stands).
     */
    public static ConnectionProblem ofToolOutput(Endpoint p, String toolOutput, boolean passwordGiven) {
        String lower = toolOutput == null ? "" : toolOutput.toLowerCase(Locale.ROOT);
        boolean connecting = lower.contains("connection to server") || lower.contains("when trying to connect")
                || lower.contains("can't connect") || lower.contains("could not connect");
        if (!connecting) {
            return null;
        }
        SQLException failure = new SQLException(toolOutput.strip());
        ConnectionProblem problem = new Classifier(p, passwordGiven, JdbcUrls.CONNECT_TIMEOUT).byMessage(failure, failure);
        if (problem != null) {
            LOG.warn("A native tool could not connect to {}: {} ({})", p.address(), problem.summary(), problem.kind());
        }
        return problem;
    }

    /** The problem already classified somewhere in {@code failure}'s causes (by {@link Connections}), or null. */
    public static ConnectionProblem find(Throwable failure) {
        for (Throwable t : Classifier.chain(failure)) {
            if (t instanceof ConnectionProblem problem) {
                return problem;
            }
        }
        return null;
    }

    /** The problem for a server older than Railyard supports. */
    public static ConnectionProblem unsupportedServer(ConnectionProfile p, String product, String version, String minimum) {
        return new ConnectionProblem(Kind.UNSUPPORTED_SERVER,
                product + " " + version + " at " + where(p) + " is older than Railyard supports",
                "Railyard needs " + minimum + " or newer; upgrade the database service (on Railway: deploy a newer image)",
                null);
    }

    private static String where(ConnectionProfile p) {
        return where(Endpoint.of(p));
    }

    private static String where(Endpoint p) {
        String host = p.host().contains(":") ? "[" + p.host() + "]" : p.host();
        return host + ":" + p.port();
    }

    /** Walks a failure's causes (and SQLException chains) and picks the first telling sign. */
    private static final class Classifier {
        private final Endpoint p;
        private final boolean passwordGiven;
        private final Duration timeout;
        private final boolean postgres;

        Classifier(Endpoint p, boolean passwordGiven, Duration timeout) {
            this.p = p;
            this.passwordGiven = passwordGiven;
            this.timeout = timeout;
            this.postgres = p.dialect() == Dialect.POSTGRESQL;
        }

        ConnectionProblem classify(Throwable failure) {
            List<Throwable> chain = chain(failure);
            // Server answers first: an SQLState or error code is the surest sign.
            for (Throwable t : chain) {
                if (t instanceof SQLException sql) {
                    ConnectionProblem byCode = byServerCode(sql, failure);
                    if (byCode != null) {
                        return byCode;
                    }
                }
            }
            for (Throwable t : chain) {
                ConnectionProblem byCause = byCause(t, failure);
                if (byCause != null) {
                    return byCause;
                }
            }
            for (Throwable t : chain) {
                ConnectionProblem byMessage = byMessage(t, failure);
                if (byMessage != null) {
                    return byMessage;
                }
            }
            if (failure instanceof SQLTransientConnectionException) {
                return timeout(failure); // a pool that waited in vain, with no failure of its own to show
            }
            return new ConnectionProblem(Kind.OTHER,
                    "Cannot connect to " + p.user() + "@" + where(p) + ": " + firstLine(rootMessage(chain)),
                    "The log has the full error; check the host, port and SSL mode of the profile", failure);
        }

        private ConnectionProblem byServerCode(SQLException sql, Throwable failure) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            int code = sql.getErrorCode();
            String message = sql.getMessage() == null ? "" : sql.getMessage();
            if (postgres) {
                switch (state) {
                    case "28P01":
                        return auth(failure);
                    case "28000":
                        if (message.contains("pg_hba.conf")) {
                            return new ConnectionProblem(Kind.AUTH,
                                    "The server at " + where(p) + " does not let user " + p.user() + " connect from here"
                                            + (p.sslMode() == SslMode.DISABLE ? " without TLS" : ""),
                                    "Its pg_hba.conf has no line for this user, database and address; "
                                            + "try SSL mode 'require', or ask the server's owner to allow it", failure);
                        }
                        return auth(failure);
                    case "3D000":
                        return databaseMissing(failure);
                    case "53300":
                        return tooMany(failure);
                    default:
                        return null;
                }
            }
            return switch (code) {
                case 1045 -> auth(failure);
                case 1044 -> new ConnectionProblem(Kind.AUTH,
                        "User " + p.user() + " may not use database '" + p.database() + "' at " + where(p),
                        "Grant the user access to the database, or pick the database from MYSQLDATABASE in the Railway variables",
                        failure);
                case 1130 -> new ConnectionProblem(Kind.AUTH,
                        "The server at " + where(p) + " does not let user " + p.user() + " connect from this address",
                        "Allow the user from any host ('" + p.user() + "'@'%'), or connect through Railway's public proxy",
                        failure);
                case 1049 -> databaseMissing(failure);
                case 1040, 1203, 1226 -> tooMany(failure);
                default -> null;
            };
        }

        private ConnectionProblem byCause(Throwable t, Throwable failure) {
            if (t instanceof UnknownHostException) {
                return dns(failure);
            }
            if (t instanceof SSLHandshakeException || t instanceof SSLException) {
                return tls(t, failure);
            }
            if (t instanceof CertificateException || t instanceof CertPathValidatorException) {
                return hostMismatch(t) ? hostMismatch(List.of(), failure) : untrusted(failure);
            }
            if (t instanceof SocketTimeoutException) {
                return timeout(failure);
            }
            if (t instanceof NoRouteToHostException) {
                return new ConnectionProblem(Kind.TIMEOUT, "No route to " + where(p) + ": the network cannot reach the host",
                        "Check your network, VPN and firewall; " + networkingHint(), failure);
            }
            if (t instanceof ConnectException) {
                String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                return message.contains("timed out") ? timeout(failure) : refused(failure);
            }
            return null;
        }

        private ConnectionProblem byMessage(Throwable t, Throwable failure) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("server does not support ssl") || lower.contains("ssl connection required, but not provided")
                    || (lower.contains("ssl") && lower.contains("not supported by server"))) {
                return new ConnectionProblem(Kind.TLS,
                        "The server at " + where(p) + " does not offer TLS, but SSL mode '" + p.sslMode().id() + "' requires it",
                        "Choose SSL mode 'prefer' (or 'disable' on a network you trust), or enable TLS on the server",
                        failure);
            }
            if (hostMismatch(t)) {
                return hostMismatch(namedByLibpq(message), failure);
            }
            if (lower.contains("the ca file")) {
                return new ConnectionProblem(Kind.TLS, message,
                        "Check the CA file of profile '" + p.name() + "': it must be a readable PEM certificate", failure);
            }
            if (lower.contains("certificate") && (lower.contains("trust") || lower.contains("verif") || lower.contains("root"))) {
                return untrusted(failure);
            }
            if (lower.contains("connection attempt timed out") || lower.contains("connection attempt exceeded")) {
                return timeout(failure);
            }
            if (lower.contains("no password was provided") || lower.contains("password authentication")) {
                return auth(failure);
            }
            return null;
        }

        private ConnectionProblem dns(Throwable failure) {
            if (ConnectionProfile.isRailwayInternal(p.host())) {
                return new ConnectionProblem(Kind.DNS,
                        "Cannot resolve " + p.host() + ": it is Railway's private network name, reachable only inside Railway",
                        "Enable Public Networking on the database service and use its *.proxy.rlwy.net address "
                                + "(DATABASE_PUBLIC_URL / MYSQL_PUBLIC_URL), or run `railway connect --tunnel-only`", failure);
            }
            return new ConnectionProblem(Kind.DNS,
                    "Cannot resolve host " + p.host() + ": the name does not exist or there is no network",
                    "Check the host name against the Railway variables (" + (postgres ? "PGHOST" : "MYSQLHOST")
                            + " / the public URL) and your internet connection", failure);
        }

        private ConnectionProblem refused(Throwable failure) {
            String fix = p.isRailway()
                    ? "Railway's public port changes when the TCP proxy is recreated: copy the current "
                    + (postgres ? "DATABASE_PUBLIC_URL" : "MYSQL_PUBLIC_URL") + ", and check that the service is running"
                    : "Check the port, and that the database server is running and listening on this address";
            return new ConnectionProblem(Kind.REFUSED,
                    "Connection refused by " + where(p) + ": nothing is listening on that port", fix, failure);
        }

        private ConnectionProblem timeout(Throwable failure) {
            return new ConnectionProblem(Kind.TIMEOUT,
                    "No answer from " + where(p) + " within " + seconds(timeout),
                    "Check that the service is up and not sleeping or redeploying, that no firewall or VPN blocks the port; "
                            + networkingHint(), failure);
        }

        private String networkingHint() {
            return p.isRailway() || ConnectionProfile.isRailwayInternal(p.host())
                    ? "on Railway, Public Networking must be enabled on the database service"
                    : "the server must accept connections from your address";
        }

        private ConnectionProblem tls(Throwable t, Throwable failure) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (hostMismatch(c)) {
                    return hostMismatch(List.of(), failure);
                }
                if (c instanceof CertificateException || c instanceof CertPathValidatorException) {
                    return untrusted(failure);
                }
                String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("pkix") || m.contains("certificate") || m.contains("hostname") || m.contains("subject alternative")) {
                    return untrusted(failure);
                }
            }
            return new ConnectionProblem(Kind.TLS,
                    "The TLS handshake with " + where(p) + " failed (SSL mode '" + p.sslMode().id() + "')",
                    "Try SSL mode 'require'; if it still fails, the server's TLS versions or ciphers do not match Java's "
                            + "(the log has the details)", failure);
        }

        /**
         * The certificate is trusted but names another host (verify-full): Connector/J's "Server
         * identity verification failed", PgJDBC's "could not be verified by hostnameverifier", the
         * JDK's "No subject alternative names matching", libpq's "does not match host name".
         */
        private static boolean hostMismatch(Throwable t) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            return m.contains("identity verification failed") || m.contains("could not be verified by hostnameverifier")
                    || (m.contains("no subject alternative") && m.contains("matching"))
                    || m.contains("does not match host name")
                    || m.contains("x509 certificate matching functions");
        }

        /** libpq names the certificate's host when it has one name: server certificate for "x" does not match... */
        private static List<String> namedByLibpq(String message) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("server certificate for \"([^\"]+)\" does not match").matcher(message);
            return m.find() ? List.of(m.group(1)) : List.of();
        }

        private ConnectionProblem hostMismatch(List<String> named, Throwable failure) {
            // The drivers do not say which names the certificate holds: read them (only to word the message).
            List<String> names = named.isEmpty() ? CertificateNames.of(p, timeout) : named;
            String mode = " (SSL mode '" + p.sslMode().id() + "')";
            String summary = names.isEmpty()
                    ? "The TLS certificate of " + where(p) + " is not for host " + p.host() + mode
                    : "The TLS certificate of " + where(p) + " is for " + String.join(", ", names) + ", not for host "
                    + p.host() + mode;
            String fix = "The CA is right but the name is not: connect with a host name the certificate names"
                    + (names.isEmpty() ? "" : " (" + names.get(0) + ")")
                    + ", or use SSL mode 'verify-ca', which checks the CA but not the host name";
            return new ConnectionProblem(Kind.TLS, summary, fix, failure);
        }

        private ConnectionProblem untrusted(Throwable failure) {
            String fix = ConnectionProfile.isRailwayProxy(p.host())
                    ? "Railway's proxy serves a self-signed certificate: use SSL mode 'require', which encrypts without verifying"
                    : "Give the CA certificate that signed the server's certificate (CA file) for verify-ca/verify-full, "
                    + "or use SSL mode 'require' to encrypt without verifying";
            return new ConnectionProblem(Kind.TLS,
                    "The TLS certificate of " + where(p) + " is not trusted (SSL mode '" + p.sslMode().id() + "')", fix, failure);
        }

        private ConnectionProblem auth(Throwable failure) {
            String summary = "Authentication failed for user " + p.user() + " at " + where(p);
            if (!passwordGiven) {
                return new ConnectionProblem(Kind.AUTH, summary + ": no password was given", (p.fromUrl()
                        ? "Put the password in the URL (user:password@host) or save a profile with it"
                        : "Store the password in profile '" + p.name() + "' (or pass it with --password-stdin)")
                        + "; it is " + passwordVariable() + " in the Railway variables", failure);
            }
            return new ConnectionProblem(Kind.AUTH, summary, "Check " + passwordVariable() + " in the Railway variables and "
                    + (p.fromUrl() ? "the password in the URL" : "update the password of profile '" + p.name() + "'"), failure);
        }

        private String passwordVariable() {
            if (postgres) {
                return "PGPASSWORD";
            }
            return "root".equals(p.user()) ? "MYSQL_ROOT_PASSWORD (or MYSQLPASSWORD)" : "MYSQLPASSWORD";
        }

        private ConnectionProblem databaseMissing(Throwable failure) {
            return new ConnectionProblem(Kind.DATABASE_MISSING,
                    "Database '" + p.database() + "' does not exist at " + where(p),
                    "Check " + (postgres ? "PGDATABASE" : "MYSQLDATABASE") + " in the Railway variables "
                            + "(Railway's default is 'railway'), or create the database", failure);
        }

        private ConnectionProblem tooMany(Throwable failure) {
            return new ConnectionProblem(Kind.TOO_MANY_CONNECTIONS,
                    "The server at " + where(p) + " refused user " + p.user() + ": too many connections",
                    "Close idle sessions (the Activity view lists them) or raise " + (postgres ? "max_connections" : "max_connections / max_user_connections")
                            + "; Railyard itself opens at most " + Databases.MAX_POOL_SIZE + " per profile", failure);
        }

        private static String seconds(Duration d) {
            long millis = d.toMillis();
            return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }

        private static List<Throwable> chain(Throwable failure) {
            List<Throwable> out = new ArrayList<>();
            Map<Throwable, Boolean> seen = new IdentityHashMap<>();
            collect(failure, out, seen);
            return out;
        }

        private static void collect(Throwable t, List<Throwable> out, Map<Throwable, Boolean> seen) {
            for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
                out.add(c);
                if (c instanceof SQLException sql && sql.getNextException() != null) {
                    collect(sql.getNextException(), out, seen);
                }
                for (Throwable suppressed : c.getSuppressed()) {
                    collect(suppressed, out, seen);
                }
            }
        }

        private static String rootMessage(List<Throwable> chain) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                String m = chain.get(i).getMessage();
                if (m != null && !m.isBlank()) {
                    return m;
                }
            }
            return chain.isEmpty() ? "unknown error" : chain.get(0).getClass().getSimpleName();
        }

        private static String firstLine(String text) {
            String line = text.strip().lines().findFirst().orElse("");
            return line.length() > 200 ? line.substring(0, 200) + "…" : line;
        }
    }
}
