package dev.railyard.ui.migrate;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Databases;
import dev.railyard.db.SessionPool;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.profile.ConnectionAccess;
import javax.sql.DataSource;

/**
 * Flyway's connections for one job: {@link SessionPool} with the password the window holds for
 * the profile. Call on a job thread only: the password may have to be asked for.
 */
final class SessionWorkPool implements AutoCloseable {

    private final SessionPool pool;

    private SessionWorkPool(SessionPool pool) {
        this.pool = pool;
    }

    static SessionWorkPool open(Databases shared, ConnectionAccess access, ConnectionProfile profile) throws ConnectionProblem {
        String password = profile.forSessionWork().equals(profile) ? null : access.savedPassword(profile).orElse(null);
        return new SessionWorkPool(SessionPool.open(shared, profile, password));
    }

    DataSource dataSource() {
        return pool.dataSource();
    }

    @Override
    public void close() {
        pool.close();
    }
}
