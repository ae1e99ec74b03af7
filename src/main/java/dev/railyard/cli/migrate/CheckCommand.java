package dev.railyard.cli.migrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.DatabaseSession;
import dev.railyard.cli.DurationConverter;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.cli.TerminalText;
import dev.railyard.migrate.check.CheckReport;
import dev.railyard.migrate.check.CheckSettings;
import dev.railyard.migrate.check.Finding;
import dev.railyard.migrate.check.LockHolder;
import dev.railyard.migrate.check.MigrationChecker;
import dev.railyard.migrate.check.PendingMigrations;
import dev.railyard.migrate.check.ScriptCheck;
import dev.railyard.migrate.check.StatementCheck;
import dev.railyard.migrate.check.Verdict;
import java.sql.Connection;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code railyard migrate check}: what each pending migration would lock, scan or rewrite, with the
 * live size of its tables and the sessions holding locks on them now. Read-only; the exit code
 * lets CI gate a release.
 */
@Command(name = "check", description = "Check pending migrations against the live database: the lock each"
        + " statement takes (MySQL/MariaDB: whether each ALTER runs INSTANT, INPLACE or COPY), whether it scans or rewrites the table, table sizes, sessions holding locks now, and a safer"
        + " rewrite. Exit 0 when all is safe, " + CheckCommand.RISKY + " when something is risky, " + CheckCommand.DANGEROUS
        + " when something is dangerous.")
final class CheckCommand extends MigrateCommand.Base {

    /** Exit code when the worst finding is risky. */
    static final int RISKY = 3;
    /** Exit code when a finding is dangerous: CI should stop the release. */
    static final int DANGEROUS = 4;

    @Option(names = "--long-transaction", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "A transaction open longer than this is reported (default 60s).")
    Duration longTransaction;

    CheckCommand(CliContext context) {
        super(context);
    }

    @Override
    Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception {
        PendingMigrations pending = PendingMigrations.find(session.profile(), session.dataSource(), locations);
        CheckReport report;
        CheckSettings settings = CheckSettings.defaults().withLongTransaction(longTransaction);
        try (Connection connection = session.dataSource().getConnection()) {
            report = MigrationChecker.checkFor(session.profile().dialect(), settings, connection,
                    session.profile().database(), pending.scripts(), pending.notes());
        }
        if (output.json()) {
            ObjectNode root = context.json().valueToTree(report);
            root.put("verdict", report.verdict().name());
            root.put("summary", report.summary());
            for (int i = 0; i < report.scripts().size(); i++) {
                ScriptCheck script = report.scripts().get(i);
                ObjectNode scriptNode = (ObjectNode) root.path("scripts").get(i);
                scriptNode.put("verdict", script.verdict().name());
                for (int j = 0; j < script.statements().size(); j++) {
                    ((ObjectNode) scriptNode.path("statements").get(j)).put("verdict", script.statements().get(j).verdict().name());
                }
            }
            context.printJson(root);
        } else {
            print(report);
        }
        return switch (report.verdict()) {
            case SAFE -> 0;
            case RISKY -> RISKY;
            case DANGEROUS -> DANGEROUS;
        };
    }

    private void print(CheckReport report) {
        for (ScriptCheck script : report.scripts()) {
            context.println(TerminalText.safe(script.tool() + " " + script.name() + ": " + script.verdict().displayName()
                    + " (" + script.mode().description() + ")"));
            for (StatementCheck statement : script.statements()) {
                context.println(TerminalText.safe("  line " + statement.line() + ": " + oneLine(statement.sql(), 100)));
                context.println(TerminalText.safe("    " + statement.verdict().displayName().toUpperCase(java.util.Locale.ROOT)
                        + " · " + statement.lockInWords()));
                if (statement.facts() != null && statement.facts().exists()) {
                    context.println(TerminalText.safe("    " + statement.facts().sizeInWords()));
                    for (LockHolder holder : statement.facts().holders()) {
                        context.println(TerminalText.safe("    on it now: " + holder.describe()));
                    }
                }
                statement.findings().forEach(this::printFinding);
            }
            script.findings().forEach(this::printFinding);
        }
        for (LockHolder holder : report.longTransactions()) {
            context.println(TerminalText.safe("Long transaction: " + holder.describe()));
        }
        report.notes().forEach(note -> context.println(TerminalText.safe("Note: " + note)));
        context.println(report.summary() + (report.verdict() == Verdict.SAFE ? "" : " (exit "
                + (report.verdict() == Verdict.DANGEROUS ? DANGEROUS : RISKY) + ")"));
    }

    private void printFinding(Finding finding) {
        context.println(TerminalText.safe("    " + finding.verdict().displayName() + " [" + finding.rule().id() + "] "
                + finding.message()));
        if (!finding.saferRewrite().isEmpty()) {
            context.println(TerminalText.safe("      safer: " + finding.saferRewrite()));
        }
    }

    private static String oneLine(String sql, int max) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
