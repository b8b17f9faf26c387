package dev.transform.engine;

/** The kinds of failure the contract names, each with its HTTP status and problem title. */
public enum ProblemType {
    BAD_REQUEST(400, "bad-request", "Bad request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    LIMIT_EXCEEDED(413, "limit-exceeded", "Limit exceeded"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    INVALID_INPUT(422, "invalid-input", "Input cannot be transformed"),
    /** The body does not hash to the request's Content-Digest (RFC 9530): it changed on its way. */
    DIGEST_MISMATCH(422, "digest-mismatch", "Content digest mismatch"),
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    INTERNAL(500, "internal", "Internal error");

    private final int status;
    private final String slug;
    private final String uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.uri = "urn:transform-api:problem:" + slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The short name, as in the type URI and in metrics. */
    public String slug() {
        return slug;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
