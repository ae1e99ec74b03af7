package dev.railyard.ui.inspect;

import dev.railyard.ui.shell.ActiveConnection;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the inspect tabs' models work with.
 *
 * @param uiThread where results are applied (the FX thread in the app; a queue in model tests)
 * @param io       where files are written (CSV exports), never the FX thread
 * @param clock    for "last refreshed hh:mm:ss", in its zone
 */
public record InspectServices(ActiveConnection connection, Executor uiThread, Executor io, Clock clock) {

    public InspectServices {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(uiThread, "uiThread");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(clock, "clock");
    }
}
