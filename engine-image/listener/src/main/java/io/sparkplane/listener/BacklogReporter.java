package io.sparkplane.listener;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Posts the backlog to the attempt's heartbeat endpoint of the control plane's internal engine API
 * at a fixed interval on its own daemon thread, and once more when stopped: the launcher's
 * heartbeat, for backends where spark-submit runs without a launcher (EMR steps, EMR Serverless).
 *
 * <p>The request is the launcher's: {@code POST <url>} with {@code Authorization: Bearer <token>},
 * {@code Content-Type: application/json} and {@code {"backlog": <BacklogReport>}}. Everything that
 * can block — reading the token, connecting, waiting for the answer — happens on the reporter's
 * thread with short timeouts, so neither Spark's listener bus nor the driver ever waits on the
 * control plane. A failed report is logged once per run of failures and tried again at the next
 * interval; a 409 (the attempt is no longer current) or a refused token (401, 403) ends reporting,
 * as it ends the launcher's heartbeats.
 */
final class BacklogReporter {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long the end of the application waits for the last report (and a report still under way). */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** The longest pause between two reads of a token file that could not be read. */
    static final Duration MAX_TOKEN_BACKOFF = Duration.ofSeconds(30);

    private final URI url;
    private final EngineTokenFile tokenFile;
    private final Duration interval;
    private final Supplier<BacklogReport> snapshot;
    private final PrintStream log;
    private final Object monitor = new Object();
    private final Thread thread;
    private boolean stopping;

    // the reporter thread's alone
    private HttpClient client;
    private String token;
    private boolean reportsFailing;
    private boolean tokenFailing;

