package dev.railyard.migrate.check;

import java.nio.file.Path;
import java.util.List;

/**
 * One pending migration, checked statement by statement.
 *
 * @param findings what concerns the script as a whole (several risky statements in one transaction,
 *                 a tool that will refuse it)
 */
public record ScriptCheck(String tool, String name, Path file, TransactionMode mode, List<StatementCheck> statements,
                          List<Finding> findings) {

    public ScriptCheck {
        statements = List.copyOf(statements);
        findings = List.copyOf(findings);
    }

    public Verdict verdict() {
        Verdict own = findings.stream().map(Finding::verdict).reduce(Verdict.SAFE, Verdict::worst);
        return statements.stream().map(StatementCheck::verdict).reduce(own, Verdict::worst);
    }
}
