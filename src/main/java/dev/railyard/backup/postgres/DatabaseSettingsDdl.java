package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The database's own settings (ALTER DATABASE ... SET) and its roles' settings in it (ALTER ROLE
 * ... IN DATABASE ... SET), in a backup of the whole database only. They name the database the
 * restore runs in, not the one backed up: a restore into another name (a copy, a new database)
 * gets the settings of the database it copies, and a restore of some schemas or tables none
 * (the restore's filter leaves these statements out, as it does publications).
 */
final class DatabaseSettingsDdl {

    /** Where the statements start: the restore's filter knows them by it. */
    static final String DOLLAR_TAG = "$railyard_settings$";

    /** Settings whose value is a list of quoted items, as pg_dump splits them (variable_is_guc_list_quote). */
    private static final Set<String> LIST_SETTINGS = Set.of("local_preload_libraries", "search_path",
            "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

    private final PlanContext plan;

    DatabaseSettingsDdl(PlanContext plan) {
        this.plan = plan;
    }

    List<DumpPlan.Entry> entries() {
        List<ExtensibilityCatalog.DatabaseSetting> settings = plan.catalog.extensibility().settings();
        List<DumpPlan.Entry> entries = new ArrayList<>();
        if (settings.isEmpty()) {
            return entries;
        }
        if (!plan.scope.wholeDatabase()) {
            plan.warn("Not reproduced in a backup of some schemas or tables: the database's settings (ALTER DATABASE ... SET, "
                    + "ALTER ROLE ... IN DATABASE ... SET)");
            return entries;
        }
        for (ExtensibilityCatalog.DatabaseSetting s : settings) {
            StringBuilder sql = new StringBuilder();
            for (String setting : s.settings()) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = setting.substring(0, eq);
                String tail = " SET " + plan.quote(name) + " TO " + value(name, setting.substring(eq + 1));
                String head = s.role() == null ? "ALTER DATABASE " : "ALTER ROLE " + plan.quote(s.role()) + " IN DATABASE ";
                sql.append("DO ").append(DOLLAR_TAG).append("BEGIN EXECUTE ").append(PgNames.literal(head))
                        .append(" || pg_catalog.quote_ident(pg_catalog.current_database()) || ").append(PgNames.literal(tail))
                        .append("; END").append(DOLLAR_TAG).append(";\n");
            }
            entries.add(new DumpPlan.Entry(PlanContext.label(s.role() == null ? "DATABASE SETTINGS" : "ROLE " + s.role()
                    + " IN DATABASE", "DATABASE SETTINGS", null), sql.toString()));
        }
        return entries;
    }

    /** The value as SET takes it: one literal, or for list settings each item a literal. */
    private static String value(String name, String value) {
        if (!LIST_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
            return PgNames.literal(value);
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    item.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                items.add(item.toString().strip());
                item.setLength(0);
            } else {
                item.append(ch);
            }
        }
        items.add(item.toString().strip());
        return String.join(", ", items.stream().map(PgNames::literal).toList());
    }
}
