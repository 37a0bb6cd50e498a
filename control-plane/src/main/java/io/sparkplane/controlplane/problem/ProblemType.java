package io.sparkplane.controlplane.problem;

/** The kinds of problems the API answers with; each has a stable type URI and HTTP status. */
public enum ProblemType {
    INVALID_REQUEST(400, "The request is invalid"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused with a different request"),
    UNAUTHORIZED(401, "Unauthorized"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    FORBIDDEN(403, "Forbidden"),
    INTERNAL_ERROR(500, "Internal error"),
    NOT_IMPLEMENTED(501, "Not implemented"),
    BAD_GATEWAY(502, "An object store or web server failed"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:sparkplane:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
