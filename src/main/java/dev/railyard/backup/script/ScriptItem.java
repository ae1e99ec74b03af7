package dev.railyard.backup.script;

/** One unit of a psql script: an SQL statement or a backslash meta-command. */
public sealed interface ScriptItem {

    /** Line (1-based) where the item starts. */
    int line();

    /**
     * An SQL statement without its terminating semicolon.
     *
     * @param copyFromStdin a {@code COPY ... FROM stdin}: its data follows in the script
     * @param copyToStdout  a {@code COPY ... TO stdout}: produces data, not rows
     */
    record Sql(String text, int line, boolean copyFromStdin, boolean copyToStdout) implements ScriptItem {

        /** The first words, for messages: "CREATE TABLE public.orders (...". */
        public String preview() {
            String flat = text.strip().replaceAll("\\s+", " ");
            java.util.regex.Matcher secret = OPTIONS_OF_MAPPING_OR_SERVER.matcher(flat);
            if (secret.find()) {
                flat = flat.substring(0, secret.end()) + "...)"; // a user mapping's or server's options may hold a password
            }
            return flat.length() <= 90 ? flat : flat.substring(0, 87) + "...";
        }

        private static final java.util.regex.Pattern OPTIONS_OF_MAPPING_OR_SERVER = java.util.regex.Pattern.compile(
                "^(CREATE|ALTER)\\s+(USER\\s+MAPPING|SERVER)\\b.*?\\bOPTIONS\\s*\\(", java.util.regex.Pattern.CASE_INSENSITIVE);
    }

    /** A psql meta-command such as {@code \connect db} : the command word without its backslash, and the rest of the line. */
    record Meta(String command, String arguments, int line) implements ScriptItem {

        public String text() {
            return "\\" + command + (arguments.isEmpty() ? "" : " " + arguments);
        }
    }
}
