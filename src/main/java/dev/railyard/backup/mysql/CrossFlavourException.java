package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupException;
import java.util.List;

/**
 * A restore into the other flavour (MySQL into MariaDB, or back) that would fail as it is: raised
 * before anything changed, naming what does not carry over and the option that maps it
 * ({@link CrossFlavour#OPTION}), or saying that no mapping exists.
 */
public final class CrossFlavourException extends BackupException {

    private final String pair;
    private final List<String> differences;
    private final boolean mappable;

    CrossFlavourException(String message, String pair, List<String> differences, boolean mappable) {
        super(message);
        this.pair = pair;
        this.differences = List.copyOf(differences);
        this.mappable = mappable;
    }

    /** "MySQL 9.7.4 → MariaDB 10.11.19" */
    public String pair() {
        return pair;
    }

    /** What does not carry over, one line each. */
    public List<String> differences() {
        return differences;
    }

    /** True when the mapping option would make the restore run. */
    public boolean mappable() {
        return mappable;
    }
}
