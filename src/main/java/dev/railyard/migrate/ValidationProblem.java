package dev.railyard.migrate;

/**
 * One thing validate found wrong, in words.
 *
 * @param version  null for repeatable migrations and for problems not about one migration
 * @param file     the script's path; null if none
 * @param message  Flyway's own message
 */
public record ValidationProblem(String version, String description, String file, Kind kind, String message) {

    public enum Kind {
        CHECKSUM_CHANGED("checksum changed: the file was edited after it was applied"),
        DESCRIPTION_CHANGED("description changed: the file was renamed after it was applied"),
        TYPE_CHANGED("type changed (e.g. SQL became Java) after it was applied"),
        FAILED("failed earlier and is still marked failed in the history table"),
        FILE_MISSING("applied, but its file is not in the configured locations"),
        NOT_APPLIED("resolved but not applied, and older than the current version (out of order)"),
        OUTDATED_REPEATABLE("repeatable migration changed and will run again"),
        OTHER("validation error");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** "V7 (add index): checksum changed: the file was edited after it was applied — /db/V7__add_index.sql". */
    public String inWords() {
        String label = version == null || version.isEmpty()
                ? (description == null ? "" : "Repeatable (" + description + "): ")
                : "V" + version + (description == null ? "" : " (" + description + ")") + ": ";
        String where = file == null ? "" : " — " + file;
        return kind == Kind.OTHER ? label + message + where : label + kind.words() + where;
    }
}
