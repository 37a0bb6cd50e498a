package io.sparkplane.backend.hdinsight;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.sparkplane.spi.engine.EngineBackendException;
import java.util.Locale;

/**
 * Azure's answer to a failed call, as the run's user reads it: the HTTP status, ARM's error code and
 * message ({@code 409 Conflict: QuotaExceeded: Operation results in exceeding quota limits of Core...}),
 * and a hint where the cause is a quota or throttling, never the request (which holds the
 * cluster's login).
 */
final class AzureErrors {

    private AzureErrors() {}

    /** {@code <what>: <Azure's words>}, the exception as its cause. */
    static EngineBackendException failure(String what, RuntimeException e) {
        return new EngineBackendException(what + ": " + describe(e), e);
    }

    /** The HTTP status of Azure's answer, or 0 when it did not answer. */
    static int status(RuntimeException e) {
        if (e instanceof HttpResponseException response && response.getResponse() != null) {
            return response.getResponse().getStatusCode();
        }
        return 0;
    }

    /** ARM's error code ({@code ResourceNotFound}, {@code QuotaExceeded}), or empty. */
    static String code(RuntimeException e) {
        if (e instanceof ManagementException management && management.getValue() != null && management.getValue().getCode() != null) {
            return management.getValue().getCode();
        }
        return "";
    }

    /** Whether Azure answered that the thing asked for does not exist. */
    static boolean notFound(RuntimeException e) {
        return status(e) == 404;
    }

    /** {@code <status>: <code>: <message>}, with a hint for a quota or throttling. */
    static String describe(RuntimeException e) {
        int status = status(e);
        String code = code(e);
        String message = message(e);
        StringBuilder said = new StringBuilder();
        if (status > 0) {
            said.append(status).append(": ");
        }
        if (!code.isEmpty()) {
            said.append(code).append(": ");
        }
        said.append(message.isBlank() ? "(Azure gave no message)" : message);
        String lower = (code + " " + message).toLowerCase(Locale.ROOT);
        if (status == 429 || lower.contains("throttl") || lower.contains("toomanyrequests")) {
            said.append(" (Azure Resource Manager is throttling the subscription's calls; the SDK's retries waited as Azure asked, and Sparkplane"
                    + " asks again on its next pass)");
        } else if (lower.contains("quota") || lower.contains("insufficientcore") || lower.contains("corelimit")) {
            said.append(" (a quota of the subscription: ask Azure for more cores in the region, or use smaller or fewer nodes)");
        } else if (status == 401) {
            said.append(" (the credentials are not accepted: see the profile's credentials)");
        } else if (status == 403) {
            said.append(" (the identity lacks a permission on the resource group: see the module's README for the roles)");
        }
        return said.toString();
    }

    /** ARM's message (of the first detail when the error itself says only that details follow), else the exception's own. */
    private static String message(RuntimeException e) {
        if (e instanceof ManagementException management && management.getValue() != null) {
            ManagementError error = management.getValue();
            String message = error.getMessage() == null ? "" : error.getMessage().strip();
            if (error.getDetails() != null && !error.getDetails().isEmpty()) {
                ManagementError detail = error.getDetails().get(0);
                String detailed = HdInsightClusterStates.error(detail.getCode(), detail.getMessage());
                if (!detailed.isEmpty()) {
                    message = message.isEmpty() ? detailed : message + " (" + detailed + ")";
                }
            }
            return flat(message);
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof HttpResponseException) {
            // "Status code 404, "{...}"": the body follows the status, which is said already
            text = text.replaceFirst("^Status code \\d+, ", "");
        }
        return flat(text);
    }

    private static String flat(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 1000 ? flat : flat.substring(0, 1000) + "...";
    }
}
