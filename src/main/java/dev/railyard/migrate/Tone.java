package dev.railyard.migrate;

/**
 * The colour role of a status, for a table cell or a badge. The style class names are
 * AtlantaFX's ({@code Styles.SUCCESS}, {@code Styles.WARNING}, {@code Styles.DANGER}), kept as
 * strings so this package stays free of JavaFX.
 */
public enum Tone {
    OK("success"),
    WARN("warning"),
    DANGER("danger"),
    NEUTRAL("");

    private final String styleClass;

    Tone(String styleClass) {
        this.styleClass = styleClass;
    }

    /** AtlantaFX style class; empty for neutral. */
    public String styleClass() {
        return styleClass;
    }
}
