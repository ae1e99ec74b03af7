package dev.railyard.backup.mysql;

import dev.railyard.home.AtomicFiles;
import dev.railyard.profile.SslMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private (0600) option file giving a native client its connection and password, passed as
 * {@code --defaults-extra-file=FILE} (which must be the first argument). The password is never on
 * a command line, where {@code ps} would show it. Deleted on {@link #close()}.
 */
final class MysqlOptionFile implements AutoCloseable {

    private final Path path;

    private MysqlOptionFile(Path path) {
        this.path = path;
    }

    /**
     * Writes the [client] group for {@code endpoint}.
     *
     * @throws IllegalArgumentException when the password cannot be written in an option file (it holds both
     *                                  quote characters); the caller then uses the built-in engine
     */
    static MysqlOptionFile write(MysqlEndpoint endpoint, MysqlTools.Tool tool) throws IOException {
        String password = endpoint.password();
        StringBuilder text = new StringBuilder("[client]\n");
        text.append("host=").append(quoted(endpoint.host())).append('\n');
        text.append("port=").append(endpoint.port()).append('\n');
        text.append("user=").append(quoted(endpoint.user())).append('\n');
        text.append("password=").append(quoted(password)).append('\n');
        text.append("default-character-set=utf8mb4\n");
        SslMode ssl = endpoint.sslMode();
        if (ssl.needsCaFile() && endpoint.sslRootCert() != null && !endpoint.sslRootCert().isBlank()) {
            text.append("ssl-ca=").append(quoted(endpoint.sslRootCert())).append('\n');
        }
        if (tool.mariaDb()) {
            switch (ssl) {
                case DISABLE -> text.append("skip-ssl\n");
                case PREFER, REQUIRE -> text.append("ssl\n")
                        // MariaDB 11.4+ verifies certificates by default; Railway's proxy is self-signed.
                        .append("loose-skip-ssl-verify-server-cert\n");
                case VERIFY_CA, VERIFY_FULL -> text.append("ssl\nssl-verify-server-cert\n");
            }
        } else {
            text.append("ssl-mode=").append(switch (ssl) {
                case DISABLE -> "DISABLED";
                case PREFER -> "PREFERRED";
                case REQUIRE -> "REQUIRED";
                case VERIFY_CA -> "VERIFY_CA";
                case VERIFY_FULL -> "VERIFY_IDENTITY";
            }).append('\n');
        }
        Path file = AtomicFiles.createPrivateTempFile("railyard-my-", ".cnf");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new MysqlOptionFile(file);
    }

    /** True when {@code value} can be written in an option file. */
    static boolean writable(String value) {
        return !(value.indexOf('"') >= 0 && value.indexOf('\'') >= 0);
    }

    /**
     * A value in quotes (so '#' and spaces survive), with the escapes option files understand;
     * the quote character is one the value does not contain.
     */
    static String quoted(String value) {
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

    /** The argument that must come first on the command line. */
    String argument() {
        return "--defaults-extra-file=" + path;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a 0600 temp file; the OS cleans its temp folder
        }
    }
}
