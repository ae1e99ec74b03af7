package dev.railyard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** "railyard 0.1.0": from the jar's manifest or Maven's pom.properties inside it; "dev" when run from classes. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"railyard " + current()};
    }

    public static String current() {
        String version = Version.class.getPackage() == null ? null : Version.class.getPackage().getImplementationVersion();
        if (version == null) {
            try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/dev.railyard/railyard/pom.properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    version = properties.getProperty("version");
                }
            } catch (IOException ignored) {
                // No version to show is not worth failing --version over.
            }
        }
        return version == null || version.isBlank() ? "dev" : version;
    }
}
