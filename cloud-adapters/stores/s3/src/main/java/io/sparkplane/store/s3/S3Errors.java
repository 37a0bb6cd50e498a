package io.sparkplane.store.s3;

import io.sparkplane.spi.storage.ContentException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns what the AWS SDK throws into an {@link ObjectStoreException} whose kind a caller can act on
 * and whose message names the location and the cause in words, never a credential. One pure
 * function, tested table by table.
 */
final class S3Errors {

    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchBucket", "NotFound", "NoSuchVersion");

    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AccountProblem",
            "RequestTimeTooSkewed", "Forbidden");

    /** Codes whose HTTP status (403, 404) would say otherwise. */
    private static final Set<String> FAILED_CODES = Set.of("InvalidObjectState", "NoSuchUpload", "NotImplemented");

    private static final Set<String> THROTTLING_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequests", "RequestThrottled", "ServiceUnavailable", "InternalError");

    private S3Errors() {
    }

    /**
     * The store exception for {@code failure}, met while doing {@code action} ("read", "upload to",
     * ...) on {@code location}. Unwraps the {@link CompletionException}s and {@link ExecutionException}s
     * of the async client and the SDK's client exceptions around a service error.
     */
    static ObjectStoreException toStoreException(String action, Location location, Throwable failure) {
        String subject = "cannot " + action + " " + location.uri() + ": ";
        Throwable unwrapped = unwrap(failure);
        if (unwrapped instanceof ObjectStoreException storeException) {
            return storeException;
        }
        AwsServiceException service = find(unwrapped, AwsServiceException.class);
        if (service != null) {
            return fromService(subject, location, service);
        }
        SdkServiceException otherService = find(unwrapped, SdkServiceException.class);
        if (otherService != null) {
            return fromStatus(subject, location, otherService, otherService.statusCode(), null, otherService.getMessage());
        }
        ContentException content = find(unwrapped, ContentException.class);
        if (content != null) {
            return new ObjectStoreException(Kind.FAILED, location, subject + content.getMessage(), unwrapped);
        }
        if (find(unwrapped, ApiCallTimeoutException.class) != null || find(unwrapped, ApiCallAttemptTimeoutException.class) != null
                || find(unwrapped, TimeoutException.class) != null) {
            return new ObjectStoreException(Kind.UNAVAILABLE, location,
                    subject + "the S3 endpoint did not answer in time, after the configured retries (" + rootMessage(unwrapped) + ")",
                    unwrapped);
        }
        if (isMissingCredentials(unwrapped)) {
            return new ObjectStoreException(Kind.ACCESS_DENIED, location, subject + "no AWS credentials were found: set "
                    + S3StoreSettings.ACCESS_KEY_ID + " and " + S3StoreSettings.SECRET_ACCESS_KEY
                    + ", or give the SDK's default chain some (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, a role)",
                    unwrapped);
        }
        if (find(unwrapped, IOException.class) != null) {
            return new ObjectStoreException(Kind.UNAVAILABLE, location,
                    subject + "the S3 endpoint could not be reached, after the configured retries (" + rootMessage(unwrapped) + ")",
                    unwrapped);
        }
        if (unwrapped instanceof SdkClientException) {
            return new ObjectStoreException(Kind.FAILED, location, subject + rootMessage(unwrapped), unwrapped);
        }
        return new ObjectStoreException(Kind.FAILED, location, subject + describe(unwrapped), unwrapped);
    }

    private static ObjectStoreException fromService(String subject, Location location, AwsServiceException service) {
        AwsErrorDetails details = service.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details == null ? null : details.errorMessage();
        return fromStatus(subject, location, service, service.statusCode(), code, message);
    }

    private static ObjectStoreException fromStatus(String subject, Location location, SdkServiceException service,
                                                   int status, String code, String serverMessage) {
        String detail = detail(status, code, service.requestId());
        Kind kind = kind(status, code);
        String explanation = switch (kind) {
            case NOT_FOUND -> "NoSuchBucket".equals(code)
                    ? "the bucket '" + location.authority() + "' does not exist"
                    : "no such object";
            case ACCESS_DENIED -> accessDenied(code);
            case UNAVAILABLE -> "the S3 endpoint kept failing after the configured retries"
                    + (serverMessage == null ? "" : ": " + serverMessage);
            case FAILED -> failed(status, code, serverMessage);
        };
        return new ObjectStoreException(kind, location, subject + explanation + " (" + detail + ")", service);
    }

    /** The kind of a service error, by S3 error code first and HTTP status after. */
    static Kind kind(int status, String code) {
        if (code != null) {
            if (FAILED_CODES.contains(code)) {
                return Kind.FAILED;
            }
            if (NOT_FOUND_CODES.contains(code)) {
                return Kind.NOT_FOUND;
            }
            if (ACCESS_DENIED_CODES.contains(code)) {
                return Kind.ACCESS_DENIED;
            }
            if (THROTTLING_CODES.contains(code)) {
                return Kind.UNAVAILABLE;
            }
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status == 401 || status == 403) {
            return Kind.ACCESS_DENIED;
        }
        if (status == 429 || status >= 500 && status != 501) {
            return Kind.UNAVAILABLE;
        }
        return Kind.FAILED;
    }

    private static String failed(int status, String code, String serverMessage) {
        if ("InvalidObjectState".equals(code)) {
            return "the object is archived; restore it first";
        }
        String said = serverMessage == null || serverMessage.isBlank() ? "the S3 endpoint refused the request" : serverMessage;
        if (status == 501 || "NotImplemented".equals(code) || "XAmzContentSHA256Mismatch".equals(code)) {
            // what S3-compatible servers that predate flexible checksums answer the SDK's default checksum headers
            // and its aws-chunked bodies with trailing checksums
            return said + "; an S3-compatible server may need " + S3StoreSettings.CHECKSUMS + "=when-required";
        }
        return said;
    }

    private static String accessDenied(String code) {
        if (code == null) {
            return "access denied: the credentials may not read or write this bucket (S3 also answers so for a missing"
                    + " object when they may not list the bucket)";
        }
        return switch (code) {
            case "InvalidAccessKeyId" -> "the server does not know the access key id";
            case "SignatureDoesNotMatch" -> "the secret access key does not match the access key id";
            case "ExpiredToken", "TokenRefreshRequired" -> "the session token has expired";
            case "InvalidToken" -> "the session token is not valid";
            case "RequestTimeTooSkewed" -> "this machine's clock is too far from the server's";
            default -> "access denied: the credentials may not read or write this bucket";
        };
    }

    private static String detail(int status, String code, String requestId) {
        StringBuilder detail = new StringBuilder();
        if (code != null && !code.isBlank()) {
            detail.append(code).append(", ");
        }
        detail.append("HTTP ").append(status);
        if (requestId != null && !requestId.isBlank()) {
            detail.append(", request id ").append(requestId);
        }
        return detail.toString();
    }

    private static boolean isMissingCredentials(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SdkClientException && cause.getMessage() != null
                    && cause.getMessage().toLowerCase(Locale.ROOT).contains("unable to load credentials")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * The first {@code type} in {@code failure}'s causes, or in those of the exceptions suppressed
     * along the way (the SDK keeps each failed attempt there, so the first attempt's real cause is
     * not lost behind "the request stream could not be reset").
     */
    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        return find(failure, type, 0);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type, int level) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        if (level < 2) {
            depth = 0;
            for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
                for (Throwable suppressed : cause.getSuppressed()) {
                    T found = find(suppressed, type, level + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 16) {
            root = root.getCause();
        }
        String message = describe(failure);
        return root == failure || message.contains(describe(root)) ? message : message + ": " + describe(root);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
