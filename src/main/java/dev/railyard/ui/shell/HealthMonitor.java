package dev.railyard.ui.shell;

import dev.railyard.db.Dialect;
import dev.railyard.db.HealthChecks;
import dev.railyard.db.ServerHealth;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Schedules the core's health checks ({@link HealthChecks}) for every profile opened in this
 * window, as quiet jobs, and puts what they find in {@link ShellModel#health()}: the sidebar's
 * states, the window's "not reachable" banner and the status bar's live latency follow it.
 *
 * <p>The window calls {@link #tick()} about once a second while it is shown; a round trip goes out
 * when {@link HealthChecks#nextCheckIn} says it is due, and in between a PostgreSQL profile is only
 * listened to (no traffic). When the active profile answers again after it did not, the current
 * tab reads again. UI thread only.
 */
public final class HealthMonitor {

    private final ShellModel shell;
    private final HealthChecks checks;
    private final JobRunner quiet;
    private final Executor uiThread;
    private final Clock clock;
    private final Set<String> open = new LinkedHashSet<>();
    private final Map<String, Instant> due = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();

    public HealthMonitor(ShellModel shell, HealthChecks checks, JobRunner quiet, Executor uiThread, Clock clock) {
        this.shell = shell;
        this.checks = checks;
        this.quiet = quiet;
        this.uiThread = uiThread;
        this.clock = clock;
    }

    /** The profile answered in this window: from now on it is watched. */
    public void opened(ConnectionProfile profile) {
        if (open.add(profile.name())) {
            due.put(profile.name(), clock.instant());
        }
    }

    /** A read on the profile failed for want of a connection: check it at once rather than at the next turn. */
    public void trouble(ConnectionProfile profile) {
        if (open.contains(profile.name())) {
            due.put(profile.name(), clock.instant());
            tick();
        }
    }

    /** The profiles watched, in the order they were opened. */
    public List<String> watched() {
        return List.copyOf(open);
    }

    /** Sends the checks that are due and listens to the others. */
    public void tick() {
        Instant now = clock.instant();
        for (String name : List.copyOf(open)) {
            Optional<ConnectionProfile> listed = shell.profileFor(name);
            if (listed.isEmpty()) {
                forget(name);
                continue;
            }
            if (inFlight.contains(name)) {
                continue;
            }
            ConnectionProfile profile = listed.get();
            boolean roundTrip = !now.isBefore(due.getOrDefault(name, now));
            if (!roundTrip && (profile.dialect() != Dialect.POSTGRESQL || !answers(name))) {
                continue;
            }
            inFlight.add(name);
            String title = (roundTrip ? "Check " : "Listen to ") + name;
            var job = quiet.submit(JobSpec.reading(title, name), context -> roundTrip
                    ? Optional.of(checks.check(profile)) : checks.listen(profile));
            FxJobs.deliver(job, uiThread, (found, failure) -> {
                inFlight.remove(name);
                if (!open.contains(name)) {
                    return;
                }
                if (roundTrip || found != null && found.isPresent()) {
                    due.put(name, clock.instant().plus(checks.nextCheckIn(name)));
                }
                if (failure == null && found.isPresent()) {
                    apply(name, found.get());
                }
            });
        }
    }

    /** Stops watching a profile (deleted from the list). */
    public void forget(String name) {
        open.remove(name);
        due.remove(name);
        shell.health().remove(name);
        checks.forget(name);
    }

    /** Closes the checks' connections. */
    public void dispose() {
        open.clear();
        checks.close();
    }

    private boolean answers(String name) {
        ServerHealth health = shell.health().get(name);
        return health != null && health.answers();
    }

    private void apply(String name, ServerHealth health) {
        ServerHealth before = shell.health().put(name, health);
        ConnectionProfile active = shell.activeProfile();
        if (active == null || !active.name().equals(name)) {
            return;
        }
        if (health.answers()) {
            shell.latencyProperty().set(ActiveConnection.roundTrip(health.roundTrip().toNanos() / 1_000));
            if (before != null && !before.answers()) {
                shell.connectionProblemProperty().set(null);
                shell.refresh(); // back: the current tab reads again
            }
        } else {
            shell.latencyProperty().set("no answer");
            shell.connectionProblemProperty().set(ProblemText.of(health.problem()));
        }
    }
}
