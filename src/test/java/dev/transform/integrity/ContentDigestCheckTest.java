package dev.transform.integrity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.Bytes;
import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Content-Digest read from its field and checked against the JDK's MessageDigest over the same bytes, in any chunking. */
class ContentDigestCheckTest {

    private static final byte[] RFC9530_BODY = "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theRfc9530ExampleMatches() {
        ContentDigestCheck check = ContentDigestCheck.of(List.of(
                "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2"
                        + "svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"));
        assertTrue(check.checking());
        check.update(Bytes.wrap(RFC9530_BODY));
        assertDoesNotThrow(check::verify);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 64, 1000, 65_537})
    void matchesInEveryChunking(int size) throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        String field = "sha-512=:" + oracle("SHA-512", body) + ":, sha-256=:" + oracle("SHA-256", body) + ":";
        for (int chunk : new int[] {1, 7, 4096, Math.max(1, size)}) {
            ContentDigestCheck check = ContentDigestCheck.of(List.of(field));
            for (int i = 0; i < size; i += chunk) {
                check.update(Bytes.wrap(Arrays.copyOfRange(body, i, Math.min(size, i + chunk))));
            }
            assertDoesNotThrow(check::verify, "chunks of " + chunk);
        }
    }

    @Test
    void aDirectOrCompositeBufferHashesTheSame() throws Exception {
        byte[] body = "direct and composite buffers".getBytes(StandardCharsets.US_ASCII);
        ContentDigestCheck check = ContentDigestCheck.of(List.of("sha-256=:" + oracle("SHA-256", body) + ":"));
        io.netty.buffer.ByteBuf direct = Unpooled.directBuffer().writeBytes(body, 0, 10);
        try {
            check.update(Buffer.buffer(direct));
        } finally {
            direct.release();
        }
        check.update(Buffer.buffer(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(body, 10, 5),
                Unpooled.wrappedBuffer(body, 15, body.length - 15))));
        assertDoesNotThrow(check::verify);
    }

    @Test
    void oneWrongDigestAmongRightOnesIsAMismatch() throws Exception {
        byte[] body = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] wrong = MessageDigest.getInstance("SHA-512").digest("abd".getBytes(StandardCharsets.US_ASCII));
        ContentDigestCheck check = ContentDigestCheck.of(List.of("sha-256=:" + oracle("SHA-256", body) + ":",
                "sha-512=:" + Base64.getEncoder().encodeToString(wrong) + ":"));
        check.update(Bytes.wrap(body));
        TransformException e = assertThrows(TransformException.class, check::verify);
        assertEquals(ProblemType.DIGEST_MISMATCH, e.type());
        assertEquals(422, e.type().status());
        assertEquals("urn:transform-api:problem:digest-mismatch", e.type().uri());
        assertTrue(e.detail().contains("sha-512") && e.detail().contains("3 bytes"), e.detail());
    }

    @Test
    void aTruncatedBodyIsAMismatch() throws Exception {
        byte[] body = "the whole body".getBytes(StandardCharsets.US_ASCII);
        ContentDigestCheck check = ContentDigestCheck.of(List.of("sha-256=:" + oracle("SHA-256", body) + ":"));
        check.update(Bytes.wrap(Arrays.copyOf(body, body.length - 1)));
        assertEquals(ProblemType.DIGEST_MISMATCH, assertThrows(TransformException.class, check::verify).type());
    }

    @Test
    void unsupportedAlgorithmsAreIgnored() {
        // RFC 9530 §2: a recipient ignores algorithms it does not support; with nothing else, nothing is checked.
        assertSame(ContentDigestCheck.NONE, ContentDigestCheck.of(List.of(
                "md5=:HUXZLQLMuI/KZ5KDcJPcOA==:, unixsum=30637, sha-384=\"anything\", x;p=1")));
        assertSame(ContentDigestCheck.NONE, ContentDigestCheck.of(List.of()));
        assertFalse(ContentDigestCheck.NONE.checking());
    }

    @Test
    void anUnsupportedMemberBesideASupportedOneDoesNotStopTheCheck() throws Exception {
        byte[] body = "x".getBytes(StandardCharsets.US_ASCII);
        ContentDigestCheck check = ContentDigestCheck.of(List.of("md5=:AAAA:, sha-256=:" + oracle("SHA-256", body) + ":"));
        check.update(Bytes.wrap(new byte[] {'y'}));
        assertEquals(ProblemType.DIGEST_MISMATCH, assertThrows(TransformException.class, check::verify).type());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",      // a token, not a byte sequence
            "sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"",  // a string
            "sha-256",                                                     // true
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DB===:",     // padding inside the data
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBP*=:",     // not base64
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7k:",             // 24 bytes, not 32
            "sha-512=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",     // 32 bytes, not 64
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:;",
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=: sha-512=:AA==:"})
    void aMalformedFieldIsABadRequest(String field) {
        TransformException e = assertThrows(TransformException.class, () -> ContentDigestCheck.of(List.of(field)));
        assertEquals(ProblemType.BAD_REQUEST, e.type());
        assertTrue(e.detail().startsWith("the request's Content-Digest"), e.detail());
    }

    private static String oracle(String algorithm, byte[] body) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(body));
    }
}