    BacklogReporter(URI url, EngineTokenFile tokenFile, Duration interval, Supplier<BacklogReport> snapshot, PrintStream log) {
        this.url = requireNonNull(url, "url is null");
        this.tokenFile = requireNonNull(tokenFile, "tokenFile is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.log = requireNonNull(log, "log is null");
        this.thread = new Thread(this::loop, "sparkplane-backlog-reporter");
        // never keeps the user's driver alive
        this.thread.setDaemon(true);
    }

    /**
     * The reporter {@link BacklogListenerConf#REPORT_URL} and {@link BacklogListenerConf#REPORT_TOKEN_FILE}
     * ask for, not started; empty when neither is set. Half a configuration, or one that cannot work,
     * is said in the driver log and reports nothing: the job itself must run on regardless.
     */
    static Optional<BacklogReporter> fromSparkConf(Map<String, String> sparkConf, Duration interval,
            Supplier<BacklogReport> snapshot, PrintStream log) {
        String url = sparkConf.getOrDefault(BacklogListenerConf.REPORT_URL, "").strip();
        String tokenFile = sparkConf.getOrDefault(BacklogListenerConf.REPORT_TOKEN_FILE, "").strip();
        if (url.isEmpty() && tokenFile.isEmpty()) {
            return Optional.empty();
        }
        if (url.isEmpty() || tokenFile.isEmpty()) {
            log.println("[sparkplane] " + (url.isEmpty() ? BacklogListenerConf.REPORT_TOKEN_FILE : BacklogListenerConf.REPORT_URL)
                    + " is set without " + (url.isEmpty() ? BacklogListenerConf.REPORT_URL : BacklogListenerConf.REPORT_TOKEN_FILE)
                    + ": the backlog is not reported to the control plane");
            return Optional.empty();
        }
        URI endpoint;
        URI token;
        try {
            endpoint = new URI(url);
            token = new URI(tokenFile);
        } catch (URISyntaxException e) {
            log.println("[sparkplane] the backlog is not reported to the control plane: " + e.getMessage());
            return Optional.empty();
        }
        if (!("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme())) || endpoint.getHost() == null) {
            log.println("[sparkplane] " + BacklogListenerConf.REPORT_URL + " is not an http(s) URL: the backlog is not reported to the control plane");
            return Optional.empty();
        }
        // a bare path would be resolved against the cluster's default file system (HDFS on EMR), not where it was staged
        if (token.getScheme() == null) {
            log.println("[sparkplane] " + BacklogListenerConf.REPORT_TOKEN_FILE
                    + " has no scheme (s3://, gs://, file:/...): the backlog is not reported to the control plane");
            return Optional.empty();
        }
        return Optional.of(new BacklogReporter(endpoint, new EngineTokenFile(token, EngineTokenFile.hadoopConf(sparkConf)),
                interval, snapshot, log));
    }

    void start() {
        thread.start();
    }

    /**
     * Has the last snapshot sent and waits for it, at most {@link #STOP_WAIT}: called from the
     * listener bus at the application's end, which the driver's shutdown waits for.
     */
    void stop() {
        synchronized (monitor) {
            stopping = true;
            monitor.notifyAll();
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The body of a report: the launcher's heartbeat with a backlog. */
    static String body(BacklogReport report) {
        return "{\"backlog\":" + BacklogJson.encode(clamped(report)) + "}";
    }

    /** The contract's counts are int32: a total beyond it (billions of tasks) is pinned, as the launcher does, not refused. */
    private static BacklogReport clamped(BacklogReport report) {
        return new BacklogReport(report.at(), pin(report.pendingTasks()), pin(report.runningTasks()), pin(report.completedTasks()),
                pin(report.failedTasks()), report.executorsAlive(), report.executorsBusy(), report.meanTaskMillis(), report.stages());
    }

    private static long pin(long count) {
        return Math.min(count, Integer.MAX_VALUE);
    }

    private void loop() {
        Duration tokenBackoff = interval;
        while (true) {
            boolean last = stopping();
            if (token == null) {
                token = readToken();
                if (token == null) {
                    if (last || !pause(tokenBackoff)) {
                        return;
                    }
                    Duration doubled = tokenBackoff.multipliedBy(2);
                    tokenBackoff = doubled.compareTo(MAX_TOKEN_BACKOFF) > 0 ? MAX_TOKEN_BACKOFF : doubled;
                    continue;
                }
            }
            if (!report() || last || !pause(interval)) {
                return;
            }
        }
    }

    private String readToken() {
        try {
            String read = tokenFile.read();
            if (tokenFailing) {
                tokenFailing = false;
                log.println("[sparkplane] read the attempt token from " + tokenFile.location() + ": backlog reports start");
            }
            return read;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!tokenFailing) {
                tokenFailing = true;
                // the exception names the location and the store's complaint, never what the object holds
                log.println("[sparkplane] cannot read the attempt token from " + tokenFile.location() + " (" + e
                        + "); the backlog is not reported until it can, trying again with backoff");
            }
            return null;
        }
    }

    /** @return false when reporting ends for good */
    private boolean report() {
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(snapshot.get()), StandardCharsets.UTF_8))
                    .build();
            status = client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            // a thrown exception would end the thread silently; the token was checked, so no message can hold it
            return failed(e.toString());
        }
        if (status >= 200 && status < 300) {
            if (reportsFailing) {
                reportsFailing = false;
                log.println("[sparkplane] backlog reports to " + url + " are accepted again");
            }
            return true;
        }
        if (status == 409) {
            log.println("[sparkplane] the control plane says this attempt is no longer current (HTTP 409): backlog reports stop");
            return false;
        }
        if (status == 401 || status == 403) {
            log.println("[sparkplane] the control plane refused the attempt token (HTTP " + status + "): backlog reports stop");
            return false;
        }
        return failed("HTTP " + status);
    }

    private boolean failed(String detail) {
        if (!reportsFailing) {
            reportsFailing = true;
            // the driver's stderr is its log; once per run of failures, not every interval
            log.println("[sparkplane] backlog report to " + url + " failed (" + detail
                    + "), trying again every interval; further failures are not logged until one is accepted");
        }
        return true;
    }

    private HttpClient client() {
        if (client == null) {
            // its selector and worker threads are daemons too
            client = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }

    private boolean stopping() {
        synchronized (monitor) {
            return stopping;
        }
    }

    /** Waits {@code duration} or until stopped; false when interrupted. */
    private boolean pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (monitor) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return true;
        }
    }
}
