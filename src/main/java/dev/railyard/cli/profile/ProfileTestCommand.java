package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.ConnectionReport;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "test", description = "Connect with a profile and report the server, TLS, round-trip time and privileges.")
final class ProfileTestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileTestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResolvedConnection target = DatabaseOptions.resolveSaved(context, context.profiles().require(name));
        ConnectionReport report;
        try {
            report = context.connectionCheck().test(target.profile(), target.password());
        } catch (ConnectionProblem failure) {
            String fix = failure.fix() == null || failure.fix().isBlank() ? "" : " - " + failure.fix();
            if (!output.json()) {
                throw new CliException(failure.summary() + fix);
            }
            // One JSON document on stdout: this report rather than the generic {"error": ...}.
            ObjectNode root = context.json().createObjectNode();
            root.put("ok", false);
            root.put("profile", target.profile().name());
            root.put("kind", failure.kind().name().toLowerCase(Locale.ROOT));
            root.put("summary", failure.summary());
            root.put("fix", failure.fix());
            context.printJson(root);
            context.err().println("railyard: " + dev.railyard.cli.TerminalText.safe(failure.summary() + fix));
            return RailyardCli.FAILURE;
        }
        if (output.json()) {
            ObjectNode root = context.json().createObjectNode();
            root.put("ok", true);
            root.put("profile", target.profile().name());
            root.put("address", target.profile().address());
            root.put("product", report.product());
            root.put("version", report.version());
            root.put("mariaDb", report.mariaDb());
            root.put("tlsProtocol", report.tlsProtocol());
            root.put("roundTripMillis", report.roundTripMillis());
            root.set("privileges", context.json().valueToTree(report.privileges()));
            root.put("pgStatStatements", report.pgStatStatements());
            root.set("notes", context.json().valueToTree(report.notes()));
            context.printJson(root);
            return 0;
        }
        context.println("Connected to '" + target.profile().name() + "' (" + target.profile().address() + ")");
        row("Server", report.product() + " " + report.version());
        row("TLS", report.tlsProtocol() == null ? "none" : report.tlsProtocol());
        row("Round trip", report.roundTripMillis() + " ms");
        row("Privileges", report.privileges().isEmpty() ? "none that matter" : String.join(", ", report.privileges()));
        if (!"n/a".equals(report.pgStatStatements())) {
            row("pg_stat_statements", report.pgStatStatements());
        }
        report.notes().forEach(note -> row("Note", note));
        return 0;
    }

    private void row(String label, String value) {
        context.println(String.format(Locale.ROOT, "  %-20s %s", label + ":", value));
    }
}
