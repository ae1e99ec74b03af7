package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import dev.railyard.profile.ConnectionProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "List the saved profiles, production first.")
final class ProfileListCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<ConnectionProfile> profiles = context.profiles().list();
        if (output.json()) {
            ObjectNode root = context.json().createObjectNode();
            ArrayNode array = root.putArray("profiles");
            profiles.forEach(p -> array.add(ProfileJson.of(context.json(), p)));
            context.printJson(root);
            return 0;
        }
        if (profiles.isEmpty()) {
            context.println("No profiles yet. Add one: railyard profile add NAME --url \"$DATABASE_PUBLIC_URL\"");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ENV", "DATABASE", "ADDRESS", "TLS", "PASSWORD"});
        for (ConnectionProfile p : profiles) {
            rows.add(new String[] {p.name(), p.environment().id(), p.dialect().displayName(), p.address(), p.sslMode().id(),
                    p.secretMode().name().toLowerCase(Locale.ROOT)});
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            context.println(line.toString().stripTrailing());
        }
        return 0;
    }
}
