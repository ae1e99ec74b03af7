package dev.railyard.migrate.check;

import java.util.Locale;

/**
 * PostgreSQL's table lock modes, weakest first, with the conflict table of the documentation
 * ("Explicit Locking", table 13.2) and what each blocks in words a DBA reads at a glance.
 */
public enum PgLock {
    NONE("no table lock", ""),
    ACCESS_SHARE("ACCESS SHARE", "blocks only ACCESS EXCLUSIVE"),
    ROW_SHARE("ROW SHARE", "blocks EXCLUSIVE and ACCESS EXCLUSIVE"),
    ROW_EXCLUSIVE("ROW EXCLUSIVE", "blocks SHARE and stronger locks (index builds, most ALTERs)"),
    SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE", "blocks other schema changes and VACUUM; reads and writes go on"),
    SHARE("SHARE", "blocks writes (INSERT, UPDATE, DELETE); reads go on"),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE", "blocks writes; reads go on"),
    EXCLUSIVE("EXCLUSIVE", "blocks writes and SELECT ... FOR UPDATE; plain reads go on"),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE", "blocks every read and write of the table");

    private final String sqlName;
    private final String blocks;

    PgLock(String sqlName, String blocks) {
        this.sqlName = sqlName;
        this.blocks = blocks;
    }

    /** The mode as SQL and pg_locks spell it out ("SHARE UPDATE EXCLUSIVE"). */
    public String sqlName() {
        return sqlName;
    }

    public String blocks() {
        return blocks;
    }

    /** True when this lock blocks (or waits for) a session holding {@code other} on the same table. */
    public boolean conflictsWith(PgLock other) {
        if (this == NONE || other == NONE) {
            return false;
        }
        int a = ordinal();
        int b = other.ordinal();
        return conflict(a, b) || conflict(b, a);
    }

    // Mode ordinals: 1 AS, 2 RS, 3 RE, 4 SUE, 5 S, 6 SRE, 7 E, 8 AE.
    private static boolean conflict(int a, int b) {
        return switch (a) {
            case 8 -> true;
            case 7 -> b >= 2;
            case 6 -> b >= 3;
            case 5 -> b == 3 || b == 4 || b >= 6;
            case 4 -> b >= 4;
            case 3 -> b >= 5;
            case 2 -> b >= 7;
            case 1 -> b == 8;
            default -> false;
        };
    }

    public PgLock max(PgLock other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The mode of a pg_locks row ("ShareRowExclusiveLock") or of LOCK TABLE ("share row exclusive"); NONE when unknown. */
    public static PgLock parse(String mode) {
        if (mode == null) {
            return NONE;
        }
        String m = mode.replace("Lock", "").replaceAll("([a-z])([A-Z])", "$1 $2").strip().toUpperCase(Locale.ROOT)
                .replaceAll("\\s+", " ");
        for (PgLock lock : values()) {
            if (lock.sqlName.equals(m)) {
                return lock;
            }
        }
        return NONE;
    }
}
