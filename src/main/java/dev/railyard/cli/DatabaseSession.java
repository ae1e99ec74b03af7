package dev.railyard.cli;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Databases;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * The connections one CLI command uses: a small pool for the resolved profile, with the password
 * this run resolved (never written anywhere), closed when the command ends.
 */
public final class DatabaseSession implements AutoCloseable {

    private final ConnectionProfile profile;
    private final Databases databases;

    /**
     * @param sessionWork true for backups, restores and migrations: they use the unpooled address
     *                    when the profile has one (PgBouncer breaks session state)
     */
    public DatabaseSession(ResolvedConnection resolved, boolean sessionWork) {
        this.profile = sessionWork ? resolved.profile().forSessionWork() : resolved.profile();
        this.databases = new Databases(SecretStore.fixed(profile.name(), resolved.password(), "this command's password"));
    }

    public ConnectionProfile profile() {
        return profile;
    }

    /** The pool; a failure to connect surfaces as a classified problem. */
    public DataSource dataSource() throws ConnectionProblem {
        try {
            return databases.dataSource(profile);
        } catch (Databases.UnreachableException e) {
            throw e.problem();
        }
    }

    public Connection connect() throws ConnectionProblem {
        return databases.connect(profile);
    }

    @Override
    public void close() {
        databases.close();
    }
}
