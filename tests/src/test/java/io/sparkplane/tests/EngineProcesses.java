package io.sparkplane.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the processes of a run by the SPARKPLANE_RUN_ID every engine process inherits. */
final class EngineProcesses {

    private EngineProcesses() {}

    static List<Long> of(String runId) {
        return withEntry(("SPARKPLANE_RUN_ID=" + runId).getBytes(StandardCharsets.UTF_8), true);
    }

    /** Every process of any run: its environment has a SPARKPLANE_RUN_ID entry. */
    private static List<Long> ofAnyRun() {
        return withEntry("SPARKPLANE_RUN_ID=".getBytes(StandardCharsets.UTF_8), false);
    }

    /** Processes with an environment entry equal to {@code marker} ({@code wholeEntry}) or starting with it. */
    private static List<Long> withEntry(byte[] marker, boolean wholeEntry) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    byte[] environ = Files.readAllBytes(process.resolve("environ"));
                    if (contains(environ, marker, wholeEntry)) {
                        found.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException | SecurityException gone) {
                    // exited while we looked, or not ours to read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /**
     * Waits until no engine process (one with a {@code SPARKPLANE_RUN_ID}) has its working directory
     * under {@code root}, for at most {@code timeout}; returns those still there.
     */
    static List<Long> awaitNoneUnder(Path root, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> left = under(root);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = under(root);
        }
        return left;
    }

    private static List<Long> under(Path root) {
        String prefix = root.toAbsolutePath().toString() + "/";
        List<Long> found = new ArrayList<>();
        for (long pid : ofAnyRun()) {
            try {
                String directory = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
                if (directory.startsWith(prefix)) {
                    found.add(pid);
                }
            } catch (IOException | UnsupportedOperationException gone) {
                // exited while we looked
            }
        }
        return found;
    }

    /** The run's processes whose command line has {@code argument} (a main class, for example). */
    static List<Long> running(String runId, String argument) {
        List<Long> found = new ArrayList<>();
        for (long pid : of(runId)) {
            try {
                String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
                if (List.of(commandLine.split("\u0000")).contains(argument)) {
                    found.add(pid);
                }
            } catch (IOException gone) {
                // exited while we looked
            }
        }
        return found;
    }

    /**
     * Waits until no process of the run is left, for at most {@code timeout}: a launcher exits just
     * after its last report and the control plane tears the cluster down on its next pass.
     * Returns what is still there at the end.
     */
    static List<Long> awaitNone(String runId, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> left = of(runId);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = of(runId);
        }
        return left;
    }

    private static boolean contains(byte[] haystack, byte[] needle, boolean wholeEntry) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (!wholeEntry || i + needle.length == haystack.length || haystack[i + needle.length] == 0) {
                return true;
            }
        }
        return false;
    }
}
