package dev.transform.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.Bytes;
import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Want-Repr-Digest / Want-Content-Digest preferences, and the fields that answer them, against MessageDigest. */
class WantedDigestsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sha-256=10, sha-512=3|sha-256",
            "sha-256=3, sha-512=10|sha-512",
            "sha-512=1|sha-512",
            "sha-256=5, sha-512=5|sha-256",          // equals: the first listed
            "md5=10, sha-256=1|sha-256",             // an unsupported algorithm is skipped, however preferred
            "sha-256=0, sha-512=2|sha-512",          // 0: not acceptable
            "unixsum=10, adler=9, sha-512=1;x=1|sha-512"})
    void answersWithTheSupportedAlgorithmPreferredMost(String field, String chosen) throws Exception {
        ResponseDigest digest = WantedDigests.of(fields(Map.of("Want-Repr-Digest", List.of(field))));
        assertEquals(List.of("Repr-Digest"), digest.fieldNames());
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        digest.update(Bytes.wrap(body, 0, 2));
        digest.update(Bytes.wrap(body, 2, 3));
        String jdk = chosen.equals("sha-256") ? "SHA-256" : "SHA-512";
        assertEquals(Map.of("Repr-Digest", chosen + "=:" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance(jdk).digest(body)) + ":"), digest.fields());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=0", "md5=10, crc32c=3", "sha-256=0, sha-512=0", ""})
    void nothingAcceptableAndSupportedIsNoDigest(String field) {
        assertSame(ResponseDigest.NONE, WantedDigests.of(fields(Map.of("Want-Repr-Digest", List.of(field)))));
    }

    @Test
    void noFieldsNoDigest() {
        ResponseDigest none = WantedDigests.of(fields(Map.of()));
        assertFalse(none.wanted());
        assertEquals(Map.of(), none.fields());
    }

    @Test
    void eachFieldAskedForIsAnsweredUnderItsOwnName() throws Exception {
        ResponseDigest digest = WantedDigests.of(fields(Map.of(
                "Want-Repr-Digest", List.of("sha-256=1"), "Want-Content-Digest", List.of("sha-512=1"))));
        assertTrue(digest.wanted());
        assertEquals(List.of("Repr-Digest", "Content-Digest"), digest.fieldNames());
        Map<String, String> fields = digest.fields();
        assertEquals("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", fields.get("Repr-Digest"), "the empty body");
        assertEquals("sha-512=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(new byte[0]))
                + ":", fields.get("Content-Digest"));
        assertSame(fields, digest.fields(), "finished once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=11", "sha-256=-1", "sha-256", "sha-256=1.5", "sha-256=\"10\"", "sha-256=10,",
            "SHA-256=10", "md5=high"})
    void aMalformedPreferenceIsABadRequest(String field) {
        TransformException e = assertThrows(TransformException.class,
                () -> WantedDigests.of(fields(Map.of("Want-Content-Digest", List.of(field)))));
        assertEquals(ProblemType.BAD_REQUEST, e.type());
        assertTrue(e.detail().startsWith("the request's Want-Content-Digest"), e.detail());
    }

    private static java.util.function.Function<String, List<String>> fields(Map<String, List<String>> fields) {
        return name -> fields.getOrDefault(name, List.of());
    }
}
