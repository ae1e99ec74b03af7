package dev.railyard.migrate;

/**
 * An applied migration whose file changed after it ran: which file, and the two checksums.
 *
 * @param file            the script's resolved path (or classpath location)
 * @param appliedChecksum what the history table recorded
 * @param fileChecksum    what the file has now
 */
public record ChangedScript(String version, String description, String script, String file,
                            Integer appliedChecksum, Integer fileChecksum) {

    /** "V7 (add index) changed after it was applied: /db/V7__add_index.sql now has checksum 12, the history table has 34". */
    public String inWords() {
        String label = version == null ? "Repeatable " + script : "V" + version;
        return label + " (" + description + ") changed after it was applied: " + (file == null ? script : file)
                + " now has checksum " + fileChecksum + ", the history table has " + appliedChecksum;
    }
}
