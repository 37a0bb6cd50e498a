package io.sparkplane.testkit.localspark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A fake's own story, one timestamped line per event: the file a test names in run mode, where a
 * failing test's reader looks first; without a file (state-only mode) the lines go to the JDK's
 * System.Logger at DEBUG, usually nowhere.
 */
public final class FakeLog implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(FakeLog.class.getName());

    private final BufferedWriter writer;
    private boolean closed;

    private FakeLog(BufferedWriter writer) {
        this.writer = writer;
    }

    public static FakeLog none() {
        return new FakeLog(null);
    }

    public static FakeLog toFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // appended: a test class may start several fakes on one log file
        return new FakeLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    public synchronized void log(String message) {
        if (writer == null || closed) {
            // after close: a run's thread or a timed transition ending as the fake closes
            LOGGER.log(System.Logger.Level.DEBUG, message);
            return;
        }
        try {
            writer.write(Instant.now() + " " + message);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake's log", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                // the log is closed with the fake; nothing left to tell
            }
        }
    }
}
