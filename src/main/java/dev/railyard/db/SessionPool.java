package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import javax.sql.DataSource;

/**
 * Connections for one piece of session work (a migration, a release) on the profile's address for
 * session work ({@link ConnectionProfile#forSessionWork()}).
 *
 * <p>When that address is the profile's own, the shared pool serves. When the profile has a
 * separate direct (unpooled) address, the work gets a small pool of its own, closed with it: the
 * shared pools are kept by profile name, so asking them for the other address would close and
 * reopen the pool the views are using, aborting their connections (and a running migration's).
 */
public final class SessionPool implements AutoCloseable {

    private final DataSource dataSource;
    private final Databases own;

    private SessionPool(DataSource dataSource, Databases own) {
        this.dataSource = dataSource;
        this.own = own;
    }

    /**
     * @param shared   the views' pools
     * @param profile  the profile as saved (not its session-work form)
     * @param password its password, null when none is needed
     */
    public static SessionPool open(Databases shared, ConnectionProfile profile, String password) throws ConnectionProblem {
        ConnectionProfile session = profile.forSessionWork();
        if (session.equals(profile)) {
            return new SessionPool(dataSource(shared, session), null);
        }
        Databases own = new Databases(SecretStore.fixed(profile.name(), password, "this job's password"));
        try {
            return new SessionPool(dataSource(own, session), own);
        } catch (ConnectionProblem | RuntimeException e) {
            own.close();
            throw e;
        }
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
