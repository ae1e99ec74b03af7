package dev.railyard.db;

/**
 * The {@code [client]} option group that gives a native MySQL or MariaDB client (mysqldump,
 * mysql, mariadb-dump) its connection: address, password, and TLS as {@link Connections} sets it
 * (mode and CA file). It goes in a private (0600) option file passed as
 * {@code --defaults-extra-file}, so the password is never on a command line.
 */
public final class MysqlClientOptions {

    private MysqlClientOptions() {
    }

    /**
     * The option group's text.
     *
     * @param mariaDbClient the client is MariaDB's, which knows {@code ssl-verify-server-cert} instead of {@code ssl-mode}
     * @throws IllegalArgumentException when a value holds both quote characters ({@link #writable})
     */
    public static String text(Endpoint e, String password, boolean mariaDbClient) {
        if (e.dialect() != Dialect.MYSQL) {
            throw new IllegalArgumentException("MySQL client options are for MySQL, not " + e.dialect());
        }
        StringBuilder text = new StringBuilder("[client]\n");
        text.append("host=").append(quoted(e.host())).append('\n');
        text.append("port=").append(e.port()).append('\n');
        text.append("user=").append(quoted(e.user())).append('\n');
        text.append("password=").append(quoted(password == null ? "" : password)).append('\n');
        text.append("default-character-set=utf8mb4\n");
        long connectTimeout = Math.max(2, JdbcUrls.CONNECT_TIMEOUT.toSeconds());
        if (mariaDbClient) {
            // "loose-": a client that does not know the option skips it instead of failing.
            text.append("loose-connect-timeout=").append(connectTimeout).append('\n');
        }
        if (e.usesCaFile()) {
            text.append("ssl-ca=").append(quoted(e.sslRootCert())).append('\n');
        }
        if (mariaDbClient) {
            switch (e.sslMode()) {
                case DISABLE -> text.append("skip-ssl\n");
                case PREFER, REQUIRE -> text.append("ssl\n")
                        // MariaDB 11.4+ verifies certificates by default; Railway's proxy is self-signed.
                        .append("loose-skip-ssl-verify-server-cert\n");
                case VERIFY_CA, VERIFY_FULL -> text.append("ssl\nssl-verify-server-cert\n");
            }
        } else {
            text.append("ssl-mode=").append(JdbcUrls.mysqlSslMode(e.sslMode())).append('\n');
            // MySQL 8+'s caching_sha2_password needs TLS or the server's RSA key to send a password the
            // server has not cached yet ("Authentication requires secure connection"): as Connector/J's
            // allowPublicKeyRetrieval, ask for the key when there is no TLS.
            text.append("loose-get-server-public-key\n");
            // Oracle's mysqldump does not know connect-timeout and warns about it on every run, even
            // "loose-": only the mysql client's own group gets it.
            text.append("[mysql]\nconnect-timeout=").append(connectTimeout).append('\n');
        }
        return text.toString();
    }

    /** True when {@code value} can be written in an option file. */
    public static boolean writable(String value) {
        return !(value.indexOf('"') >= 0 && value.indexOf('\'') >= 0);
    }

    /**
     * A value in quotes (so '#' and spaces survive), with the escapes option files understand;
     * the quote character is one the value does not contain.
     */
    public static String quoted(String value) {
        if (!writable(value)) {
            throw new IllegalArgumentException("The value holds both quote characters and cannot go in an option file");
        }
        char quote = value.indexOf('"') >= 0 ? '\'' : '"';
        StringBuilder sb = new StringBuilder().append(quote);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }
}
