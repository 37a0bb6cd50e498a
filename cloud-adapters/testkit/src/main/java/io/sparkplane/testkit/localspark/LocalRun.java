package io.sparkplane.testkit.localspark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One local spark-submit, as the fake that started it sees it: it can be asked to stop (its process
 * tree is killed by the run's own thread, so an API call never waits for it), its driver's output
 * can be read while it runs and after, and it ends once.
 */
public final class LocalRun {

    private final SparkWork work;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile boolean killRequested;
    /** Where spark-submit's output goes while the run's directory exists. */
    private volatile Path outputFile;
    /** The whole output, kept once the run's directory is gone. */
    private volatile String finalOutput;

    LocalRun(SparkWork work) {
        this.work = requireNonNull(work, "work is null");
    }

    public SparkWork work() {
        return work;
    }

    /** Kills its process tree soon (SIGTERM, SIGKILL after a grace); a no-op once it ended. */
    public void requestKill() {
        killRequested = true;
    }

    public boolean killRequested() {
        return killRequested;
    }

    /** Completes with its outcome ("exit 0", "killed", "not run: ...") once nothing of it runs any more. */
    public CompletableFuture<String> ended() {
        return ended;
    }

    /**
     * The driver's output so far: spark-submit's stdout and stderr merged, as the driver wrote them
     * (in client mode: the driver's own prints, Spark's log, a Python traceback). Empty before it
     * starts; whole and fixed once it ended.
     */
    public String driverOutput() {
        String kept = finalOutput;
        if (kept != null) {
            return kept;
        }
        Path file = outputFile;
        if (file == null) {
            return "";
        }
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            // the run ended and its directory went meanwhile: by then its output is kept
            kept = finalOutput;
            return kept == null ? "" : kept;
        }
    }

    void outputFile(Path file) {
        this.outputFile = file;
    }

    /** Keeps the whole output before the run's directory is deleted. */
    void keepOutput() {
        Path file = outputFile;
        String text = "";
        if (file != null) {
            try {
                text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                text = "";
            }
        }
        finalOutput = text;
    }

    void end(String outcome) {
        ended.complete(outcome);
    }
}
