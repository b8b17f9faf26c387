package dev.transform.engine;

/**
 * A failure the client caused: a bad request, a passed limit or input that cannot be transformed.
 * It carries what the problem details need; it never carries a stack trace, as it is an answer,
 * not a bug.
 */
public final class TransformException extends RuntimeException {

    private final ProblemType type;
    private final Long offset;
    private final Integer step;

    private TransformException(ProblemType type, String detail, Long offset, Integer step) {
        super(detail, null, false, false);
        this.type = type;
        this.offset = offset;
        this.step = step;
    }

    public static TransformException badRequest(String detail) {
        return new TransformException(ProblemType.BAD_REQUEST, detail, null, null);
    }

    public static TransformException limitExceeded(String detail) {
        return new TransformException(ProblemType.LIMIT_EXCEEDED, detail, null, null);
    }

    /** The service is at its limit of concurrent streams: retry later. */
    public static TransformException unavailable(String detail) {
        return new TransformException(ProblemType.UNAVAILABLE, detail, null, null);
    }

    /** A request whose body comes in a form the service cannot read, such as an unknown content coding. */
    public static TransformException unsupportedMediaType(String detail) {
        return new TransformException(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail, null, null);
    }

    /** Input that cannot be transformed, found at {@code offset} bytes into the stage's input. */
    public static TransformException invalidInput(String detail, long offset) {
        return new TransformException(ProblemType.INVALID_INPUT, detail, offset, null);
    }

    /** A body that does not hash to the digest its request declared (RFC 9530 {@code Content-Digest}). */
    public static TransformException digestMismatch(String detail) {
        return new TransformException(ProblemType.DIGEST_MISMATCH, detail, null, null);
    }

    /** The same failure, attributed to pipeline step {@code index}. */
    public TransformException atStep(int index) {
        return new TransformException(type, getMessage(), offset, index);
    }

    /** The same failure, its detail preceded by {@code context}: what was being done when it happened. */
    public TransformException within(String context) {
        return new TransformException(type, context + getMessage(), offset, step);
    }

    /** The same failure without a step, for a single-stage endpoint whose stage is built of parts. */
    public TransformException withoutStep() {
        return step == null ? this : new TransformException(type, getMessage(), offset, null);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public Long offset() {
        return offset;
    }

    public Integer step() {
        return step;
    }
}
