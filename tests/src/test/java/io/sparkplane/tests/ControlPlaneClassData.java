package io.sparkplane.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class-data archive (the JDK's dynamic AppCDS) of the packaged control plane, shared by every
 * end-to-end test JVM of a build: the suite starts the control plane dozens of times, and one
 * started from the archive spends about a quarter less CPU getting ready (9.4 s against 6.9 s, on
 * the two cores the suite runs on). The first start of each test JVM that finds no archive writes
 * one as its control plane exits ({@code -XX:ArchiveClassesAtExit}) and moves it into place once
 * complete, so a start never maps a half-written file. The archive is named after the jar's size and
 * time: a rebuilt control plane gets a new one. A jar of its class path that changed since makes the
 * JVM ignore the archive, with a warning in the control plane's log, and start as without it.
 */
final class ControlPlaneClassData {

    private static final Path DIRECTORY = Path.of("target/control-plane-class-data").toAbsolutePath();
    private static final AtomicBoolean WRITING = new AtomicBoolean();

    private ControlPlaneClassData() {}

    /** What one start adds to its command line, and where its new archive goes when it ends well. */
    record Start(List<String> options, Optional<Path> written) {

        /** After the control plane ended on its own or on SIGTERM (a SIGKILL writes nothing): the archive, put in place. */
        void ended() {
            written.ifPresent(ControlPlaneClassData::putInPlace);
        }
    }

    static Start forStart(Path jar) throws IOException {
        Files.createDirectories(DIRECTORY);
        Path archive = DIRECTORY.resolve("control-plane-%x-%x.jsa".formatted(Files.size(jar), Files.getLastModifiedTime(jar).toMillis()));
        if (Files.exists(archive)) {
            return new Start(List.of("-XX:SharedArchiveFile=" + archive), Optional.empty());
        }
        if (!WRITING.compareAndSet(false, true)) {
            return new Start(List.of(), Optional.empty());
        }
        Path written = DIRECTORY.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        return new Start(List.of("-XX:ArchiveClassesAtExit=" + written), Optional.of(written));
    }

    private static void putInPlace(Path written) {
        String name = written.getFileName().toString();
        Path archive = written.resolveSibling(name.substring(0, name.indexOf(".jsa") + ".jsa".length()));
        try {
            if (Files.exists(written) && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // the archives of earlier builds of the control plane (about 85 MB each) go; a JVM that maps one keeps it
                try (var others = Files.list(DIRECTORY)) {
                    for (Path other : others.filter(path -> path.toString().endsWith(".jsa") && !path.equals(archive)).toList()) {
                        Files.deleteIfExists(other);
                    }
                }
            }
        } catch (IOException e) {
            // the next test JVM writes one; this one's control planes start without
            System.err.println("the control plane's class-data archive was not kept: " + e);
        }
    }
}
