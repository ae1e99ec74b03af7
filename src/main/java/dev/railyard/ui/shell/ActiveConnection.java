package dev.railyard.ui.shell;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Databases;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobContext;
import dev.railyard.task.JobSpec;
import dev.railyard.task.JobRunner;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.ConnectionAccess;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * The database the window works on: the sidebar's selection, its pool in {@link Databases},
 * and the way views run SQL against it. Selecting a profile checks the connection in a job and
 * fills the status bar (server version, round trip) or shows the classified problem; a newer
 * selection cancels the older check and drops its result.
 *
 * <p>Views call {@link #submitRead} / {@link #submit} on the FX thread; the work runs as a job
 * with a pooled connection (asking for a password when the profile needs one) and the result
 * comes back on the FX thread. Reads still running when the selection changes are cancelled and
 * their results dropped, so a view never shows one database's rows under another's name.
 *
 * <p>Two runners: checks and reads run on a quiet one (no task panel, no history: they come
 * with every click and report where they were asked for); writing work runs on the user's
 * runner, where the task panel and the history show it.
 */
public final class ActiveConnection {

    /** Work on a connection that returns a value, like {@code Function<Connection, T>} but allowed to throw SQLException. */
    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Longer work on a connection that reports progress and checks for cancellation. */
    @FunctionalInterface
    public interface ConnectionJob<T> {
        T run(Connection connection, JobContext context) throws Exception;
    }

    /** Work for the selected profile that opens what it needs itself. */
    @FunctionalInterface
    public interface ProfileJob<T> {
        T run(ConnectionProfile profile, JobContext context) throws Exception;
    }

    /** Told when an action changed a database: the tabs named show data that may now be out of date. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(String profileName, java.util.Set<Feature> affected);
    }

    /** What the status bar shows of a reachable server. */
    public record ServerStatus(String version, long roundTripMicros) {
    }

    /** Pings for the round trip shown in the status bar: the median of three. */
    static final int PINGS = 3;
    public static final String CONNECTING = "connecting…";
    private static final Pattern VERSION_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)+");

    private final ShellModel shell;
    private final Databases databases;
    private final JobRunner tasks;
    private final JobRunner quiet;
    private final ConnectionAccess access;
    private final Executor uiThread;
    private final javafx.beans.value.ChangeListener<ConnectionProfile> selectionListener = (obs, was, now) -> selected(now);
    /** Bumped on every selection; results of older ones are dropped. UI thread only. */
    private long selection;
    private RunningJob<ServerStatus> check;
    private final List<RunningJob<?>> reads = new ArrayList<>();
    private final HealthMonitor health;
    private final List<ChangeListener> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param tasks    the user's runner (task panel, history): writing work
     * @param quiet    a runner without history: connection checks and reads
     * @param uiThread where results are delivered (the FX thread in the app)
     */
    public ActiveConnection(ShellModel shell, Databases databases, JobRunner tasks, JobRunner quiet,
                            ConnectionAccess access, Executor uiThread) {
        this.shell = shell;
        this.databases = databases;
        this.tasks = tasks;
        this.quiet = quiet;
        this.access = access;
        this.uiThread = uiThread;
        this.health = new HealthMonitor(shell, new dev.railyard.db.HealthChecks(access.secrets(),
                dev.railyard.db.HealthChecks.DEFAULT_TIMEOUT, java.time.Clock.systemUTC()), quiet, uiThread,
                java.time.Clock.systemUTC());
        shell.activeProfileProperty().addListener(selectionListener);
        if (shell.activeProfile() != null) {
            selected(shell.activeProfile());
        }
    }

    /** The selected profile, or null. */
    public ConnectionProfile profile() {
        return shell.activeProfile();
    }

    public ReadOnlyObjectProperty<ConnectionProfile> profileProperty() {
        return shell.activeProfileProperty();
    }

    public Databases databases() {
        return databases;
    }

    public ConnectionAccess access() {
        return access;
    }

    /**
     * An action that changes the database (migrate, restore, repair, baseline, back up then
     * migrate, cancel or terminate) ended: the tabs it affects read again (now when they show,
     * else when they come into view). UI thread.
     */
    public void changed(ConnectionProfile profile, java.util.Set<Feature> affected) {
        if (profile == null || affected.isEmpty()) {
            return;
        }
        for (ChangeListener listener : changeListeners) {
            listener.changed(profile.name(), java.util.Set.copyOf(affected));
        }
    }

    public void addChangeListener(ChangeListener listener) {
        changeListeners.add(listener);
    }

    public void removeChangeListener(ChangeListener listener) {
        changeListeners.remove(listener);
    }

    /** True while the health check finds the selected profile's server not answering. */
    public boolean knownDown() {
        dev.railyard.db.ServerHealth known = shell.activeHealth();
        return known != null && !known.answers();
    }

    /** The health checks of the profiles opened in this window; the window ticks it while it is shown. */
    public HealthMonitor health() {
        return health;
    }

    /** The production guard: whether an action on a profile needs its database name typed back. */
    public dev.railyard.guard.ProductionGuard guard() {
        return shell.guard();
    }

    /** Checks the selected profile again (after a password change, or on the user's refresh). */
    public void recheck() {
        selected(shell.activeProfile());
    }

    /** The running or last check, for tests and the curious; null before the first selection. */
    public RunningJob<?> lastCheck() {
        return check;
    }

    /**
     * Runs a read on the selected database as a job. {@code onResult} or {@code onFailure} is
     * called on the UI thread, unless the selection changed meanwhile.
     *
     * @throws IllegalStateException when no profile is selected
     */
    public <T> RunningJob<T> submitRead(String title, SqlFunction<T> query, Consumer<? super T> onResult,
                                     Consumer<? super ProblemText> onFailure) {
        return submit(JobSpec.Access.READ, title, (connection, context) -> query.apply(connection), onResult, onFailure);
    }

    /**
     * Runs work on the selected database as a job. Writing jobs go to the task panel, queue
     * behind other writers on the same profile, and are not cancelled by a new selection; their
     * results are delivered even after the selection moved on.
     */
    public <T> RunningJob<T> submit(JobSpec.Access kind, String title, ConnectionJob<T> work, Consumer<? super T> onResult,
                                    Consumer<? super ProblemText> onFailure) {
        return submit(kind, title, work, (value, failure) -> {
            if (failure == null) {
                onResult.accept(value);
            } else {
                onFailure.accept(ProblemText.of(failure));
            }
        });
    }

    /**
     * As {@link #submit(JobSpec.Access, String, ConnectionJob, Consumer, Consumer)}, for a
     * caller that needs the job's own exception rather than its words.
     */
    public <T> RunningJob<T> submit(JobSpec.Access kind, String title, ConnectionJob<T> work,
                                    FxJobs.Outcome<? super T> outcome) {
        return submitForProfile(kind, title, (profile, context) -> {
            try (Connection connection = connect(profile, context)) {
                return work.run(connection, context);
            }
        }, outcome);
    }

    /**
     * As {@link #submit(JobSpec.Access, String, ConnectionJob, FxJobs.Outcome)}, for work that opens
     * its own session rather than taking a pooled connection (a console session, EXPLAIN ANALYZE):
     * it gets the selected profile and gets the password on the job thread ({@link #access()}).
     */
    public <T> RunningJob<T> submitForProfile(JobSpec.Access kind, String title, ProfileJob<T> work,
                                              FxJobs.Outcome<? super T> outcome) {
        ConnectionProfile profile = profile();
        if (profile == null) {
            throw new IllegalStateException("No connection is selected");
        }
        long submittedFor = selection;
        JobRunner runner = kind == JobSpec.Access.READ ? quiet : tasks;
        // A server the health check found down is not asked again for every read: the read fails at
        // once with what the check found (a pool would wait its whole connect timeout first).
        dev.railyard.db.ServerHealth known = shell.health().get(profile.name());
        dev.railyard.db.ConnectionProblem down = kind == JobSpec.Access.READ && known != null && !known.answers()
                ? known.problem() : null;
        if (down != null) {
            health.trouble(profile); // the user asks again: check now rather than at the next turn of the back-off
        }
        RunningJob<T> job = runner.submit(new JobSpec(title, profile.name(), kind), context -> {
            if (down != null) {
                throw down;
            }
            return work.run(profile, context);
        });
        if (kind == JobSpec.Access.READ) {
            reads.add(job);
        }
        FxJobs.deliver(job, uiThread, (value, failure) -> {
            reads.remove(job);
            if (failure != null && down == null && dev.railyard.db.ConnectionProblem.find(failure) != null) {
                health.trouble(profile); // do not wait for the next turn to tell the user
            }
            if (kind == JobSpec.Access.READ && submittedFor != selection) {
                return;
            }
            outcome.done(value, failure);
        });
        return job;
    }

    /** Where this connection's jobs deliver their results: the FX thread in the app. */
    public Executor uiThread() {
        return uiThread;
    }

    /** Stops following the selection and cancels the check. */
    public void dispose() {
        shell.activeProfileProperty().removeListener(selectionListener);
        if (check != null) {
            check.cancel();
        }
        health.dispose();
    }

    private Connection connect(ConnectionProfile profile, JobContext context) throws ConnectionProblem {
        context.message("Connecting to " + profile.address());
        return access.withPassword(profile, password -> databases.connect(profile));
    }

    private void selected(ConnectionProfile profile) {
        long current = ++selection;
        if (check != null) {
            check.cancel();
        }
        List.copyOf(reads).forEach(RunningJob::cancel);
        reads.clear();
        shell.connectionProblemProperty().set(null);
        shell.latencyProperty().set(ShellModel.UNKNOWN);
        if (profile == null) {
            shell.serverVersionProperty().set(ShellModel.UNKNOWN);
            check = null;
            return;
        }
        shell.serverVersionProperty().set(CONNECTING);
        RunningJob<ServerStatus> job = quiet.submit(JobSpec.reading("Connect to " + profile.name(), profile.name()), context -> {
            try (Connection connection = connect(profile, context)) {
                context.checkCancelled();
                return measure(connection);
            }
        });
        check = job;
        FxJobs.deliver(job, uiThread, (status, failure) -> {
            if (current != selection || !Objects.equals(profile, shell.activeProfile())) {
                return; // another selection came since: its own check reports
            }
            if (failure == null) {
                health.opened(profile);
                shell.serverVersionProperty().set(status.version());
                shell.latencyProperty().set(roundTrip(status.roundTripMicros()));
            } else {
                ProblemText problem = ProblemText.of(failure);
                shell.serverVersionProperty().set(ShellModel.UNKNOWN);
                shell.connectionProblemProperty().set(problem);
                if (ConnectionProblem.find(failure) != null) {
                    // Down (or refusing the password) from the start: the sidebar shows it too, and the
                    // checks tell when it answers.
                    health.opened(profile);
                }
            }
        });
    }

    /** Version from the handshake (no query), then the median of a few pings. */
    static ServerStatus measure(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String version = describe(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
        long[] nanos = new long[PINGS];
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < PINGS; i++) {
                long start = System.nanoTime();
                try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                    rs.next();
                }
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        return new ServerStatus(version, Math.round(nanos[PINGS / 2] / 1_000.0));
    }

    /** "0.4 ms" on a local server, "42 ms" through Railway's proxy: a decimal only where it says something. */
    static String roundTrip(long micros) {
        return micros < 9_950 ? String.format(Locale.ROOT, "%.1f ms", micros / 1000.0) : Math.round(micros / 1000.0) + " ms";
    }

    /**
     * "PostgreSQL 17.2" from ("PostgreSQL", "17.2 (Debian 17.2-1.pgdg120+1)"); "MariaDB 10.11.9"
     * from ("MySQL", "5.5.5-10.11.9-MariaDB-0+deb12u1"), the prefix MariaDB adds for old clients.
     */
    static String describe(String product, String rawVersion) {
        String raw = rawVersion == null ? "" : rawVersion.strip();
        boolean mariaDb = raw.toLowerCase(Locale.ROOT).contains("mariadb");
        String text = raw.startsWith("5.5.5-") ? raw.substring("5.5.5-".length()) : raw;
        Matcher m = VERSION_NUMBER.matcher(text);
        String number = m.find() ? m.group() : text;
        return (mariaDb ? "MariaDB" : product) + " " + number;
    }
}
