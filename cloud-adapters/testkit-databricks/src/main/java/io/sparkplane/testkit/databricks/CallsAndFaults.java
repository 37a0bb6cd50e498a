package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.localspark.FakeLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts every call by {@code "METHOD /path"} and answers the ones a test scripted, by path:
 * {@link #failNext} answers an error before the call does anything (refused at Databricks' front
 * end); {@link #failNextAfterDoing} lets the call take effect and answers the error in place of its
 * answer (an answer lost on the way back); {@link #throttle} answers 429 with a Retry-After header,
 * as Databricks' rate limits do. Counted before the fault, so a test sees every retry a client made.
 */
final class CallsAndFaults {

    /** What a scripted fault answers, and how many more calls it takes. */
    record Fault(int remaining, int status, String errorCode, String message, boolean afterDoing, Optional<Duration> retryAfter) {
        Fault {
            requireNonNull(errorCode, "errorCode is null");
            requireNonNull(message, "message is null");
            requireNonNull(retryAfter, "retryAfter is null");
        }

        ApiError error() {
            return new ApiError(status, errorCode, message, retryAfter);
        }
    }

    private final FakeLog log;
    private final Map<String, Integer> calls = new TreeMap<>();
    private final Map<String, Fault> faults = new HashMap<>();

    CallsAndFaults(FakeLog log) {
        this.log = requireNonNull(log, "log is null");
    }

    synchronized void script(String path, Fault fault) {
        requireNonNull(path, "path is null");
        if (fault.remaining() < 0) {
            throw new IllegalArgumentException("times must not be negative, not " + fault.remaining());
        }
        if (fault.status() < 400 || fault.status() > 599) {
            throw new IllegalArgumentException("a fault answers 4xx or 5xx, not " + fault.status());
        }
        if (fault.remaining() == 0) {
            faults.remove(path);
        } else {
            faults.put(path, fault);
        }
    }

    synchronized void clear() {
        faults.clear();
    }

    synchronized Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }

    synchronized void resetCalls() {
        calls.clear();
    }

    /** Counts the call; the fault it meets, if one is scripted for its path. */
    synchronized Optional<Fault> arrive(String method, String path) {
        calls.merge(method + " " + path, 1, Integer::sum);
        Fault fault = faults.get(path);
        if (fault == null) {
            return Optional.empty();
        }
        if (fault.remaining() == 1) {
            faults.remove(path);
        } else {
            faults.put(path, new Fault(fault.remaining() - 1, fault.status(), fault.errorCode(), fault.message(), fault.afterDoing(),
                    fault.retryAfter()));
        }
        log.log(method + " " + path + ": answered " + fault.status() + " " + fault.errorCode() + (fault.afterDoing() ? " after doing it" : ""));
        return Optional.of(fault);
    }
}
