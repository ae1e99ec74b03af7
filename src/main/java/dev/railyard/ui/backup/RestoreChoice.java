package dev.railyard.ui.backup;

import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.mysql.MysqlRestore;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What the restore dialog asks for: which backup, into which profile's server, a new database
 * or the profile's own, and how.
 *
 * @param newDatabase   true: create {@code databaseName} and restore into it; false: over the profile's database
 * @param typedName     what the user typed to confirm a restore over a production database
 * @param mapFlavour    MySQL: map what a backup of the other flavour (MySQL / MariaDB) holds that the target lacks
 */
public record RestoreChoice(CatalogEntry backup, ConnectionProfile target, boolean newDatabase, String databaseName,
                            boolean singleTransaction, boolean clean, String typedName, boolean mapFlavour) {

    public RestoreChoice(CatalogEntry backup, ConnectionProfile target, boolean newDatabase, String databaseName,
                         boolean singleTransaction, boolean clean, String typedName) {
        this(backup, target, newDatabase, databaseName, singleTransaction, clean, typedName, false);
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm");

    /** "shop_restore_20261121_0949": the new database's default name. */
    public static String defaultNewName(String database, Instant now, ZoneId zone) {
        String base = database == null || database.isBlank() ? "restore" : database;
        return base + "_restore_" + STAMP.format(now.atZone(zone));
    }

    /** The database the restore writes into. */
    public String database() {
        return newDatabase ? databaseName : target.database();
    }

    /** Restoring over a production database needs its name typed. */
    public boolean needsTypedName() {
        return !newDatabase && target.environment().isProduction();
    }

    /** Null when the choice can run; otherwise why not, in words. */
    public String problem() {
        if (backup == null) {
            return "Pick a backup to restore.";
        }
        if (target == null) {
            return "Pick the connection to restore into.";
        }
        if (newDatabase && (databaseName == null || databaseName.isBlank())) {
            return "Name the new database.";
        }
        if (!newDatabase && target.database().isBlank()) {
            return "'" + target.name() + "' names no database; restore into a new database instead.";
        }
        if (needsTypedName() && !target.database().equals(typedName == null ? "" : typedName.strip())) {
            return "'" + target.name() + "' is production: type the database name " + target.database() + " to restore over it.";
        }
        return null;
    }

    /** True when the restore will drop or overwrite what an existing database holds: the final button warns. */
    public boolean destructive() {
        return !newDatabase;
    }

    public boolean ready() {
        return problem() == null;
    }

    /** What will happen, in plain words, for the dialog. */
    public String summary() {
        if (backup == null || target == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        text.append("Restore ").append(backup.id());
        if (backup.created() != null) {
            text.append(" (made ").append(BackupsModel.when(backup.created())).append(")");
        }
        text.append(", ").append(backup.scope().equals("unknown") ? "scope unknown" : backup.scope());
        text.append(", into the server of '").append(target.name()).append("' (").append(target.host()).append(":").append(target.port()).append("), ");
        boolean mysql = target.dialect() == Dialect.MYSQL;
        if (newDatabase) {
            text.append("creating the new database ").append(databaseName == null ? "" : databaseName.strip())
                    .append(". The database ").append(target.database().isBlank() ? "of the profile" : target.database())
                    .append(" is not touched.");
        } else {
            text.append("over the existing database ").append(target.database()).append(".");
            if (clean) {
                text.append(" Exactly the objects the backup creates are dropped first (tables, views, types, routines"
                        + (mysql ? ", triggers, events" : ", and a schema or extension only when nothing else uses it")
                        + "); everything else in the database stays as it is.");
            } else {
                text.append(" Objects already there stay; if the database already holds objects of the backup, the restore "
                        + "stops before changing anything and lists them.");
            }
            text.append(" The database is backed up into its catalog first.");
            if (target.environment().isProduction()) {
                text.append(" This is a PRODUCTION database.");
            }
        }
        if (!mysql && newDatabase) {
            text.append(" Tables load on several connections at once; on an error the new database is dropped again.");
        } else if (!mysql) {
            text.append(singleTransaction
                    ? " Everything runs in one transaction: on an error nothing is kept."
                    : " Statements are committed one by one: an error leaves what came before it.");
        } else if (!newDatabase) {
            text.append("\n").append(MysqlRestore.NO_DDL_ROLLBACK);
        }
        return text.toString();
    }
}
