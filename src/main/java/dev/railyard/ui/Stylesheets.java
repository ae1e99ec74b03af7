package dev.railyard.ui;

import java.net.URL;

/** Finds a view's stylesheet under resources/css/. */
public final class Stylesheets {

    private Stylesheets() {
    }

    /** The external form of {@code /css/NAME}; fails loudly when the file is missing from the build. */
    public static String of(String name) {
        URL url = Stylesheets.class.getResource("/css/" + name);
        if (url == null) {
            throw new IllegalStateException("Stylesheet /css/" + name + " is missing from the class path");
        }
        return url.toExternalForm();
    }
}
