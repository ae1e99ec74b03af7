package dev.railyard.backup;

import java.util.Locale;

/** Which engine makes a backup: auto takes the native tool when it can dump the server, else the built-in one. */
public enum EngineChoice {
    AUTO, BUILTIN, NATIVE;

    public static EngineChoice parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "builtin", "built-in" -> BUILTIN;
            case "native" -> NATIVE;
            default -> throw new IllegalArgumentException("Unknown engine '" + text + "': use auto, builtin or native");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
