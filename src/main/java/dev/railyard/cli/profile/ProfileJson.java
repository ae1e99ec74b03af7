package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.profile.ConnectionProfile;
import java.util.Locale;

/** The JSON a profile is shown as on the command line: lower-case words, never a password. */
final class ProfileJson {

    private ProfileJson() {
    }

    static ObjectNode of(ObjectMapper json, ConnectionProfile p) {
        ObjectNode node = json.createObjectNode();
        node.put("name", p.name());
        node.put("environment", p.environment().id());
        node.put("dialect", p.dialect().id());
        node.put("host", p.host());
        node.put("port", p.port());
        node.put("database", p.database());
        node.put("user", p.user());
        node.put("address", p.address());
        node.put("sslMode", p.sslMode().id());
        node.put("sslRootCert", p.sslRootCert());
        node.put("secretMode", p.secretMode().name().toLowerCase(Locale.ROOT));
        if (p.hasUnpooled()) {
            node.put("unpooledHost", p.unpooledHost());
            node.put("unpooledPort", p.unpooledPort());
        } else {
            node.putNull("unpooledHost");
            node.putNull("unpooledPort");
        }
        node.put("notes", p.notes());
        node.put("backupFolder", p.backupFolder());
        ObjectNode migrations = node.putObject("migrations");
        migrations.set("locations", json.valueToTree(p.migrations().locations()));
        migrations.set("schemas", json.valueToTree(p.migrations().schemas()));
        migrations.put("historyTable", p.migrations().historyTable());
        migrations.put("toolFolder", p.migrations().toolFolder());
        migrations.put("migrateCommand", p.migrations().migrateCommand());
        return node;
    }
}
