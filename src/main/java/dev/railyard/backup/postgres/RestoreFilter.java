package dev.railyard.backup.postgres;

import dev.railyard.backup.postgres.BackupObjects.Kind;
import dev.railyard.backup.postgres.BackupObjects.PgObject;
import dev.railyard.backup.script.PsqlScriptRunner;
import dev.railyard.backup.script.ScriptItem;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which statements of a plain backup a restore runs: all of them, or those of some schemas or
 * tables ({@code --schema}, {@code --table}); never the file's own {@code CREATE DATABASE} and
 * {@code \connect} (a pg_dump --create file runs into the database the user chose); and not the
 * CREATE SCHEMA of a schema a clean kept because objects outside the backup are in it.
 */
final class RestoreFilter implements PsqlScriptRunner.ItemFilter {

    /** Statements about objects outside schemas, which a partial restore leaves out (as pg_restore -n does). */
    private static final Pattern DATABASE_WIDE = Pattern.compile(
            "^(COMMENT\\s+ON\\s+(EXTENSION|PUBLICATION|EVENT\\s+TRIGGER|LARGE\\s+OBJECT)|ALTER\\s+(EXTENSION|PUBLICATION|EVENT\\s+TRIGGER|LARGE\\s+OBJECT)"
                    + "|GRANT\\s+.*\\s+ON\\s+LARGE\\s+OBJECT|SELECT\\s+pg_catalog\\.lo_|DO\\s+\\$\\$BEGIN\\s+PERFORM\\s+pg_catalog\\.lo_|DO\\s+\\$railyard_settings\\$)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** Statements about a schema itself, which name it without a dot. */
    private static final Pattern ON_SCHEMA = Pattern.compile(
            "^(?:COMMENT\\s+ON|ALTER|GRANT\\s+.*?\\s+ON|REVOKE\\s+.*?\\s+ON)\\s+SCHEMA\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CREATE_DATABASE = Pattern.compile("^CREATE\\s+DATABASE\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER_DATABASE = Pattern.compile("^(ALTER|COMMENT\\s+ON)\\s+DATABASE\\b", Pattern.CASE_INSENSITIVE);

    private final String database;
    private final Set<String> schemas;
    private final Set<String> tables;
    private final Set<String> keptSchemas;
    private final java.util.Map<String, String> sequenceOwners;
    private boolean createsDatabase;
    private boolean beforeConnect;

    /**
     * @param database    the database restored into, named in notes
     * @param schemas     schemas to restore; empty for all
     * @param tables      tables to restore (schema.name; a bare name is in public); empty for all
     * @param keptSchemas schemas that exist and stay: their CREATE SCHEMA is passed over
     * @param sequenceOwners the sequences tables own (schema.name to schema.name): one comes with its table
     */
    RestoreFilter(String database, List<String> schemas, List<String> tables, Set<String> keptSchemas,
                  java.util.Map<String, String> sequenceOwners) {
        this.database = database;
        this.sequenceOwners = java.util.Map.copyOf(sequenceOwners);
        this.schemas = Set.copyOf(schemas);
        this.tables = tables.stream().map(t -> t.contains(".") ? t : "public." + t).collect(java.util.stream.Collectors.toSet());
        this.keptSchemas = Set.copyOf(keptSchemas);
    }

    boolean partial() {
        return !schemas.isEmpty() || !tables.isEmpty();
    }

    @Override
    public String skip(ScriptItem item) {
        if (item instanceof ScriptItem.Meta meta) {
            if ((meta.command().equals("connect") || meta.command().equals("c")) && createsDatabase) {
                beforeConnect = false;
                return "Skipped the file's " + meta.text() + " (it was made with pg_dump --create): restoring into "
                        + database + " as chosen";
            }
            return null;
        }
        String text = ((ScriptItem.Sql) item).text().strip();
        if (CREATE_DATABASE.matcher(text).find()) {
            createsDatabase = true;
            beforeConnect = true;
            return "Skipped the file's CREATE DATABASE (it was made with pg_dump --create): restoring into " + database
                    + " as chosen; no other database is created";
        }
        if (createsDatabase && (beforeConnect || ALTER_DATABASE.matcher(text).find())) {
            return "Skipped the database-level statements of the file's own database (ALTER/COMMENT ON DATABASE)";
        }
        PgObject object = BackupObjects.parse(text);
        if (object != null && object.kind() == Kind.SCHEMA && keptSchemas.contains(object.name()) && !object.ifNotExists()) {
            return "Skipped CREATE SCHEMA " + object.name() + ": it stays, objects the backup does not hold are in it";
        }
        if (!partial()) {
            return null;
        }
        return selected(text, object) ? null : "";
    }

    private boolean selected(String text, PgObject object) {
        if (object != null) {
            return switch (object.kind()) {
                case SCHEMA -> tables.isEmpty() ? schemas.contains(object.name())
                        : (schemas.isEmpty() || schemas.contains(object.name()))
                                && tables.stream().anyMatch(t -> t.startsWith(object.name() + "."));
                case EXTENSION, PUBLICATION, EVENT_TRIGGER, LARGE_OBJECT -> false;
                case TABLE, FOREIGN_TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE -> wanted(object.schema(), object.name(), true);
                case TRIGGER, POLICY, CONSTRAINT, INDEX, STATISTICS -> wanted(object.schema(), object.table(), true);
                default -> wanted(object.schema(), object.name(), false);
            };
        }
        if (DATABASE_WIDE.matcher(text).find()) {
            return false;
        }
        java.util.regex.Matcher onSchema = ON_SCHEMA.matcher(text);
        if (onSchema.find()) {
            String name = onSchema.group(1);
            name = name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name.toLowerCase(Locale.ROOT);
            return selected("", new PgObject(Kind.SCHEMA, null, name, null, null, false));
        }
        String[] copy = BackupObjects.copyTarget(text);
        String[] subject = copy != null ? copy : BackupObjects.subject(text);
        if (subject == null) {
            return true;
        }
        return wanted(subject[0], subject[1], true);
    }

    /**
     * In the chosen schemas, or one of the chosen tables (only relations can be chosen as tables);
     * a sequence a chosen table owns (its serial or identity column's) comes with it, as pg_dump -t
     * takes it: without it the table's default fails.
     */
    private boolean wanted(String schema, String name, boolean relation) {
        String owner = relation ? sequenceOwners.get(schema + "." + name) : null;
        if (owner != null) {
            int dot = owner.indexOf('.');
            if (wanted(owner.substring(0, dot), owner.substring(dot + 1), true)) {
                return true;
            }
        }
        if (!schemas.isEmpty() && !schemas.contains(schema)) {
            return false;
        }
        return tables.isEmpty() || relation && tables.contains(schema + "." + name);
    }

    /** The backup's objects this filter lets through. */
    List<PgObject> select(List<PgObject> objects) {
        if (!partial()) {
            return objects;
        }
        return objects.stream().filter(o -> selected("", o)).toList();
    }
}
