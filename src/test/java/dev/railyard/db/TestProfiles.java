package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Profiles pointing at the test servers. */
final class TestProfiles {

    private TestProfiles() {
    }

    static ConnectionProfile profile(Dialect dialect, String host, int port, String database, String user,
                                     SslMode sslMode, String caFile) {
        return new ConnectionProfile("test-" + dialect.id() + "-" + port, dialect, host, port, database, user,
                sslMode, caFile, null, null, null, null, null, null, 0);
    }

    static ConnectionProfile postgres(int port, String database, String user, SslMode sslMode) {
        return profile(Dialect.POSTGRESQL, "127.0.0.1", port, database, user, sslMode, null);
    }

    static ConnectionProfile mysql(int port, String database, String user, SslMode sslMode) {
        return profile(Dialect.MYSQL, "127.0.0.1", port, database, user, sslMode, null);
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
