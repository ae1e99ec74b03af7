package dev.railyard.profile;

import java.util.Locale;

/**
 * TLS settings in libpq's words. Railway's Postgres certificate is self-signed, so
 * {@link #REQUIRE} (encrypt, do not verify) is the default for *.rlwy.net hosts.
 */
public enum SslMode {
    DISABLE("disable", "No TLS"),
    PREFER("prefer", "TLS when the server offers it"),
    REQUIRE("require", "TLS required, certificate not verified"),
    VERIFY_CA("verify-ca", "TLS, certificate signed by the given CA"),
    VERIFY_FULL("verify-full", "TLS, certificate and host name verified");

    private final String id;
    private final String description;

    SslMode(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** libpq's word: disable, prefer, require, verify-ca, verify-full. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public boolean needsCaFile() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    /**
     * Reads the forms users paste: libpq's {@code sslmode=require}, JDBC's
     * {@code sslMode=REQUIRED}/{@code VERIFY_IDENTITY}, and {@code ssl-mode=}.
     */
    public static SslMode parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (value) {
            case "disable", "disabled", "false", "off", "0" -> DISABLE;
            case "allow", "prefer", "preferred" -> PREFER;
            case "require", "required", "true", "on", "1" -> REQUIRE;
            case "verify-ca" -> VERIFY_CA;
            case "verify-full", "verify-identity" -> VERIFY_FULL;
            default -> throw new IllegalArgumentException("Unknown SSL mode '" + text
                    + "': use disable, prefer, require, verify-ca or verify-full");
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
