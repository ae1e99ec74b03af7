package dev.railyard.migrate.check;

import dev.railyard.migrate.check.PgStatement.Action;
import dev.railyard.migrate.check.PgStatement.ActionKind;
import dev.railyard.migrate.check.PgStatement.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL rules: for one statement, the lock it takes, whether it scans or rewrites the
 * table, and what that means with the table's live size and the sessions on it now. Keeps what
 * earlier pending statements did (tables they created, NOT NULL checks they validated), so a
 * later statement on a table created in the same release is not flagged.
 */
final class PgRules {

    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|uuidv4|uuidv7|clock_timestamp"
                    + "|timeofday|nextval|random_normal|gen_random_bytes|txid_current|pg_current_xact_id) ?\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SERIAL_OR_GENERATED = Pattern.compile(
            "^(small|big)?serial[248]?\\b|\\bGENERATED (ALWAYS|BY DEFAULT) AS (IDENTITY|\\()", Pattern.CASE_INSENSITIVE);
    private static final Pattern DEFAULT = Pattern.compile("\\bDEFAULT (.+?)(?= (?:NOT NULL|NULL|CONSTRAINT|CHECK|UNIQUE|PRIMARY KEY|REFERENCES|COLLATE|GENERATED)\\b|$)",
            Pattern.CASE_INSENSITIVE);

    private final CheckSettings settings;
    private final Set<String> created = new HashSet<>();
    private final Map<String, String> notNullChecksAdded = new HashMap<>();
    private final Set<String> notNullValidated = new HashSet<>();
    private final Set<String> keysReported = new HashSet<>();

    PgRules(CheckSettings settings) {
        this.settings = settings;
    }

    /** Judges one statement; {@code facts} are the live facts of its table (null when it has none). */
    StatementCheck check(PgStatement st, int line, TableFacts facts, boolean inTransaction, PendingScript script,
                         List<LockHolder> longTransactions) {
        List<Finding> findings = new ArrayList<>();
        String table = st.table;
        boolean isNew = table != null && created.contains(SqlText.tableKey(table));
        TableFacts known = isNew || facts == null ? null : facts;
        PgLock lock = PgLock.NONE;
        boolean rewrites = false;
        boolean scans = false;
        switch (st.kind) {
            case CREATE_INDEX -> {
                lock = st.concurrently ? PgLock.SHARE_UPDATE_EXCLUSIVE : PgLock.SHARE;
                scans = true;
                if (!st.concurrently) {
                    Verdict v = bySize(known);
                    if (v != Verdict.SAFE) {
                        findings.add(new Finding(Rule.INDEX_WITHOUT_CONCURRENTLY, v,
                                "Builds the index under a SHARE lock: no INSERT, UPDATE or DELETE on the table until it is done ("
                                        + known.sizeInWords() + ")",
                                st.text.replaceFirst("(?i)^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ")
                                        + "; -- " + outsideTransaction(script)));
                    }
                }
            }
            case DROP_INDEX -> lock = PgLock.NONE; // the table is not named; the index's own lock is short
            case ALTER_TABLE -> {
                for (Action action : st.actions) {
                    ActionResult r = action(st, action, known, isNew, findings);
                    lock = lock.max(r.lock);
                    rewrites |= r.rewrites;
                    scans |= r.scans;
                }
            }
            case CREATE_TABLE -> created.add(SqlText.tableKey(table));
            case DROP_TABLE, TRUNCATE -> {
                lock = PgLock.ACCESS_EXCLUSIVE;
                if (known != null && known.exists()) {
                    String verb = st.kind == Kind.DROP_TABLE ? "Drops" : "Empties";
                    findings.add(new Finding(Rule.DESTRUCTIVE, known.empty() ? Verdict.RISKY : Verdict.DANGEROUS,
                            verb + " " + String.join(", ", st.tables) + " (" + known.sizeInWords()
                                    + "): the data is gone, and a running app that still uses it fails",
                            "Expand and contract: release an app that no longer uses it first, drop it in a later migration,"
                                    + " and back up before (railyard release backs up first)"));
                }
            }
            case VACUUM -> {
                lock = st.full ? PgLock.ACCESS_EXCLUSIVE : PgLock.SHARE_UPDATE_EXCLUSIVE;
                rewrites = st.full;
                scans = true;
                if (st.full) {
                    findings.add(new Finding(Rule.TABLE_REWRITE, table == null ? Verdict.DANGEROUS : Verdict.worst(Verdict.RISKY, bySize(known)),
                            "VACUUM FULL rewrites " + (table == null ? "every table of the database" : table)
                                    + " under ACCESS EXCLUSIVE: no reads or writes until it is done"
                                    + (known != null && known.exists() ? " (" + known.sizeInWords() + ")" : ""),
                            "pg_repack rebuilds the table online; or plain VACUUM (no exclusive lock), VACUUM FULL only in a maintenance window"));
                }
            }
            case CLUSTER -> {
                lock = PgLock.ACCESS_EXCLUSIVE;
                rewrites = true;
                findings.add(new Finding(Rule.TABLE_REWRITE, table == null ? Verdict.DANGEROUS : Verdict.worst(Verdict.RISKY, bySize(known)),
                        "CLUSTER rewrites " + (table == null ? "every clustered table" : table)
                                + " under ACCESS EXCLUSIVE: no reads or writes until it is done"
                                + (known != null && known.exists() ? " (" + known.sizeInWords() + ")" : ""),
                        "pg_repack --order-by rebuilds the table online in index order"));
            }
            case REINDEX -> {
                lock = table == null ? PgLock.NONE : st.concurrently ? PgLock.SHARE_UPDATE_EXCLUSIVE : PgLock.SHARE;
                scans = true;
                if (!st.concurrently) {
                    Verdict v = table == null ? Verdict.RISKY : bySize(known);
                    if (v != Verdict.SAFE) {
                        findings.add(new Finding(Rule.REINDEX_WITHOUT_CONCURRENTLY, v,
                                "REINDEX blocks writes to the table and takes ACCESS EXCLUSIVE on each index (reads that use it wait)"
                                        + (known != null && known.exists() ? " (" + known.sizeInWords() + ")" : ""),
                                st.text.replaceFirst("(?i)^REINDEX( ?\\([^)]*\\))? (INDEX|TABLE|SCHEMA|DATABASE|SYSTEM) ",
                                        "REINDEX$1 $2 CONCURRENTLY ") + "; -- PostgreSQL 12+, " + outsideTransaction(script)));
                    }
                }
            }
            case LOCK -> lock = st.option == null ? PgLock.ACCESS_EXCLUSIVE : PgLock.parse(st.option);
            case INSERT, UPDATE, DELETE -> lock = PgLock.ROW_EXCLUSIVE;
            default -> {
            }
        }
        if (st.cannotRunInTransaction() && inTransaction) {
            findings.add(new Finding(Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS,
                    "Fails: PostgreSQL refuses " + firstWords(st.text) + " inside a transaction block, and "
                            + script.mode().description(),
                    outsideTransaction(script)));
        }
        if (known != null && known.exists() && lock != PgLock.NONE) {
            liveFindings(st, lock, known, findings);
            keyFinding(known, findings);
        }
        if (st.concurrently && !longTransactions.isEmpty()) {
            findings.add(new Finding(Rule.LONG_TRANSACTIONS, Verdict.RISKY,
                    "A concurrent build waits for every transaction open when it starts; now open for long: "
                            + String.join("; ", longTransactions.stream().map(LockHolder::describe).toList()),
                    "Let them finish (or end them) before migrating"));
        }
        if (st.kind == Kind.DROP_TABLE) {
            st.tables.forEach(t -> created.remove(SqlText.tableKey(t)));
        }
        return new StatementCheck(line, st.sql.strip(), table, lock, rewrites, scans, inTransaction,
                isNew ? TableFacts.missing(table) : facts, findings);
    }

    private record ActionResult(PgLock lock, boolean rewrites, boolean scans) {
    }

    private ActionResult action(PgStatement st, Action action, TableFacts known, boolean isNew, List<Finding> findings) {
        String table = st.table;
        String tableKey = SqlText.tableKey(table);
        switch (action.kind()) {
            case ADD_COLUMN -> {
                String def = action.detail();
                Matcher dflt = DEFAULT.matcher(def);
                boolean volatileDefault = dflt.find() && VOLATILE.matcher(dflt.group(1)).find();
                boolean generated = SERIAL_OR_GENERATED.matcher(def).find();
                boolean rewrites = volatileDefault || generated;
                if (rewrites) {
                    Verdict v = bySize(known);
                    if (v != Verdict.SAFE) {
                        String type = def.split(" ")[0];
                        String column = SqlText.quote(action.column());
                        findings.add(new Finding(Rule.VOLATILE_DEFAULT, v,
                                "Adding " + action.column() + (volatileDefault ? " with a volatile default" : " as serial, identity or stored generated")
                                        + " writes a value into every row: the table is rewritten under ACCESS EXCLUSIVE, no reads or writes meanwhile ("
                                        + known.sizeInWords() + ")",
                                "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type + ";"
                                        + (volatileDefault ? " ALTER TABLE " + table + " ALTER COLUMN " + column
                                        + " SET DEFAULT " + dflt.group(1) + ";" : "")
                                        + " then fill existing rows in batches (UPDATE ... WHERE id BETWEEN ...), each its own transaction"));
                    }
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, rewrites, false);
            }
            case ADD_CONSTRAINT -> {
                String what = action.detail();
                if (what.equals("CHECK")) {
                    String column = NotNullChecks.column(action.text().replaceFirst("(?i)^ADD (CONSTRAINT \\S+ )?", ""));
                    if (column != null && action.constraintName() != null) {
                        notNullChecksAdded.put(action.constraintName(), tableKey + "." + column);
                        if (!action.notValid()) {
                            notNullValidated.add(tableKey + "." + column);
                        }
                    }
                }
                if (what.equals("FOREIGN KEY") || what.equals("CHECK")) {
                    PgLock lock = what.equals("CHECK") ? PgLock.ACCESS_EXCLUSIVE : PgLock.SHARE_ROW_EXCLUSIVE;
                    if (!action.notValid()) {
                        Verdict v = bySize(known);
                        if (v != Verdict.SAFE) {
                            String name = SqlText.quote(action.constraintName() != null ? action.constraintName()
                                    : tableKey + (what.equals("CHECK") ? "_check" : "_fkey"));
                            String clause = action.text().replaceFirst("(?i)^ADD (CONSTRAINT \\S+ )?", "");
                            findings.add(new Finding(Rule.CONSTRAINT_WITHOUT_NOT_VALID, v,
                                    "Checks every row while holding " + lock.sqlName() + " (" + lock.blocks() + ")"
                                            + (what.equals("FOREIGN KEY") && action.referenced() != null
                                            ? " on " + table + " and on " + action.referenced() : "")
                                            + " (" + known.sizeInWords() + ")",
                                    "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + clause + " NOT VALID;"
                                            + " then, in its own transaction: ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name
                                            + "; -- SHARE UPDATE EXCLUSIVE: reads and writes go on"));
                        }
                    }
                    return new ActionResult(lock, false, !action.notValid());
                }
                if ((what.equals("PRIMARY KEY") || what.equals("UNIQUE")) && !action.usingIndex()) {
                    Verdict v = bySize(known);
                    if (v != Verdict.SAFE) {
                        String name = SqlText.quote(action.constraintName() != null ? action.constraintName()
                                : tableKey + (what.equals("UNIQUE") ? "_key" : "_pkey"));
                        String columns = columnsOf(action.text());
                        findings.add(new Finding(Rule.KEY_WITHOUT_USING_INDEX, v,
                                "Builds the " + what + " index while holding ACCESS EXCLUSIVE: no reads or writes until it is done ("
                                        + known.sizeInWords() + ")",
                                "CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + table + " " + columns + ";"
                                        + " -- " + "outside a transaction; then: ALTER TABLE " + table + " ADD CONSTRAINT " + name + " "
                                        + what + " USING INDEX " + name + ";"
                                        + (what.equals("PRIMARY KEY") ? " (the key's columns must already be NOT NULL, else that step scans)" : "")));
                    }
                    return new ActionResult(PgLock.ACCESS_EXCLUSIVE, false, true);
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, false, what.equals("EXCLUDE"));
            }
            case ALTER_TYPE -> {
                String current = known == null ? null : known.columnTypes().get(action.column());
                boolean rewrites = current != null && (action.usingIndex() || !TypeChanges.binaryCoercible(current, action.detail()));
                if (rewrites) {
                    Verdict v = bySize(known);
                    if (v != Verdict.SAFE) {
                        findings.add(new Finding(Rule.TYPE_CHANGE_REWRITE, v,
                                "Changing " + action.column() + " from " + current + " to " + action.detail()
                                        + " rewrites the table and its indexes under ACCESS EXCLUSIVE: no reads or writes meanwhile ("
                                        + known.sizeInWords() + ")",
                                "Add a new column of the new type, fill it in batches (and keep it in step with a trigger),"
                                        + " switch the app to it, then drop the old column. Widening varchar(n) to a larger n,"
                                        + " to varchar or to text needs no rewrite."));
                    }
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, rewrites, false);
            }
            case SET_NOT_NULL -> {
                boolean checked = notNullValidated.contains(tableKey + "." + action.column())
                        || known != null && known.notNullChecked().contains(action.column());
                if (!checked) {
                    Verdict v = bySize(known);
                    if (v != Verdict.SAFE) {
                        String name = SqlText.quote(tableKey + "_" + action.column() + "_not_null");
                        String column = SqlText.quote(action.column());
                        findings.add(new Finding(Rule.SET_NOT_NULL_SCAN, v,
                                "SET NOT NULL reads every row to prove it while holding ACCESS EXCLUSIVE: no reads or writes meanwhile ("
                                        + known.sizeInWords() + ")",
                                "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " CHECK (" + column + " IS NOT NULL) NOT VALID;"
                                        + " ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name + "; -- its own transaction"
                                        + "; then ALTER TABLE " + table + " ALTER COLUMN " + column + " SET NOT NULL;"
                                        + " -- no scan with the validated CHECK (PostgreSQL 12+); then DROP CONSTRAINT " + name));
                    }
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, false, !checked);
            }
            case VALIDATE -> {
                String column = notNullChecksAdded.get(action.constraintName());
                if (column != null) {
                    notNullValidated.add(column);
                }
                return new ActionResult(PgLock.SHARE_UPDATE_EXCLUSIVE, false, true);
            }
            case DROP_COLUMN -> {
                if (!isNew && known != null && known.exists() && known.columnTypes().containsKey(action.column())) {
                    findings.add(new Finding(Rule.DESTRUCTIVE, known.empty() ? Verdict.RISKY : Verdict.DANGEROUS,
                            "Drops " + table + "." + action.column() + " (" + known.sizeInWords()
                                    + "): its data is gone, and the running app fails where it still reads or writes it",
                            "Expand and contract: release an app that no longer uses the column, then drop it in a later migration;"
                                    + " back up first (railyard release backs up before migrating)"));
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, false, false);
            }
            case RENAME_COLUMN, RENAME_TABLE -> {
                if (!isNew && known != null && known.exists()) {
                    String what = action.kind() == ActionKind.RENAME_TABLE ? "table " + table : "column " + table + "." + action.column();
                    findings.add(new Finding(Rule.RENAME, Verdict.RISKY,
                            "Renames the " + what + " to " + action.detail() + ": the running app fails on the old name until it is redeployed",
                            action.kind() == ActionKind.RENAME_TABLE
                                    ? "Rename, then CREATE VIEW " + table + " AS SELECT * FROM " + action.detail()
                                            + " for the old app, and drop the view after the release"
                                    : "Add the new column, write both, fill it in batches, switch readers, drop the old column later"));
                }
                if (action.kind() == ActionKind.RENAME_TABLE) {
                    created.remove(tableKey);
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, false, false);
            }
            case REWRITE -> {
                Verdict v = bySize(known);
                if (v != Verdict.SAFE) {
                    findings.add(new Finding(Rule.TABLE_REWRITE, v,
                            action.text() + " rewrites the table under ACCESS EXCLUSIVE (" + known.sizeInWords() + ")",
                            "pg_repack, or a maintenance window"));
                }
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, v != Verdict.SAFE, false);
            }
            default -> {
                return new ActionResult(PgLock.ACCESS_EXCLUSIVE, false, false);
            }
        }
    }

    /** Sessions on the table now whose locks conflict with the statement's: it would wait, and everyone after it. */
    private void liveFindings(PgStatement st, PgLock lock, TableFacts facts, List<Finding> findings) {
        List<String> blockers = new ArrayList<>();
        for (LockHolder h : facts.holders()) {
            if (!lock.conflictsWith(h.mode())) {
                continue;
            }
            if (h.wraparoundVacuum()) {
                findings.add(new Finding(Rule.WRAPAROUND_VACUUM, Verdict.DANGEROUS,
                        "An autovacuum to prevent wraparound runs on " + facts.qualifiedName()
                                + " and does not give way to " + lock.sqlName() + ": the migration waits until it ends, and every query"
                                + " on the table queues behind the migration. " + h.describe(),
                        "Wait for the vacuum to finish (railyard inspect activity), then migrate"));
            } else if (h.idleInTransaction() || h.transactionSeconds() >= settings.longTransaction().toSeconds()) {
                blockers.add(h.describe());
            }
        }
        if (!blockers.isEmpty()) {
            findings.add(new Finding(Rule.LOCK_QUEUE, Verdict.DANGEROUS,
                    firstWords(st.text) + " needs " + lock.sqlName() + " on " + facts.qualifiedName() + ", which "
                            + (blockers.size() == 1 ? "this session holds" : "these sessions hold") + ": " + String.join("; ", blockers)
                            + ". The migration would wait, and every new query on the table would queue behind it",
                    "Let the transaction finish or end it (railyard inspect activity), and migrate with --lock-timeout"
                            + " so a wait fails fast instead of stalling the app"));
        }
    }

    private void keyFinding(TableFacts facts, List<Finding> findings) {
        KeyUsage key = facts.key();
        if (key == null || key.type().equals("bigint") || !keysReported.add(facts.qualifiedName())) {
            return;
        }
        double used = key.usedShare();
        if (used < settings.keyRisky()) {
            return;
        }
        findings.add(new Finding(Rule.INT_KEY_EXHAUSTION, used >= settings.keyDangerous() ? Verdict.DANGEROUS : Verdict.RISKY,
                String.format(Locale.ROOT, "%s.%s is %s and its sequence %s is at %,d: %.0f%% of the %,d it can hold",
                        facts.qualifiedName(), key.column(), key.type(), key.sequence(), key.lastValue(), used * 100, key.maxValue()),
                "Move the key to bigint before it runs out: ALTER SEQUENCE " + key.sequence() + " AS bigint;"
                        + " add a bigint column, fill it in batches, then swap it in (ALTER COLUMN TYPE bigint rewrites the table"
                        + " under ACCESS EXCLUSIVE)"));
    }

    /** SAFE for a new, missing or empty table; DANGEROUS for a large one; RISKY between. */
    private Verdict bySize(TableFacts facts) {
        if (facts == null || !facts.exists() || facts.empty()) {
            return Verdict.SAFE;
        }
        boolean large = facts.rowEstimate() != null && facts.rowEstimate() >= settings.largeRows()
                || facts.totalBytes() >= settings.largeBytes();
        return large ? Verdict.DANGEROUS : Verdict.RISKY;
    }

    /** How to make the script's tool run a statement outside a transaction. */
    static String outsideTransaction(PendingScript script) {
        return switch (script.mode()) {
            case FLYWAY, NONE -> "run it outside a transaction: put it in a Flyway script of its own (Flyway runs a script"
                    + " holding only CREATE/DROP INDEX CONCURRENTLY without a transaction), or add "
                    + (script.file() == null ? "<script>.sql.conf" : script.file().getFileName() + ".conf")
                    + " beside the script with the line executeInTransaction=false";
            case ONE_QUERY -> "run it outside a transaction: put it alone in a migration.sql of its own"
                    + " (Prisma then sends it as a single statement, not an implicit transaction)";
            case ALL_PENDING -> "run it outside a transaction: Drizzle's migrator wraps every pending file in one"
                    + " transaction, so run this statement outside drizzle-kit migrate (psql, or a separate step in the deploy)";
            case RUNNER -> "run it outside a transaction: make sure the runner does not wrap this file in BEGIN ... COMMIT";
        };
    }

    private static String columnsOf(String text) {
        int open = text.indexOf('(');
        int close = open < 0 ? -1 : text.indexOf(')', open);
        return open < 0 || close < 0 ? "(...)" : text.substring(open, close + 1);
    }

    private static final Set<String> LEADING_KEYWORDS = Set.of("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", "ALTER", "TABLE",
            "REINDEX", "VACUUM", "FULL", "CLUSTER", "DROP", "TRUNCATE", "LOCK", "SCHEMA", "DATABASE", "SYSTEM");

    /** The statement's leading keywords ("CREATE INDEX CONCURRENTLY"), for messages. */
    private static String firstWords(String text) {
        StringBuilder s = new StringBuilder();
        for (String word : text.split(" ")) {
            String upper = word.toUpperCase(Locale.ROOT);
            if (!LEADING_KEYWORDS.contains(upper)) {
                break;
            }
            s.append(s.length() == 0 ? "" : " ").append(upper);
        }
        return s.length() == 0 ? "The statement" : s.toString();
    }
}
