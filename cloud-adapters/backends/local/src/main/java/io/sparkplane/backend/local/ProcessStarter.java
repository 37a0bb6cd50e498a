package io.sparkplane.backend.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts a process of a cluster with exactly the given environment, its output appended to a log file. */
final class ProcessStarter {

    private ProcessStarter() {}

    /**
     * @param leadsGroup whether the command starts with setsid, so the process leads its own group
     * @throws IOException when the process cannot be started
     */
    static TrackedProcess start(List<String> command, Map<String, String> environment, Path directory, Path log, boolean leadsGroup)
            throws IOException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(directory);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear(); // the control plane's own environment (database passwords...) stays out
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            return TrackedProcess.of(process.toHandle(), leadsGroup ? process.pid() : -1);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IOException("cannot record process " + process.pid() + ": " + e.getMessage(), e);
        }
    }
}
