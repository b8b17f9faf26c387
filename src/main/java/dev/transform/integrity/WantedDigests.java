package dev.transform.integrity;

import dev.transform.digest.Algorithm;
import dev.transform.engine.TransformException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A request's {@code Want-Repr-Digest} and {@code Want-Content-Digest} (RFC 9530 §4): which digest
 * of the response body to send, and in which field. Each is a Dictionary of algorithms with a
 * preference from 1 (least) to 10 (most), 0 meaning "not acceptable"; the service answers with the
 * supported algorithm the client prefers most (the first listed among equals) and ignores the others.
 *
 * <p>The service's responses have no content coding, so the representation and the content are
 * the same bytes and both digests are one; each field asked for is answered under its own name.
 */
public final class WantedDigests {

    /** The field each request field asks for. */
    private static final Map<String, String> ANSWERS = Map.of(
            "Want-Repr-Digest", "Repr-Digest",
            "Want-Content-Digest", "Content-Digest");

    private static final int MAX_PREFERENCE = 10;

    private WantedDigests() {
    }

    /**
     * The response digest the request asks for: {@link ResponseDigest#NONE} when it asks for none the
     * service supports.
     *
     * @param fieldLines the field lines of a request field by name
     * @throws TransformException (400) when a field is not a Dictionary of integers from 0 to 10
     */
    public static ResponseDigest of(Function<String, List<String>> fieldLines) {
        Map<String, Algorithm> answers = new LinkedHashMap<>();
        for (String want : List.of("Want-Repr-Digest", "Want-Content-Digest")) {
            List<String> lines = fieldLines.apply(want);
            if (!lines.isEmpty()) {
                Algorithm chosen = choose(want, lines);
                if (chosen != null) {
                    answers.put(ANSWERS.get(want), chosen);
                }
            }
        }
        return answers.isEmpty() ? ResponseDigest.NONE : new ResponseDigest(answers);
    }

    private static Algorithm choose(String field, List<String> lines) {
        Map<String, StructuredFields.Member> members;
        try {
            members = StructuredFields.dictionary(lines);
        } catch (TransformException e) {
            throw e.within("the request's " + field + " is not a structured-field dictionary (RFC 9530 §4): ");
        }
        Algorithm chosen = null;
        long best = 0;
        for (Map.Entry<String, StructuredFields.Member> member : members.entrySet()) {
            if (!(member.getValue().value() instanceof Long preference) || preference < 0 || preference > MAX_PREFERENCE) {
                throw TransformException.badRequest("the request's " + field + " member " + member.getKey()
                        + " must be an integer preference from 0 (not acceptable) to 10 (" + member.getKey() + "=10)");
            }
            Algorithm algorithm = ActiveAlgorithms.byKey(member.getKey());
            if (algorithm != null && preference > best) {
                chosen = algorithm;
                best = preference;
            }
        }
        return chosen;
    }
}
