package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.task.Sizes;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How a catalog backup reads on the command line, as JSON and as a table row. */
final class BackupJson {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private BackupJson() {
    }

    static ObjectNode of(ObjectMapper json, CatalogEntry entry) {
        ObjectNode node = json.createObjectNode();
        node.put("id", entry.id());
        node.put("created", entry.created() == null ? null : entry.created().toString());
        node.put("size", entry.size());
        node.put("durationMillis", entry.duration().toMillis());
        node.put("engine", entry.manifest().engine());
        node.put("engineVersion", entry.manifest().engineVersion());
        node.put("serverVersion", entry.manifest().serverVersion());
        node.put("migrationHead", entry.manifest().migrationHead());
        node.put("scope", entry.scope());
        node.put("note", entry.manifest().note());
        node.put("verified", entry.verified());
        node.put("verification", entry.verificationLabel());
        node.put("pinned", entry.pinned());
        node.put("imported", entry.state().imported());
        node.put("file", entry.file().toString());
        if (entry.state().release() != null) {
            // The migrator that ran right after this backup (railyard release --run).
            node.set("release", json.valueToTree(entry.state().release()));
        }
        return node;
    }

    static String[] row(CatalogEntry entry) {
        return new String[] {entry.id(), entry.created() == null ? "?" : LOCAL.format(entry.created()), Sizes.human(entry.size()),
                Sizes.duration(entry.duration()), entry.scope(), entry.manifest().engine(), nullToDash(entry.manifest().serverVersion()),
                nullToDash(entry.manifest().migrationHead()), entry.verificationLabel() + (entry.pinned() ? ", pinned" : ""),
                entry.manifest().note()};
    }

    static String nullToDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
