package dev.transform.http;

import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.TEXT;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.chunked;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9530 integrity end to end: the request's {@code Content-Digest} verified over the bytes as
 * sent (a 422 before the response is committed, an aborted stream after), and the response's digest
 * asked for with {@code Want-Repr-Digest} / {@code Want-Content-Digest} (a header when the output is
 * held, a trailer when it streams, over HTTP/1.1 and HTTP/2). The oracle is the JDK's
 * {@link MessageDigest} and {@link Base64}, and Python's hashlib in {@link #pythonHashlibAgrees()}.
 */
@QuarkusTest
class IntegrityEndpointTest {

    /** More output than the service holds before it commits the status (64 KiB), so the response streams. */
    private static final int LARGE = 200_003;

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 30_000})
    void aMatchingContentDigestIsAccepted(int size) {
        byte[] body = Http.random(size, size);
        for (Function<byte[], RequestSpecification> framing : List.<Function<byte[], RequestSpecification>>of(
                Http::fixed, Http::chunked)) {
            Response response = framing.apply(body).header("Content-Digest", field("sha-256", body) + ", "
                    + field("sha-512", body)).post("/v1/encode/hex");
            Http.assertText(HexFormat.of().formatHex(body), ascii(Http.ok(response, TEXT)));
        }
    }

    @Test
    void aMismatchInASmallBodyIsA422BeforeTheResponseStarts() {
        byte[] body = Http.random(5000, 1);
        byte[] other = body.clone();
        other[4321] ^= 1;
        for (RequestSpecification request : List.of(fixed(body), chunked(body))) {
            var problem = endpointProblem(request.header("Content-Digest", field("sha-256", other))
                    .post("/v1/encode/hex"), 422, "digest-mismatch");
            assertTrue(problem.getString("detail").contains("5000 bytes"), problem.prettify());
        }
    }

    @Test
    void unsupportedAlgorithmsAloneAreIgnored() {
        Response response = fixed(ascii("abc")).header("Content-Digest", "md5=:AAAAAAAAAAAAAAAAAAAAAA==:, sha-384=:AA==:")
                .post("/v1/encode/hex");
        assertEquals("616263", ascii(Http.ok(response, TEXT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256=:AAAA*AAA:", "sha-256=abc", "sha-256=:AAAA:", "sha-256=:A:",
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=: sha-512"})
    void aMalformedContentDigestIsA400(String field) {
        var problem = endpointProblem(fixed(ascii("abc")).header("Content-Digest", field).post("/v1/encode/hex"),
                400, "bad-request");
        assertTrue(problem.getString("detail").contains("Content-Digest"), problem.prettify());
    }

    @Test
    void aMalformedWantReprDigestIsA400() {
        endpointProblem(fixed(ascii("abc")).header("Want-Repr-Digest", "sha-256=high").post("/v1/encode/hex"),
                400, "bad-request");
    }

    /** The digest covers the bytes as sent: the gzip upload, not what its Content-Encoding decodes to. */
    @Test
    void aGzipUploadIsVerifiedAsSent() {
        byte[] plain = Http.compressible(100_000);
        byte[] gzip = Oracles.gzip(plain);
        Response ok = fixed(gzip).header("Content-Encoding", "gzip").header("Content-Digest", field("sha-256", gzip))
                .queryParam("algorithm", "sha-256").post("/v1/digest");
        assertEquals(200, ok.statusCode(), ok::asString);
        assertEquals(HexFormat.of().formatHex(sha("SHA-256", plain)), ok.jsonPath().getString("digests.sha-256"));
        endpointProblem(fixed(gzip).header("Content-Encoding", "gzip").header("Content-Digest", field("sha-256", plain))
                .post("/v1/digest"), 422, "digest-mismatch");
    }

    /**
     * A slice with a length is done after its bytes, but with a Content-Digest the rest of the
     * upload is still read and checked: a mismatch anywhere after the slice is a 422, not a 200.
     */
    @Test
    void aSliceThatEndsEarlyStillChecksTheWholeBody() {
        byte[] body = Http.random(300_000, 3);
        byte[] tampered = body.clone();
        tampered[299_999] ^= 1;
        for (RequestSpecification request : List.of(fixed(body), chunked(body))) {
            endpointProblem(request.header("Content-Digest", field("sha-256", tampered))
                    .post("/v1/slice?offset=0&length=3"), 422, "digest-mismatch");
        }
        Response ok = chunked(body).header("Content-Digest", field("sha-256", body)).post("/v1/slice?offset=0&length=3");
        assertBytes(java.util.Arrays.copyOf(body, 3), Http.ok(ok, BINARY));
    }

    /** Past the commit threshold the status is out before the mismatch shows: the stream is cut, never ended. */
    @Test
    void aMismatchFoundAfterTheResponseStartedAbortsIt() throws IOException {
        byte[] body = Http.random(LARGE, 4);
        byte[] other = body.clone();
        other[LARGE - 1] ^= 1;
        byte[] hex = ascii(HexFormat.of().formatHex(body));
        Http.assertCutPrefixOf(hex, Http.postInPieces("/v1/encode/hex", body, 16_384, "Content-Digest: " + field("sha-256", other)));
        // A slice that has all its output long before the end of the upload waits for the check too.
        Http.assertCutPrefixOf(java.util.Arrays.copyOf(body, 100_000), Http.postInPieces("/v1/slice?offset=0&length=100000",
                body, 16_384, "Content-Digest: " + field("sha-256", other)));
        Http.Raw ok = Http.postInPieces("/v1/encode/hex", body, 16_384, "Content-Digest: " + field("sha-256", body));
        Http.assertRawOk(ok, TEXT);
        assertBytes(hex, ok.body());
    }

    @Test
    void aSmallOutputCarriesItsDigestAsAHeader() {
        byte[] body = Http.random(1000, 5);
        Response response = fixed(body).header("Want-Repr-Digest", "sha-256=3, sha-512=10").post("/v1/encode/base64");
        byte[] out = Http.ok(response, TEXT);
        assertEquals(field("sha-512", out), response.header("Repr-Digest"));
        assertNull(response.header("Trailer"));
        assertNull(response.header("Content-Digest"));
        Response content = fixed(body).header("Want-Content-Digest", "sha-256=1").post("/v1/encode/base64");
        assertEquals(field("sha-256", Http.ok(content, TEXT)), content.header("Content-Digest"));
        Response none = fixed(body).header("Want-Repr-Digest", "sha-256=0, md5=10").post("/v1/encode/base64");
        Http.ok(none, TEXT);
        assertNull(none.header("Repr-Digest"), "nothing acceptable and supported: no digest");
    }

    @Test
    void anEmptyOutputHasTheEmptyDigest() {
        Response response = fixed(new byte[0]).header("Want-Repr-Digest", "sha-256=1").post("/v1/encode/hex");
        assertEquals(0, Http.ok(response, TEXT).length);
        assertEquals("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", response.header("Repr-Digest"));
    }

    @Test
    void aStreamedOutputCarriesItsDigestAsAChunkedTrailer() throws IOException {
        byte[] body = Http.random(LARGE, 6);
        Http.Raw raw = Http.postInPieces("/v1/encode/hex", body, 65_536,
                "Want-Repr-Digest: sha-256=1\r\nWant-Content-Digest: sha-512=1");
        Http.assertRawOk(raw, TEXT);
        assertEquals("chunked", raw.header("transfer-encoding"));
        assertEquals(List.of("repr-digest", "content-digest"), names(raw.header("trailer")));
        assertNull(raw.header("repr-digest"), "not a header: the body was not all known when the head went out");
        assertEquals(field("sha-256", raw.body()), raw.trailer("repr-digest"));
        assertEquals(field("sha-512", raw.body()), raw.trailer("content-digest"));
        Http.assertText(HexFormat.of().formatHex(body), ascii(raw.body()));
    }

    @Test
    void http2CarriesTheDigestAsATrailer() throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            byte[] body = Http.random(LARGE, 7);
            AtomicReference<MultiMap> headers = new AtomicReference<>();
            AtomicReference<MultiMap> trailers = new AtomicReference<>();
            Buffer out = client.request(HttpMethod.POST, base.getPort(), "localhost", "/v1/encode/hex")
                    .compose(request -> request.putHeader("Want-Repr-Digest", "sha-512=1").send(Buffer.buffer(body)))
                    .compose(response -> {
                        assertEquals(HttpVersion.HTTP_2, response.version());
                        assertEquals(200, response.statusCode());
                        headers.set(response.headers());
                        return response.body().map(b -> {
                            trailers.set(response.trailers());
                            return b;
                        });
                    })
                    .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertEquals(HexFormat.of().formatHex(body), out.toString(java.nio.charset.StandardCharsets.US_ASCII));
            assertNull(headers.get().get("repr-digest"));
            assertEquals(field("sha-512", out.getBytes()), trailers.get().get("repr-digest"));
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Python's hashlib, with the structured fields parsed by hand, agrees with the service both ways. */
    @Test
    void pythonHashlibAgrees() throws Exception {
        Path script = Path.of("src/test/python/digest_fields.py");
        assertTrue(Files.exists(script));
        Process python;
        try {
            python = new ProcessBuilder("python3", script.toString(), String.valueOf(base.getPort()))
                    .redirectErrorStream(true).start();
        } catch (IOException missing) {
            if ("true".equals(System.getenv("CI"))) {
                fail("python3 is required under CI=true: " + missing);
            }
            Assumptions.abort("*** SKIPPED: python3 is not available: " + missing + " ***");
            return;
        }
        String output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(python.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, python.exitValue(), output);
        assertEquals(8, output.lines().filter(line -> line.startsWith("ok ")).count(), output);
    }

    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** A one-member digest field, made with the JDK: {@code alg=:base64:}. */
    static String field(String algorithm, byte[] data) {
        return algorithm + "=:" + Base64.getEncoder().encodeToString(sha(algorithm.toUpperCase(Locale.ROOT), data)) + ":";
    }

    private static byte[] sha(String jdkName, byte[] data) {
        try {
            return MessageDigest.getInstance(jdkName).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
