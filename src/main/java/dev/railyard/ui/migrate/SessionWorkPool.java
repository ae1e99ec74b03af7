package dev.railyard.ui.migrate;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Databases;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import dev.railyard.ui.profile.ConnectionAccess;
import javax.sql.DataSource;

/**
 * Flyway's connections for one job, on the profile's address for session work
 * ({@link ConnectionProfile#forSessionWork()}).
 *
 * <p>When that address is the profile's own, the shared pool serves. When the profile has a
 * separate direct (unpooled) address, the job gets a small pool of its own, closed with it: the
 * shared pools are kept by profile name, so asking them for the other address would close and
 * reopen the pool the views are using, aborting their connections (and a running migration's).
 * Call on a job thread only: the password may have to be asked for.
 */
final class SessionWorkPool implements AutoCloseable {

    private final DataSource dataSource;
    private final Databases own;

    private SessionWorkPool(DataSource dataSource, Databases own) {
        this.dataSource = dataSource;
        this.own = own;
    }

    static SessionWorkPool open(Databases shared, ConnectionAccess access, ConnectionProfile profile) throws ConnectionProblem {
        ConnectionProfile session = profile.forSessionWork();
        if (session.equals(profile)) {
            return new SessionWorkPool(dataSource(shared, session), null);
        }
        String password = access.savedPassword(profile).orElse(null);
        Databases own = new Databases(SecretStore.fixed(profile.name(), password, "this job's password"));
        try {
            return new SessionWorkPool(dataSource(own, session), own);
        } catch (ConnectionProblem | RuntimeException e) {
            own.close();
            throw e;
        }
    }

    DataSource dataSource() {
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
