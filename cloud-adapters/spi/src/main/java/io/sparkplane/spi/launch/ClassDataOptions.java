package io.sparkplane.spi.launch;

import java.nio.file.Path;

/**
 * JVM options for class-data archives (the JDK's dynamic AppCDS), as engine JVMs are given them.
 * The JDK's own messages about an archive are off: a JVM whose class path does not fit the archive
 * (a run's own extraClassPath, say) is meant to start without it, and says so on every start otherwise.
 */
public final class ClassDataOptions {

    private static final String QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off";

    private ClassDataOptions() {}

    /** Start from the archive, or without it when it does not fit. */
    public static String use(Path archive) {
        return "-XX:SharedArchiveFile=" + archive + " " + QUIET;
    }

    /** Write an archive of the classes loaded, when the JVM exits. */
    public static String writeAtExit(Path archive) {
        return "-XX:ArchiveClassesAtExit=" + archive + " " + QUIET;
    }
}
