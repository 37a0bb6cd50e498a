package io.sparkplane.listener;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Writes a snapshot to a file at a fixed interval on its own daemon thread, and once more when
 * stopped. Each write goes to a temporary file beside the target and is renamed over it, so a
 * reader (the launcher) sees a whole snapshot or the previous one, never half of one.
 */
final class BacklogFileWriter {

    private final Path file;
    private final Path temporary;
    private final Duration interval;
    private final Supplier<String> snapshot;
    private final Object monitor = new Object();
    private final Thread thread;
    private boolean stopped;
    private boolean failing;

    BacklogFileWriter(Path file, Duration interval, Supplier<String> snapshot) {
        this.file = requireNonNull(file, "file is null");
        this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
        this.interval = requireNonNull(interval, "interval is null");
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.thread = new Thread(this::loop, "sparkplane-backlog-writer");
        // never keeps the user's driver alive
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread and writes the last snapshot. */
    void stop() {
        synchronized (monitor) {
            stopped = true;
            monitor.notifyAll();
        }
        try {
            thread.join(interval.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }

    private void loop() {
        while (true) {
            synchronized (monitor) {
                if (stopped) {
                    return;
                }
            }
            write();
            synchronized (monitor) {
                if (stopped) {
                    return;
                }
                try {
                    monitor.wait(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized void write() {
        try {
            Files.writeString(temporary, snapshot.get(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                // the driver's stderr ends in driver.log, where the user and the launcher's operator see it
                System.err.println("[sparkplane] cannot write the backlog snapshot to " + file + ": " + e);
            }
        }
    }
}
