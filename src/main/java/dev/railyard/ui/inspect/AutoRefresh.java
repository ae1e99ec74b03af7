package dev.railyard.ui.inspect;

import java.time.Duration;

/** How often a tab reads again by itself; carries its label for the choice box. */
public enum AutoRefresh {
    OFF("Auto: off", null),
    FIVE_SECONDS("Auto: 5 s", Duration.ofSeconds(5)),
    FIFTEEN_SECONDS("Auto: 15 s", Duration.ofSeconds(15)),
    ONE_MINUTE("Auto: 60 s", Duration.ofSeconds(60));

    private final String label;
    private final Duration interval;

    AutoRefresh(String label, Duration interval) {
        this.label = label;
        this.interval = interval;
    }

    /** Null for {@link #OFF}. */
    public Duration interval() {
        return interval;
    }

    @Override
    public String toString() {
        return label;
    }
}
