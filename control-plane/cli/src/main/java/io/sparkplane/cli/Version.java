package io.sparkplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The CLI's own version, written into the jar by the build. */
final class Version {

    private Version() {}

    static String cli() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
