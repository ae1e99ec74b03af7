package dev.railyard.db;

/** The database families Railyard speaks. MariaDB is served by {@link #MYSQL}. */
public enum Dialect {
    POSTGRESQL("PostgreSQL", 5432, "postgres"),
    MYSQL("MySQL", 3306, "root");

    private final String displayName;
    private final int defaultPort;
    private final String defaultUser;

    Dialect(String displayName, int defaultPort, String defaultUser) {
        this.displayName = displayName;
        this.defaultPort = defaultPort;
        this.defaultUser = defaultUser;
    }

    public String displayName() {
        return displayName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String defaultUser() {
        return defaultUser;
    }

    /** The name used in resource folders and JSON: "postgres", "mysql". */
    public String id() {
        return this == POSTGRESQL ? "postgres" : "mysql";
    }

    @Override
    public String toString() {
        return displayName;
    }
}
