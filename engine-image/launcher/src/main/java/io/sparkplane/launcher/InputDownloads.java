package io.sparkplane.launcher;

import io.sparkplane.launcher.EngineApiClient.Transfer;
import io.sparkplane.launcher.EngineApiClient.TransferAnswer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Fetches the run's inputs through the internal engine API, trying transient failures three times
 * with growing pauses; each fetch is a line in the driver log.
 */
final class InputDownloads implements StagedInputs.InputFetcher {

    static final int ATTEMPTS = 3;

    private final EngineApiClient client;
    private final Consumer<String> driverLine;

    InputDownloads(EngineApiClient client, Consumer<String> driverLine) {
        this.client = client;
        this.driverLine = driverLine;
    }

    /** A location as the driver log shows it: a URL without its query, which may carry a signature (presigned URLs, SAS). */
    static String printable(String reference) {
        return reference.replaceFirst("\\?.*$", "?...");
    }

    @Override
    public void fetch(String reference, Path target) throws StagedInputs.StagingException {
        String shown = printable(reference);
        Duration backoff = Duration.ofSeconds(1);
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            TransferAnswer answer = client.fetchInput(reference, target);
            if (answer.result() == Transfer.DONE) {
                driverLine.accept("fetched " + shown + " (" + answer.bytes() + " bytes, "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
                return;
            }
            if (answer.result() == Transfer.FAILED || attempt == ATTEMPTS) {
                throw new StagedInputs.StagingException("cannot fetch " + shown + ": " + answer.detail());
            }
            driverLine.accept("fetching " + shown + " failed (" + answer.detail() + "), trying again in " + backoff.toSeconds() + " s");
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StagedInputs.StagingException("cannot fetch " + shown + ": interrupted");
            }
            backoff = backoff.multipliedBy(2);
        }
    }
}
