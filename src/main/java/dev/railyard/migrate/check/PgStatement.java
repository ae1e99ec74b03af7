package dev.railyard.migrate.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL statement of a migration does, read from its text: its kind, the table it
 * works on, and for ALTER TABLE each action. Only the forms the rules need are told apart; the
 * rest is {@link Kind#OTHER}.
 */
final class PgStatement {

    enum Kind { CREATE_INDEX, DROP_INDEX, ALTER_TABLE, CREATE_TABLE, DROP_TABLE, TRUNCATE, VACUUM, CLUSTER, REINDEX, LOCK,
        INSERT, UPDATE, DELETE, BEGIN, COMMIT, OTHER }

    static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    static final String QNAME = IDENT + "(?:\\s?\\.\\s?" + IDENT + ")?";

    private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:(" + QNAME + ") )?ON (?:ONLY )?(" + QNAME + ")\\s?(.*)$", CI);
    private static final Pattern DROP_INDEX = Pattern.compile("^DROP INDEX (CONCURRENTLY )?(?:IF EXISTS )?(" + QNAME + ")", CI);
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(" + QNAME + ")(?: ?\\*)? (.*)$", CI);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE (?:(?:GLOBAL |LOCAL )?(?:TEMP|TEMPORARY|UNLOGGED) )?TABLE (?:IF NOT EXISTS )?(" + QNAME + ")", CI);
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP TABLE (?:IF EXISTS )?(" + QNAME + "(?: ?, ?" + QNAME + ")*)", CI);
    private static final Pattern TRUNCATE = Pattern.compile("^TRUNCATE (?:TABLE )?(?:ONLY )?(" + QNAME + "(?: ?, ?" + QNAME + ")*)", CI);
    private static final Pattern VACUUM = Pattern.compile("^VACUUM(?: ?\\(([^)]*)\\))?((?: (?:FULL|FREEZE|VERBOSE|ANALYZE))*)(?: (" + QNAME + "))?", CI);
    private static final Pattern CLUSTER = Pattern.compile("^CLUSTER(?: ?\\([^)]*\\))?(?: VERBOSE)?(?: (" + QNAME + "))?", CI);
    private static final Pattern REINDEX = Pattern.compile(
            "^REINDEX(?: ?\\(([^)]*)\\))? (INDEX|TABLE|SCHEMA|DATABASE|SYSTEM) (CONCURRENTLY )?(" + QNAME + ")?", CI);
    private static final Pattern LOCK = Pattern.compile("^LOCK (?:TABLE )?(?:ONLY )?(" + QNAME + ")(?: ?\\*)?(?: IN (.+?) MODE)?", CI);
    private static final Pattern INSERT = Pattern.compile("^INSERT INTO (" + QNAME + ")", CI);
    private static final Pattern UPDATE = Pattern.compile("^UPDATE (?:ONLY )?(" + QNAME + ")", CI);
    private static final Pattern DELETE = Pattern.compile("^DELETE FROM (?:ONLY )?(" + QNAME + ")", CI);
    private static final Pattern BEGIN = Pattern.compile("^(?:BEGIN|START TRANSACTION)(?: (?:WORK|TRANSACTION|ISOLATION.*|READ.*))?$", CI);
    private static final Pattern COMMIT = Pattern.compile("^(?:COMMIT|END|ROLLBACK|ABORT)(?: (?:WORK|TRANSACTION))?$", CI);

    /** What one ALTER TABLE action does. */
    enum ActionKind { ADD_COLUMN, ADD_CONSTRAINT, ALTER_TYPE, SET_NOT_NULL, DROP_COLUMN, RENAME_COLUMN, RENAME_TABLE,
        VALIDATE, REWRITE, LIGHT }

    /**
     * @param column     the column it names, folded; null when none
     * @param detail     ADD_COLUMN: the column definition; ADD_CONSTRAINT: PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or EXCLUDE;
     *                   ALTER_TYPE: the new type; VALIDATE: the constraint name
     * @param notValid   ADD_CONSTRAINT: NOT VALID given
     * @param usingIndex ADD_CONSTRAINT: USING INDEX given; ALTER_TYPE: a USING expression given
     * @param text       the action as written
     */
    record Action(ActionKind kind, String column, String detail, String constraintName, boolean notValid,
                  boolean usingIndex, String referenced, String text) {
    }

    private static final Pattern ADD_CONSTRAINT = Pattern.compile(
            "^ADD (?:CONSTRAINT (" + IDENT + ") )?(PRIMARY KEY|UNIQUE|FOREIGN KEY|CHECK|EXCLUDE)\\b ?(.*)$", CI);
    private static final Pattern ADD_COLUMN = Pattern.compile("^ADD (?:COLUMN )?(?:IF NOT EXISTS )?(" + IDENT + ") (.*)$", CI);
    private static final Pattern ALTER_TYPE = Pattern.compile(
            "^ALTER (?:COLUMN )?(" + IDENT + ") (?:SET DATA )?TYPE (.+?)(?: COLLATE \\S+)?(?: USING (.*))?$", CI);
    private static final Pattern SET_NOT_NULL = Pattern.compile("^ALTER (?:COLUMN )?(" + IDENT + ") SET NOT NULL$", CI);
    private static final Pattern DROP_CONSTRAINT = Pattern.compile("^DROP CONSTRAINT\\b.*", CI);
    private static final Pattern DROP_COLUMN = Pattern.compile("^DROP (?:COLUMN )?(?:IF EXISTS )?(" + IDENT + ")(?: (?:CASCADE|RESTRICT))?$", CI);
    private static final Pattern RENAME_TABLE = Pattern.compile("^RENAME TO (" + IDENT + ")$", CI);
    private static final Pattern RENAME_COLUMN = Pattern.compile("^RENAME (?:COLUMN )?(" + IDENT + ") TO (" + IDENT + ")$", CI);
    private static final Pattern VALIDATE = Pattern.compile("^VALIDATE CONSTRAINT (" + IDENT + ")$", CI);
    private static final Pattern REWRITING = Pattern.compile("^(SET (LOGGED|UNLOGGED|TABLESPACE|ACCESS METHOD)|CLUSTER ON)\\b.*", CI);
    private static final Pattern REFERENCES = Pattern.compile("\\bREFERENCES (" + QNAME + ")", CI);
    private static final Pattern USING_INDEX = Pattern.compile("\\bUSING INDEX (?!TABLESPACE\\b)" + IDENT, CI);
    private static final Pattern NOT_VALID = Pattern.compile("\\bNOT VALID\\b", CI);

    final String sql;
    final String text;
    final Kind kind;
    final String table;
    final List<String> tables;
    final boolean concurrently;
    final boolean full;
    final String option;
    final List<Action> actions;

    private PgStatement(String sql, String text, Kind kind, List<String> tables, boolean concurrently, boolean full,
                        String option, List<Action> actions) {
        this.sql = sql;
        this.text = text;
        this.kind = kind;
        this.tables = List.copyOf(tables);
        this.table = tables.isEmpty() ? null : tables.get(0);
        this.concurrently = concurrently;
        this.full = full;
        this.option = option;
        this.actions = List.copyOf(actions);
    }

    static PgStatement parse(String sql) {
        String text = SqlText.clean(sql);
        Matcher m;
        if ((m = CREATE_INDEX.matcher(text)).matches()) {
            return new PgStatement(sql, text, Kind.CREATE_INDEX, List.of(m.group(4)), m.group(2) != null, m.group(1) != null,
                    m.group(3), List.of());
        }
        if ((m = DROP_INDEX.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.DROP_INDEX, List.of(), m.group(1) != null, false, m.group(2), List.of());
        }
        if ((m = ALTER_TABLE.matcher(text)).matches()) {
            List<Action> actions = new ArrayList<>();
            for (String action : SqlText.splitTopLevel(m.group(2))) {
                actions.add(action(action));
            }
            return new PgStatement(sql, text, Kind.ALTER_TABLE, List.of(m.group(1)), false, false, null, actions);
        }
        if ((m = CREATE_TABLE.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.CREATE_TABLE, List.of(m.group(1)), false, false, null, List.of());
        }
        if ((m = DROP_TABLE.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.DROP_TABLE, names(m.group(1)), false, false, null, List.of());
        }
        if ((m = TRUNCATE.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.TRUNCATE, names(m.group(1)), false, false, null, List.of());
        }
        if ((m = VACUUM.matcher(text)).find()) {
            String options = ((m.group(1) == null ? "" : m.group(1)) + " " + (m.group(2) == null ? "" : m.group(2))).toUpperCase(Locale.ROOT);
            boolean full = options.matches(".*\\bFULL\\b(?! ?(FALSE|OFF|0)\\b).*");
            return new PgStatement(sql, text, Kind.VACUUM, m.group(3) == null ? List.of() : List.of(m.group(3)), false, full,
                    null, List.of());
        }
        if ((m = CLUSTER.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.CLUSTER, m.group(1) == null ? List.of() : List.of(m.group(1)), false, true,
                    null, List.of());
        }
        if ((m = REINDEX.matcher(text)).find()) {
            boolean concurrently = m.group(3) != null
                    || (m.group(1) != null && m.group(1).toUpperCase(Locale.ROOT).matches(".*\\bCONCURRENTLY\\b(?! ?(FALSE|OFF|0)\\b).*"));
            String what = m.group(2).toUpperCase(Locale.ROOT);
            boolean onTable = what.equals("TABLE") || what.equals("INDEX");
            return new PgStatement(sql, text, Kind.REINDEX, onTable && m.group(4) != null ? List.of(m.group(4)) : List.of(),
                    concurrently, false, what, List.of());
        }
        if ((m = LOCK.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.LOCK, List.of(m.group(1)), false, false, m.group(2), List.of());
        }
        if ((m = INSERT.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.INSERT, List.of(m.group(1)), false, false, null, List.of());
        }
        if ((m = UPDATE.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.UPDATE, List.of(m.group(1)), false, false, null, List.of());
        }
        if ((m = DELETE.matcher(text)).find()) {
            return new PgStatement(sql, text, Kind.DELETE, List.of(m.group(1)), false, false, null, List.of());
        }
        if (BEGIN.matcher(text).matches()) {
            return new PgStatement(sql, text, Kind.BEGIN, List.of(), false, false, null, List.of());
        }
        if (COMMIT.matcher(text).matches()) {
            return new PgStatement(sql, text, Kind.COMMIT, List.of(), false, false, null, List.of());
        }
        return new PgStatement(sql, text, Kind.OTHER, List.of(), false, false, null, List.of());
    }

    private static Action action(String text) {
        Matcher m;
        if ((m = ADD_CONSTRAINT.matcher(text)).matches()) {
            String rest = m.group(3);
            Matcher ref = REFERENCES.matcher(rest);
            return new Action(ActionKind.ADD_CONSTRAINT, null, m.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " "),
                    m.group(1) == null ? null : SqlText.fold(m.group(1)), NOT_VALID.matcher(rest).find(),
                    USING_INDEX.matcher(rest).find(), ref.find() ? ref.group(1) : null, text);
        }
        if ((m = ALTER_TYPE.matcher(text)).matches()) {
            return new Action(ActionKind.ALTER_TYPE, SqlText.fold(m.group(1)), m.group(2).strip(), null, false,
                    m.group(3) != null, null, text);
        }
        if ((m = SET_NOT_NULL.matcher(text)).matches()) {
            return new Action(ActionKind.SET_NOT_NULL, SqlText.fold(m.group(1)), null, null, false, false, null, text);
        }
        if (DROP_CONSTRAINT.matcher(text).matches()) {
            return new Action(ActionKind.LIGHT, null, null, null, false, false, null, text);
        }
        if ((m = DROP_COLUMN.matcher(text)).matches()) {
            return new Action(ActionKind.DROP_COLUMN, SqlText.fold(m.group(1)), null, null, false, false, null, text);
        }
        if ((m = RENAME_TABLE.matcher(text)).matches()) {
            return new Action(ActionKind.RENAME_TABLE, null, SqlText.fold(m.group(1)), null, false, false, null, text);
        }
        if ((m = RENAME_COLUMN.matcher(text)).matches() && !m.group(1).equalsIgnoreCase("CONSTRAINT")) {
            return new Action(ActionKind.RENAME_COLUMN, SqlText.fold(m.group(1)), SqlText.fold(m.group(2)), null, false, false,
                    null, text);
        }
        if ((m = VALIDATE.matcher(text)).matches()) {
            return new Action(ActionKind.VALIDATE, null, SqlText.fold(m.group(1)), SqlText.fold(m.group(1)), false, false, null, text);
        }
        if (REWRITING.matcher(text).matches()) {
            return new Action(ActionKind.REWRITE, null, null, null, false, false, null, text);
        }
        if ((m = ADD_COLUMN.matcher(text)).matches()) {
            Matcher ref = REFERENCES.matcher(m.group(2));
            return new Action(ActionKind.ADD_COLUMN, SqlText.fold(m.group(1)), m.group(2), null, false, false,
                    ref.find() ? ref.group(1) : null, text);
        }
        return new Action(ActionKind.LIGHT, null, null, null, false, false, null, text);
    }

    private static List<String> names(String list) {
        return SqlText.splitTopLevel(list).stream().map(String::strip).toList();
    }

    /** True for statements PostgreSQL refuses inside a transaction block. */
    boolean cannotRunInTransaction() {
        return (kind == Kind.CREATE_INDEX || kind == Kind.DROP_INDEX || kind == Kind.REINDEX) && concurrently
                || kind == Kind.VACUUM
                || kind == Kind.REINDEX && (option.equals("SCHEMA") || option.equals("DATABASE") || option.equals("SYSTEM"));
    }

    /**
     * True for statements Flyway recognises and runs outside a transaction (its PostgreSQL parser:
     * CREATE/DROP INDEX CONCURRENTLY, VACUUM, REINDEX SCHEMA|DATABASE|SYSTEM, ...). It does not
     * recognise REINDEX TABLE|INDEX CONCURRENTLY.
     */
    boolean flywayRunsOutsideTransaction() {
        String upper = text.toUpperCase(Locale.ROOT);
        return upper.matches("^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\\b.*")
                || upper.matches("^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)\\b.*")
                || upper.startsWith("VACUUM")
                || upper.matches("^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)\\b.*")
                || upper.startsWith("ALTER SYSTEM")
                || upper.startsWith("DISCARD ALL")
                || upper.matches("^ALTER TYPE( .*)? ADD VALUE\\b.*");
    }
}
