package dev.railyard.migrate.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column type changes PostgreSQL makes without rewriting the table (binary-coercible,
 * no new length check): widening varchar or numeric precision at the same scale, varchar to text,
 * cidr to inet. Anything else is taken to rewrite.
 */
final class TypeChanges {

    private static final Pattern TYPE = Pattern.compile("^([a-z ]+?) ?(?:\\(([0-9 ,]+)\\))?( with(?:out)? time zone)?$");

    private TypeChanges() {
    }

    /** Whether changing a column from {@code from} (format_type) to {@code to} (as written) keeps the data as it is. */
    static boolean binaryCoercible(String from, String to) {
        Type a = Type.of(from);
        Type b = Type.of(to);
        if (a == null || b == null) {
            return false;
        }
        if (a.name.equals(b.name)) {
            if (a.mods.equals(b.mods)) {
                return true;
            }
            if (b.mods.isEmpty()) {
                return a.name.equals("character varying") || a.name.equals("numeric") || a.name.equals("bit varying");
            }
            if (a.mods.isEmpty()) {
                return false;
            }
            if (a.name.equals("character varying") || a.name.equals("bit varying")) {
                return b.mods.get(0) >= a.mods.get(0);
            }
            if (a.name.equals("numeric")) {
                int scaleA = a.mods.size() > 1 ? a.mods.get(1) : 0;
                int scaleB = b.mods.size() > 1 ? b.mods.get(1) : 0;
                return scaleA == scaleB && b.mods.get(0) >= a.mods.get(0);
            }
            return false;
        }
        if (a.name.equals("character varying") && b.name.equals("text")) {
            return true;
        }
        if (a.name.equals("text") && b.name.equals("character varying")) {
            return b.mods.isEmpty();
        }
        return a.name.equals("cidr") && b.name.equals("inet");
    }

    private record Type(String name, List<Integer> mods) {
        private static final Map<String, String> ALIASES = Map.ofEntries(
                Map.entry("varchar", "character varying"), Map.entry("char", "character"), Map.entry("bpchar", "character"),
                Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("int8", "bigint"), Map.entry("int2", "smallint"),
                Map.entry("decimal", "numeric"), Map.entry("bool", "boolean"), Map.entry("float8", "double precision"),
                Map.entry("float4", "real"), Map.entry("varbit", "bit varying"), Map.entry("timestamptz", "timestamp with time zone"),
                Map.entry("timetz", "time with time zone"), Map.entry("timestamp", "timestamp without time zone"),
                Map.entry("time", "time without time zone"));

        static Type of(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("^pg_catalog\\.", "");
            Matcher m = TYPE.matcher(t);
            if (!m.matches()) {
                return null;
            }
            String name = m.group(1).strip();
            name = ALIASES.getOrDefault(name, name);
            if (m.group(3) != null) {
                name = name.replace(" without time zone", "").replace(" with time zone", "") + m.group(3);
            }
            List<Integer> mods = new ArrayList<>();
            if (m.group(2) != null) {
                for (String mod : m.group(2).split(",")) {
                    mods.add(Integer.parseInt(mod.strip()));
                }
            }
            return new Type(name, mods);
        }
    }

}
