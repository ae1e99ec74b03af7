package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.script.MysqlStatement;
import dev.railyard.backup.script.MysqlStatementReader;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's {@code --clean}: drops in the target database exactly the tables, views, routines,
 * triggers and events the backup holds (read from its CREATE statements), and nothing else.
 * MySQL cannot roll DDL back, so the drops commit one by one; the restore backs the target up
 * first.
 */
final class MysqlCleaner {

    /** A CREATE statement's object, after the executable comments were opened by the reader. */
    private static final Pattern CREATE = Pattern.compile(
            "^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?(?:DEFINER\\s*=\\s*\\S+\\s+)?"
                    + "(?:SQL\\s+SECURITY\\s+\\w+\\s+)?(?:AGGREGATE\\s+)?(TABLE|VIEW|PROCEDURE|FUNCTION|TRIGGER|EVENT)\\s+"
                    + "(?:IF\\s+NOT\\s+EXISTS\\s+)?((?:`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)+`|[\\w$]+))?)",
            Pattern.CASE_INSENSITIVE);

    /**
     * One object of the backup.
     *
     * @param kind TABLE (a table or a view: mysqldump writes a view as a placeholder table first),
     *             PROCEDURE, FUNCTION, TRIGGER or EVENT
     * @param line where the backup creates it
     */
    record MysqlObject(String kind, String name, int line) {
        String display() {
            return kind.toLowerCase(Locale.ROOT) + " " + name;
        }
    }

    private MysqlCleaner() {
    }

    /** The objects the backup creates, by kind and name, in the order it first creates them. */
    static List<MysqlObject> read(ScriptFile script, MysqlVersion version, JobContext context) throws BackupException {
        Map<String, MysqlObject> objects = new LinkedHashMap<>();
        try (InputStream in = script.open(); MysqlStatementReader reader = new MysqlStatementReader(in, version, 1L << 30)) {
            MysqlStatement statement;
            while ((statement = reader.next()) != null) {
                context.checkCancelled();
                if (!statement.startsWithWords("CREATE")) {
                    continue;
                }
                Matcher m = CREATE.matcher(new String(statement.text().substring(0, Math.min(statement.text().length(), 2000))
                        .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip());
                if (m.find()) {
                    String word = m.group(1).toUpperCase(Locale.ROOT);
                    String kind = word.equals("VIEW") ? "TABLE" : word;
                    String name = unquote(m.group(2));
                    objects.putIfAbsent(kind + " " + name, new MysqlObject(kind, name, statement.line()));
                }
            }
        } catch (IOException e) {
            throw new BackupException(script.path().getFileName() + " cannot be read to list its objects (" + e.getMessage()
                    + "): it is damaged or truncated. Nothing was changed.", e);
        }
        return new ArrayList<>(objects.values());
    }

    /** The last part of a possibly qualified name, unquoted: a backup restores into the database chosen. */
    private static String unquote(String qualified) {
        String last = qualified;
        int dot = lastDotOutsideQuotes(qualified);
        if (dot >= 0) {
            last = qualified.substring(dot + 1).strip();
        }
        return last.startsWith("`") ? last.substring(1, last.length() - 1).replace("``", "`") : last;
    }

    private static int lastDotOutsideQuotes(String text) {
        boolean quoted = false;
        int found = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                found = i;
            }
        }
        return found;
    }

    /**
     * Drops the backup's objects that exist in {@code connection}'s database (triggers, events and
     * routines, then views, then tables with foreign key checks off), or in a dry run only lists them.
     *
     * @return what was (or would be) dropped, as "table orders", in order
     */
    static List<String> clean(Connection connection, List<MysqlObject> objects, boolean dryRun, JobContext context)
            throws SQLException {
        Map<String, String> tables = names(connection,
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = database()");
        Map<String, String> routines = names(connection,
                "SELECT routine_name, routine_type FROM information_schema.routines WHERE routine_schema = database()");
        Map<String, String> triggers = names(connection,
                "SELECT trigger_name, 'TRIGGER' FROM information_schema.triggers WHERE trigger_schema = database()");
        Map<String, String> events = names(connection,
                "SELECT event_name, 'EVENT' FROM information_schema.events WHERE event_schema = database()");
        List<String> drops = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String pass : List.of("TRIGGER", "EVENT", "ROUTINE", "VIEW", "BASE TABLE")) {
            for (MysqlObject o : objects) {
                String quoted = MysqlNames.quote(o.name());
                switch (pass) {
                    case "TRIGGER", "EVENT" -> {
                        if (o.kind().equals(pass) && (pass.equals("TRIGGER") ? triggers : events).containsKey(o.name())) {
                            drops.add("DROP " + pass + " IF EXISTS " + quoted);
                            dropped.add(pass.toLowerCase(Locale.ROOT) + " " + o.name());
                        }
                    }
                    case "ROUTINE" -> {
                        if ((o.kind().equals("PROCEDURE") || o.kind().equals("FUNCTION")) && o.kind().equals(routines.get(o.name()))) {
                            drops.add("DROP " + o.kind() + " IF EXISTS " + quoted);
                            dropped.add(o.kind().toLowerCase(Locale.ROOT) + " " + o.name());
                        }
                    }
                    default -> {
                        String type = tables.get(o.name());
                        boolean view = "VIEW".equals(type);
                        if (o.kind().equals("TABLE") && type != null && view == pass.equals("VIEW")) {
                            drops.add("DROP " + (view ? "VIEW" : "TABLE") + " IF EXISTS " + quoted);
                            dropped.add((view ? "view " : "table ") + o.name());
                        }
                    }
                }
            }
        }
        if (!dryRun && !drops.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET FOREIGN_KEY_CHECKS = 0");
                try {
                    for (String drop : drops) {
                        context.checkCancelled();
                        s.execute(drop);
                    }
                } finally {
                    s.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
            }
        }
        return dropped;
    }

    private static Map<String, String> names(Connection connection, String sql) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
