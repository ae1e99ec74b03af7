package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import javax.sql.DataSource;

/**
 * Connections for one piece of session work (Flyway, a release), on the profile's address for
 * session work ({@link ConnectionProfile#forSessionWork()}).
 *
 * <p>When that address is the profile's own, the shared views' pool serves. When the profile has
 * a separate direct (unpooled) address, the work gets a small pool of its own, closed with it:
 * the shared pools are kept by profile name, so asking them for the other address would close and
 * reopen the pool the views are using, aborting their connections (and a running migration's).
 * Open it on a worker thread: it connects.
 */
public final class SessionPool implements AutoCloseable {

    private final DataSource dataSource;
    private final Databases own;

    private SessionPool(DataSource dataSource, Databases own) {
        this.dataSource = dataSource;
        this.own = own;
    }

    /**
     * @param shared   the views' pools, used when the profile has one address only
     * @param password asked only when the work needs a pool of its own (it may prompt or unlock a vault)
     */
    public static SessionPool open(Databases shared, ConnectionProfile profile, PasswordSource password)
            throws ConnectionProblem {
        ConnectionProfile session = profile.forSessionWork();
        if (session.equals(profile)) {
            return new SessionPool(dataSource(shared, session), null);
        }
        Databases own = new Databases(SecretStore.fixed(profile.name(), password.password(), "this work's password"),
                JdbcUrls.CONNECT_TIMEOUT, Connections.Purpose.MIGRATION);
        try {
            return new SessionPool(dataSource(own, session), own);
        } catch (ConnectionProblem | RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /** The profile's password, null for none. */
    @FunctionalInterface
    public interface PasswordSource {
        String password() throws ConnectionProblem;
    }

    /** True when this work has a pool of its own (the profile has a direct address). */
    public boolean ownsPool() {
        return own != null;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }

    private static DataSource dataSource(Databases databases, ConnectionProfile profile) throws ConnectionProblem {
        try {
            return databases.dataSource(profile);
        } catch (Databases.UnreachableException e) {
            throw e.problem();
        }
    }
}
