package dev.railyard.ui;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Icon nodes from the Feather pack, sized for where they sit. */
public final class Icons {

    private Icons() {
    }

    public static FontIcon icon(Ikon ikon) {
        return new FontIcon(ikon);
    }

    public static FontIcon icon(Ikon ikon, int size) {
        FontIcon icon = new FontIcon(ikon);
        // Inline, because the theme's ".ikonli-font-icon" size would otherwise win over setIconSize.
        icon.setStyle(icon.getStyle() + "-fx-icon-size: " + size + "px;");
        return icon;
    }
}
