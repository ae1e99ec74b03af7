package dev.railyard.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cancel flag that tells whoever registered: the building block of
 * {@link JobContext#onCancel(Runnable)}. Thread-safe. Each action runs at most once: on
 * {@link #cancel()} (through the executor given at construction), or at once on the
 * registering thread when the signal was already cancelled; never after its registration
 * was closed.
 */
public final class CancelSignal {

    private static final Logger LOG = LoggerFactory.getLogger(CancelSignal.class);

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Executor actions;
    /** Registered actions not yet run; guarded by {@code this}. */
    private final List<Action> pending = new ArrayList<>();

    /** Runs the actions on the thread that cancels. */
    public CancelSignal() {
        this(Runnable::run);
    }

    /**
     * @param actions where the actions run when the signal is cancelled: a canceller on the UI
     *                thread must not wait for a server to answer a cancel request
     */
    public CancelSignal(Executor actions) {
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Sets the flag and runs the registered actions; true only for the call that set it. */
    public boolean cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return false;
        }
        List<Action> toRun;
        synchronized (this) {
            toRun = new ArrayList<>(pending);
            pending.clear();
        }
        for (Action action : toRun) {
            actions.execute(action::fire);
        }
        return true;
    }

    /** See {@link JobContext#onCancel(Runnable)}. */
    public JobContext.Registration onCancel(Runnable action) {
        Action registered = new Action(Objects.requireNonNull(action, "action"));
        synchronized (this) {
            // cancel() sets the flag before it takes the list: an action added while the flag was
            // clear is in the list it takes.
            if (!cancelled.get()) {
                pending.add(registered);
                return registered;
            }
        }
        registered.fire();
        return registered;
    }

    private final class Action implements JobContext.Registration {
        private final Runnable action;
        private final AtomicBoolean done = new AtomicBoolean();

        Action(Runnable action) {
            this.action = action;
        }

        void fire() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                // Best effort: what it stops (a connection, a process) may already be gone.
                LOG.debug("A cancel action failed", e);
            }
        }

        @Override
        public void close() {
            done.set(true);
            synchronized (CancelSignal.this) {
                pending.remove(this);
            }
        }
    }
}
