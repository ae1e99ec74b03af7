package dev.railyard.profile;

/** How careful Railyard is with a profile: production asks for the typed database name before anything destructive. */
public enum EnvironmentTag {
    PRODUCTION("Production", "production"),
    STAGING("Staging", "staging"),
    DEVELOPMENT("Development", "development");

    private final String displayName;
    private final String id;

    EnvironmentTag(String displayName, String id) {
        this.displayName = displayName;
        this.id = id;
    }

    public String displayName() {
        return displayName;
    }

    /** The lower-case word used on the command line and in profiles.json. */
    public String id() {
        return id;
    }

    public boolean isProduction() {
        return this == PRODUCTION;
    }

    public static EnvironmentTag fromId(String text) {
        for (EnvironmentTag tag : values()) {
            if (tag.id.equalsIgnoreCase(text.trim()) || tag.name().equalsIgnoreCase(text.trim())) {
                return tag;
            }
        }
        throw new IllegalArgumentException("Unknown environment '" + text + "': use production, staging or development");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
