package io.sparkplane.backend.local;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Signals to processes of a cluster, by kill(1): Java itself can only send TERM and KILL. */
final class Signals {

    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals() {}

    /** Sends {@code signal} (a name such as {@code PWR}) to one process; a process already gone is not an error. */
    static void send(String signal, long pid) {
        run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** Sends {@code signal} to every process of a group. */
    static void sendToGroup(String signal, long processGroup) {
        run(List.of("kill", "-" + signal, "--", "-" + processGroup));
    }

    /**
     * Stops a process and everything below it: SIGTERM, then SIGKILL to what is left after {@code wait}.
     * A process that leads its own group gets the signal for its whole group.
     */
    static void stopTree(TrackedProcess process, Duration wait) {
        Optional<ProcessHandle> root = process.handle();
        if (root.isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root.get());
        root.get().descendants().forEach(tree::add);
        boolean ownGroup = process.processGroup() == process.pid();
        if (ownGroup) {
            sendToGroup("TERM", process.processGroup());
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(handle -> ProcessTable.running(handle.pid()))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownGroup && ProcessTable.running(process.pid())) {
            sendToGroup("KILL", process.processGroup());
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void run(List<String> command) {
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
