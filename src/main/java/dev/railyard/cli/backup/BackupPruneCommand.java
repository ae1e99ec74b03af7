package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.PrunePlan;
import dev.railyard.backup.RetentionPolicy;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", description = "Delete the backups the profile's retention lets go (pinned ones and the newest "
        + "verified one always stay). --keep-last / --keep-days set and save the retention.")
final class BackupPruneCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "A saved profile.")
    String profile;

    @Option(names = "--dry-run", description = "Show what would go, delete nothing.")
    boolean dryRun;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the last N backups (saved as the profile's retention).")
    Integer keepLast;

    @Option(names = "--keep-days", paramLabel = "N", description = "Keep backups younger than N days (saved as the profile's retention).")
    Integer keepDays;

    private final CliContext context;

    BackupPruneCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ConnectionProfile saved = context.profiles().require(profile);
        BackupCatalog catalog = BackupServices.catalog(context);
        RetentionPolicy policy = catalog.retention(saved);
        if (keepLast != null || keepDays != null) {
            policy = new RetentionPolicy(keepLast != null ? keepLast : policy.keepLast(), keepDays != null ? keepDays : policy.keepDays());
            if (!dryRun) {
                catalog.setRetention(saved, policy);
            }
        }
        PrunePlan plan = catalog.planPrune(saved, policy);
        if (!dryRun) {
            catalog.prune(plan);
        }
        if (output.json()) {
            ObjectNode root = context.json().createObjectNode();
            root.put("profile", profile);
            root.put("policy", policy.describe());
            root.put("dryRun", dryRun);
            ArrayNode removed = root.putArray(dryRun ? "wouldRemove" : "removed");
            plan.remove().forEach(d -> removed.add(d.entry().id()));
            ArrayNode kept = root.putArray("kept");
            plan.keep().forEach(d -> kept.add(context.json().createObjectNode().put("id", d.entry().id()).put("reason", d.reason())));
            root.put("bytesFreed", plan.bytesFreed());
            context.printJson(root);
            return 0;
        }
        context.println("Retention of '" + profile + "': " + policy.describe());
        if (plan.remove().isEmpty()) {
            context.println("Nothing to prune.");
        }
        plan.remove().forEach(d -> context.println((dryRun ? "  would delete " : "  deleted ") + d.entry().id() + " — " + d.reason()));
        plan.keep().forEach(d -> context.println("  keep " + d.entry().id() + " — " + d.reason()));
        if (!plan.remove().isEmpty()) {
            context.println((dryRun ? "Would free " : "Freed ") + Sizes.human(plan.bytesFreed()) + ".");
        }
        return 0;
    }
}
