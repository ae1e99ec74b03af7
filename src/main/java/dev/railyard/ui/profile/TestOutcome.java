package dev.railyard.ui.profile;

import dev.railyard.db.ConnectionReport;
import dev.railyard.ui.ProblemText;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a connection test is, as the dialog shows it: running, passed with its report, or
 * failed with its problem in plain words.
 *
 * @param target  "postgres@host:5432/db", what is being tested
 * @param report  set when it passed
 * @param problem set when it failed
 */
public record TestOutcome(State state, String target, ConnectionReport report, ProblemText problem) {

    public enum State { RUNNING, PASSED, FAILED }

    public static TestOutcome running(String target) {
        return new TestOutcome(State.RUNNING, target, null, null);
    }

    public static TestOutcome passed(String target, ConnectionReport report) {
        return new TestOutcome(State.PASSED, target, report, null);
    }

    public static TestOutcome failed(String target, Throwable failure) {
        return new TestOutcome(State.FAILED, target, null, ProblemText.of(failure));
    }

    /** "Connected: PostgreSQL 17.2", "Connection refused", "Testing postgres@host:5432/db…". */
    public String headline() {
        return switch (state) {
            case RUNNING -> "Connecting to " + target + " …";
            case PASSED -> "Connected: " + report.product() + " " + report.version();
            case FAILED -> problem.title();
        };
    }

    /** Label and value pairs of a passed test, in the order a DBA reads them (the headline names the server). */
    public List<String[]> facts() {
        List<String[]> rows = new ArrayList<>();
        if (report == null) {
            return rows;
        }
        rows.add(new String[] {"TLS", report.tlsProtocol() == null ? "not encrypted" : report.tlsProtocol()});
        rows.add(new String[] {"Round trip", report.roundTripMillis() + " ms"});
        rows.add(new String[] {"Privileges", report.privileges().isEmpty() ? "none that Railyard's views use"
                : String.join(", ", report.privileges())});
        if (!"n/a".equals(report.pgStatStatements())) {
            rows.add(new String[] {"pg_stat_statements", report.pgStatStatements()});
        }
        return rows;
    }
}
