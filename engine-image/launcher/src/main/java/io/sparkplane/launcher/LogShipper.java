package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.launcher.EngineApiClient.Answer;
import io.sparkplane.launcher.EngineApiClient.LogAnswer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Tails the driver log and ships it to the control plane by byte offset. It only moves past bytes
 * the control plane acknowledged, so after a connection error or a control plane restart it
 * resends from the last acknowledged offset and nothing is lost; a 409 tells it where the server
 * actually is.
 */
public final class LogShipper {

    /** The most bytes one request carries. */
    public static final int MAX_CHUNK_BYTES = 256 * 1024;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private enum Step { CAUGHT_UP, PROGRESS, FAILED, STOPPED }

    private final EngineApiClient client;
    private final Path file;
    private final Duration interval;
    private final LauncherLog log;
    private final Object monitor = new Object();
    private final byte[] buffer = new byte[MAX_CHUNK_BYTES];
    private volatile long acknowledged;
    private volatile Instant flushDeadline;
    private volatile boolean failing;
    private Thread thread;

    public LogShipper(EngineApiClient client, Path file, Duration interval, LauncherLog log) {
        this.client = requireNonNull(client, "client is null");
        this.file = requireNonNull(file, "file is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.log = requireNonNull(log, "log is null");
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::loop, "sparkplane-log-shipper");
        thread.setDaemon(true);
        thread.start();
    }

    /** Bytes of the file the control plane has acknowledged. */
    public long acknowledgedOffset() {
        return acknowledged;
    }

    /**
     * Ships what is left of the file (which no longer grows) and stops; gives up at the deadline.
     *
     * @return whether every byte was acknowledged
     */
    public boolean flush(Instant deadline) throws InterruptedException {
        flushDeadline = requireNonNull(deadline, "deadline is null");
        synchronized (monitor) {
            monitor.notifyAll();
        }
        thread.join(Math.max(1, Duration.between(Instant.now(), deadline).toMillis() + 20_000));
        return acknowledged >= size();
    }

    private void loop() {
        Duration backoff = interval;
        while (true) {
            Step step = shipOnce();
            if (step == Step.STOPPED) {
                return;
            }
            Instant deadline = flushDeadline;
            if (deadline != null && (step == Step.CAUGHT_UP || Instant.now().isAfter(deadline))) {
                if (step != Step.CAUGHT_UP) {
                    log.warn("log shipping gave up at the report deadline: " + acknowledged + " of " + size() + " bytes acknowledged");
                }
                return;
            }
            if (step == Step.PROGRESS) {
                backoff = interval;
                continue;
            }
            Duration pause;
            if (step == Step.FAILED) {
                pause = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } else {
                pause = interval;
                backoff = interval;
            }
            if (!pause(pause)) {
                return;
            }
        }
    }

    private Step shipOnce() {
        long size = size();
        long offset = acknowledged;
        if (offset >= size) {
            return Step.CAUGHT_UP;
        }
        int length;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(buffer, 0, (int) Math.min(MAX_CHUNK_BYTES, size - offset));
            while (target.hasRemaining()) {
                if (channel.read(target, offset + target.position()) < 0) {
                    break;
                }
            }
            length = target.position();
        } catch (IOException e) {
            log.warn("cannot read " + file + ": " + e.getMessage());
            return Step.FAILED;
        }
        LogAnswer answer = client.putLog(offset, buffer, length);
        switch (answer.answer()) {
            case ACCEPTED -> {
                recovered();
                acknowledged = answer.nextOffset();
                return acknowledged >= size() ? Step.CAUGHT_UP : Step.PROGRESS;
            }
            case CONFLICT -> {
                if (answer.nextOffset() == offset) {
                    failed("control plane answered 409 with nextOffset " + offset + " for offset " + offset);
                    return Step.FAILED;
                }
                log.info("control plane has " + answer.nextOffset() + " bytes of the driver log, resending from there (we sent from " + offset + ")");
                acknowledged = answer.nextOffset();
                return Step.PROGRESS;
            }
            case UNAUTHORIZED -> {
                log.error("control plane rejected the attempt token for the driver log (" + answer.detail() + "): log shipping stops");
                return Step.STOPPED;
            }
            case RETRY -> {
                failed("shipping the driver log from offset " + offset + " failed (" + answer.detail() + "), will retry");
                return Step.FAILED;
            }
        }
        throw new IllegalStateException("unknown answer " + answer.answer());
    }

    private void failed(String message) {
        if (!failing) {
            failing = true;
            log.warn(message);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("shipping the driver log works again");
        }
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return acknowledged;
        }
    }

    /** Waits, waking early for a flush; false when interrupted. */
    private boolean pause(Duration duration) {
        synchronized (monitor) {
            if (flushDeadline != null && !failing) {
                return true;
            }
            try {
                monitor.wait(Math.max(1, duration.toMillis()));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

}
