package dev.railyard.guard;

import dev.railyard.profile.ConnectionProfile;
import java.util.Locale;
import java.util.Objects;

/**
 * Proof that the production guard allowed one kind of action on one target. Only
 * {@link ProductionGuard} makes them; every destructive operation in the core takes one and
 * {@link #check checks} it names that operation and that target, so no face can run the
 * operation without going through the guard, whatever address or text it passes.
 */
public final class Clearance {

    private final ConnectionProfile target;
    private final GuardedAction action;
    private final boolean confirmed;

    private Clearance(ConnectionProfile target, GuardedAction action, boolean confirmed) {
        this.target = Objects.requireNonNull(target, "target");
        this.action = Objects.requireNonNull(action, "action");
        this.confirmed = confirmed;
    }

    static Clearance issue(ConnectionProfile target, GuardedAction action, boolean confirmed) {
        return new Clearance(target, action, confirmed);
    }

    public ConnectionProfile target() {
        return target;
    }

    public GuardedAction action() {
        return action;
    }

    /** True when the target was production and its name was typed back. */
    public boolean confirmed() {
        return confirmed;
    }

    /**
     * Throws unless this clearance allows {@code wanted} on {@code on}: the same server and
     * database (any of the profile's addresses), or any target when {@code on} is null (an
     * operation that works on a connection its caller chose).
     */
    public void check(GuardedAction wanted, ConnectionProfile on) {
        if (!action.covers(wanted)) {
            throw new IllegalStateException("A clearance to " + action.verb() + " a database does not allow to "
                    + wanted.verb() + " it");
        }
        if (on != null && !sameDatabase(target, on)) {
            throw new IllegalStateException("The clearance was given for " + target.address() + ", not for " + on.address());
        }
    }

    /** True when both name the same database on the same server, through either address of each. */
    static boolean sameDatabase(ConnectionProfile a, ConnectionProfile b) {
        if (!a.database().equals(b.database())) {
            return false;
        }
        return sameServer(a.host(), a.port(), b) || (a.hasUnpooled() && sameServer(a.unpooledHost(), a.unpooledPort(), b));
    }

    private static boolean sameServer(String host, int port, ConnectionProfile b) {
        return (same(host, b.host()) && port == b.port())
                || (b.hasUnpooled() && same(host, b.unpooledHost()) && port == b.unpooledPort());
    }

    private static boolean same(String hostA, String hostB) {
        return normal(hostA).equals(normal(hostB));
    }

    private static String normal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.") ? "loopback" : h;
    }

    @Override
    public String toString() {
        return "Clearance[" + action + " on " + target.address() + (confirmed ? ", confirmed" : "") + "]";
    }
}
