package dev.transform.integrity;

import dev.transform.digest.Algorithm;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A request's {@code Content-Digest} (RFC 9530 §2), checked against the body as it streams by: the
 * bytes as sent, before any request {@code Content-Encoding} is undone. Every member with a supported
 * algorithm is checked; members with others are ignored, as the RFC says, so a field that names none
 * of sha-256 and sha-512 checks nothing.
 */
public final class ContentDigestCheck {

    /** The request field's name. */
    public static final String FIELD = "Content-Digest";

    /** No {@code Content-Digest}, or none the service supports: nothing to check. */
    public static final ContentDigestCheck NONE = new ContentDigestCheck(List.of());

    private final List<Expected> expected;
    private long bytes;

    private ContentDigestCheck(List<Expected> expected) {
        this.expected = expected;
    }

    /**
     * The check the {@code Content-Digest} field lines {@code fieldLines} ask for.
     *
     * @throws TransformException (400) when the field is not a Dictionary, or a supported member's value
     *     is not a byte sequence of its algorithm's length
     */
    public static ContentDigestCheck of(List<String> fieldLines) {
        if (fieldLines.isEmpty()) {
            return NONE;
        }
        Map<String, StructuredFields.Member> members;
        try {
            members = StructuredFields.dictionary(fieldLines);
        } catch (TransformException e) {
            throw e.within("the request's " + FIELD + " is not a structured-field dictionary (RFC 9530 §2): ");
        }
        List<Expected> expected = new ArrayList<>();
        members.forEach((key, member) -> {
            Algorithm algorithm = ActiveAlgorithms.byKey(key);
            if (algorithm == null) {
                return;
            }
            if (!(member.value() instanceof byte[] digest)) {
                throw TransformException.badRequest("the request's " + FIELD + " member " + key
                        + " must be a byte sequence (" + key + "=:base64:)");
            }
            if (digest.length != ActiveAlgorithms.length(algorithm)) {
                throw TransformException.badRequest("the request's " + FIELD + " member " + key + " has " + digest.length
                        + " bytes; a " + key + " digest has " + ActiveAlgorithms.length(algorithm));
            }
            expected.add(new Expected(key, algorithm.newHasher(), digest));
        });
        return expected.isEmpty() ? NONE : new ContentDigestCheck(expected);
    }

    /** True when there is something to check, so the whole body must be read even if the transform ends early. */
    public boolean checking() {
        return !expected.isEmpty();
    }

    /** Hashes the next chunk of the body as sent. */
    public void update(Buffer chunk) {
        for (Expected member : expected) {
            BufferHashing.update(member.hasher(), chunk);
        }
        bytes += chunk.length();
    }

    /**
     * Compares each digest with the body's, once the whole body has been hashed.
     *
     * @throws TransformException (422, digest-mismatch) naming the first algorithm that differs
     */
    public void verify() {
        for (Expected member : expected) {
            byte[] actual = member.hasher().result();
            if (!MessageDigest.isEqual(actual, member.digest())) {
                throw TransformException.digestMismatch("the request's " + FIELD + " " + member.key() + " is :"
                        + Base64.getEncoder().encodeToString(member.digest()) + ": but the " + bytes
                        + " bytes of the body as sent hash to :" + Base64.getEncoder().encodeToString(actual) + ":");
            }
        }
    }

    private record Expected(String key, Algorithm.Hasher hasher, byte[] digest) {
    }
}
