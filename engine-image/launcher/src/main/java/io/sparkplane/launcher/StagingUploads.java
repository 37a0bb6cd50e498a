package io.sparkplane.launcher;

import io.sparkplane.launcher.EngineApiClient.Transfer;
import io.sparkplane.launcher.EngineApiClient.TransferAnswer;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * After the job: copies the Spark event log, the job's outputs and the driver log to the attempt's
 * staging prefix through the internal engine API, so they outlive the cluster. A file that cannot
 * be uploaded is reported in the driver log and does not change the attempt's outcome.
 */
final class StagingUploads {

    static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final EngineApiClient client;
    private final WorkDirectory workDirectory;
    private final Consumer<String> driverLine;

    StagingUploads(EngineApiClient client, WorkDirectory workDirectory, Consumer<String> driverLine) {
        this.client = client;
        this.workDirectory = workDirectory;
        this.driverLine = driverLine;
    }

    /** Uploads eventlog/ and outputs/; then the driver log, last, so it holds every line about the others. */
    void uploadAll() {
        List<String> failed = new ArrayList<>();
        int uploaded = 0;
        long bytes = 0;
        for (Path directory : List.of(workDirectory.eventLogDirectory(), workDirectory.outputsDirectory())) {
            for (Path file : files(directory)) {
                String stagedPath = directory.getFileName() + "/" + slashed(directory.relativize(file));
                TransferAnswer answer = upload(stagedPath, file);
                if (answer.result() == Transfer.DONE) {
                    uploaded++;
                    bytes += answer.bytes();
                } else {
                    failed.add(stagedPath + " (" + answer.detail() + ")");
                }
            }
        }
        if (uploaded > 0) {
            driverLine.accept("copied " + uploaded + " event log and output files (" + bytes + " bytes) to staging");
        }
        for (String failure : failed) {
            driverLine.accept("could not copy " + failure + " to staging");
        }
        TransferAnswer driverLog = upload("driver.log", workDirectory.driverLog());
        if (driverLog.result() != Transfer.DONE) {
            driverLine.accept("could not copy driver.log to staging (" + driverLog.detail() + ")");
        }
    }

    private TransferAnswer upload(String stagedPath, Path file) {
        Duration backoff = FIRST_BACKOFF;
        TransferAnswer answer = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            answer = client.upload(stagedPath, file);
            if (answer.result() != Transfer.RETRY || attempt == ATTEMPTS) {
                return answer;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
            backoff = backoff.multipliedBy(2);
        }
        return answer;
    }

    private static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String slashed(Path relative) {
        List<String> segments = new ArrayList<>();
        relative.forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }
}
