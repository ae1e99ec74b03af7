package dev.railyard.db;

import java.sql.SQLException;

/**
 * A connection that could not be opened, as an SQLException (so JDBC-shaped callers need no new
 * catch) carrying the classified {@link ConnectionProblem}: its message is the problem's summary
 * and fix, its SQLState and error code the driver's.
 */
public final class ConnectFailure extends SQLException {

    private final transient ConnectionProblem problem;

    ConnectFailure(ConnectionProblem problem, Throwable driverFailure) {
        super(problem.getMessage(), driverFailure instanceof SQLException sql ? sql.getSQLState() : null,
                driverFailure instanceof SQLException sql ? sql.getErrorCode() : 0, problem);
        this.problem = problem;
    }

    public ConnectionProblem problem() {
        return problem;
    }
}
