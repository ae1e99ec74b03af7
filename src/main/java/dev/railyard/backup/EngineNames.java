package dev.railyard.backup;

import java.util.Locale;

/**
 * How an engine is named to a person. Manifests and results keep the engine's id
 * ({@code railyard-builtin}, {@code pg_dump}, {@code psql}, ...); backups and restores by Railyard's own
 * code share the one id {@value #BUILTIN}. Results of older versions said {@code railyard-runner}
 * for a built-in restore; they read as the same engine.
 */
public final class EngineNames {

    /** Railyard's own engine: its dump for backups, its script runner for restores. */
    public static final String BUILTIN = "railyard-builtin";
    /** What older versions called the built-in restore. */
    static final String OLD_RUNNER = "railyard-runner";

    private EngineNames() {
    }

    /** "Railyard built-in 0.4.0", "Railyard built-in (dev)", "pg_dump 17.2", "psql". */
    public static String display(String engine, String version) {
        if (engine == null || engine.isBlank()) {
            return "—";
        }
        boolean builtin = BUILTIN.equals(engine) || OLD_RUNNER.equals(engine);
        String name = builtin ? "Railyard built-in" : engine;
        if (version == null || version.isBlank()) {
            return name;
        }
        if ("dev".equals(version.toLowerCase(Locale.ROOT))) {
            return name + " (dev)";
        }
        return name + " " + version;
    }

    /** The engine's name without a version. */
    public static String display(String engine) {
        return display(engine, null);
    }
}
