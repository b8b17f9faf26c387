package dev.transform.http;

import dev.transform.exchange.Exchanges;
import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.TEXT;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.chunked;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.testing.Settle;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configured limits, made small so that passing each costs a few bytes: 413s and the catalogue's ranges. */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @jakarta.inject.Inject
    Exchanges exchanges;

    private int port;

    @org.junit.jupiter.api.BeforeEach
    void port() {
        port = base.getPort();
    }

    public static final class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("transform.limits.max-body-size", "1K", "transform.limits.max-decompressed-size", "2K",
                    "transform.limits.max-tail-window", "100", "transform.limits.max-pipeline-steps", "3",
                    "transform.limits.max-concurrent-streams", "2", "transform.limits.codec-memory", "1M",
                    "quarkus.http.limits.max-initial-line-length", "512", "quarkus.http.limits.max-header-size", "2K");
        }
    }

    @Test
    void bodyAtTheMaximumIsFine() {
        byte[] body = Http.random(1024, 1);
        assertBytes(body, postBothWays("/v1/slice", Map.of(), body, BINARY));
    }

    @Test
    void bodyOverTheMaximumWithContentLength() {
        endpointProblem(fixed(new byte[1025]).post("/v1/slice"), 413, "limit-exceeded");
        endpointProblem(fixed(new byte[100_000]).post("/v1/encode/hex"), 413, "limit-exceeded");
        // Checked before the parameters: nothing of the request is worth reading.
        endpointProblem(fixed(new byte[1025]).queryParam("nonsense", 1).post("/v1/encode/hex"), 413, "limit-exceeded");
    }

    /**
     * Refused on its Content-Length alone, the upload is still read (up to a bound) before the
     * connection closes: closing on unread bytes resets the connection, and a client still sending
     * would see a broken pipe instead of the 413 it was sent.
     */
    @Test
    void bodyOverTheMaximumSentWholeBeforeReading() throws Exception {
        // Several times: a service not yet warmed up may answer only after the whole upload is in.
        for (int i = 0; i < 5; i++) {
            Http.Raw raw = Http.postWholeSlowly("/v1/encode/hex", new byte[100_000], 10_000, 20);
            assertEquals(413, raw.status(), raw::text);
            Http.problem(raw.text(), 413, "limit-exceeded");
        }
    }

    /** Past the codecs' memory budget (1 MiB here) a hungry codec is a 503 to retry; the others are not limited by it. */
    @Test
    void codecsThatHoldALotWaitForMemory() {
        byte[] body = Http.ascii("hello");
        for (String path : List.of("/v1/compress/xz", "/v1/decompress/zstd", "/v1/decompress/auto")) {
            io.restassured.response.Response response = fixed(body).post(path);
            endpointProblem(response, 503, "unavailable");
            assertEquals("1", response.header("Retry-After"), path);
        }
        JsonPath problem = Http.problem(fixed(body).queryParam("step", "compress:xz").post("/v1/pipeline"), 503,
                "unavailable");
        assertTrue(problem.getString("detail").contains("codec-memory"), problem.getString("detail"));
        assertBytes(body, postBothWays("/v1/decompress/gzip", Map.of(), Oracles.gzip(body), BINARY));
        assertEquals(200, fixed(body).post("/v1/compress/lz4").statusCode());
        assertEquals(0, codecMemory.held());
    }

    @jakarta.inject.Inject
    dev.transform.compress.CodecMemory codecMemory;

    @ParameterizedTest
    @ValueSource(ints = {1025, 4096, 100_000})
    void bodyOverTheMaximumChunked(int size) {
        endpointProblem(chunked(new byte[size]).post("/v1/slice"), 413, "limit-exceeded");
        JsonPath problem = Http.problem(chunked(new byte[size]).queryParam("step", "encode:hex", "decode:hex")
                .post("/v1/pipeline"), 413, "limit-exceeded");
        assertNull(problem.get("step"), "the body limit is not a step's failure");
    }

    @Test
    void bodyOverTheMaximumInOneBytePieces() throws Exception {
        Http.Raw raw = Http.postInPieces("/v1/digest", new byte[1100], 1);
        assertEquals(413, raw.status(), raw::text);
        assertEquals(Http.PROBLEM, raw.header("content-type"));
        Http.problem(raw.text(), 413, "limit-exceeded");
    }

    /** After a 413 the connection still works or is closed, but the client is answered, not hung. */
    @Test
    void serviceStillAnswersAfterwards() {
        for (int i = 0; i < 5; i++) {
            endpointProblem(chunked(new byte[5000]).post("/v1/encode/hex"), 413, "limit-exceeded");
            assertEquals("6162", Http.ascii(Http.ok(fixed(Http.ascii("ab")).post("/v1/encode/hex"), TEXT)));
        }
    }

    @Test
    void decompressedOutputOverTheMaximum() {
        byte[] gzip = Oracles.gzip(new byte[2048]);
        assertEquals(2048, postBothWays("/v1/decompress/gzip", Map.of(), gzip, BINARY).length);
        endpointProblem(fixed(Oracles.gzip(new byte[2049])).post("/v1/decompress/gzip"), 413, "limit-exceeded");
        endpointProblem(fixed(Oracles.zlib(new byte[5000], 9)).post("/v1/decompress/deflate"), 413, "limit-exceeded");
        endpointProblem(fixed(Oracles.rawDeflate(new byte[5000], 9)).post("/v1/decompress/deflate-raw"), 413,
                "limit-exceeded");
        JsonPath problem = Http.problem(fixed(Oracles.gzip(new byte[3000])).queryParam("step", "decompress:gzip")
                .post("/v1/pipeline"), 413, "limit-exceeded");
        assertEquals(0, problem.getInt("step"));
    }

    @Test
    void maxOutputBytesMayLowerButNotRaise() {
        byte[] gzip = Oracles.gzip(new byte[2048]);
        assertEquals(2048, postBothWays("/v1/decompress/gzip", Map.of("maxOutputBytes", 2048), gzip, BINARY).length);
        endpointProblem(fixed(gzip).queryParam("maxOutputBytes", 2047).post("/v1/decompress/gzip"), 413,
                "limit-exceeded");
        endpointProblem(fixed(gzip).queryParam("maxOutputBytes", 2049).post("/v1/decompress/gzip"), 400, "bad-request");
    }

    @Test
    void tailWindow() {
        byte[] body = Http.random(500, 3);
        assertBytes(java.util.Arrays.copyOfRange(body, 400, 500),
                postBothWays("/v1/slice", Map.of("offset", -100), body, BINARY));
        endpointProblem(fixed(body).queryParam("offset", -101).post("/v1/slice"), 413, "limit-exceeded");
    }

    @Test
    void pipelineLength() {
        byte[] body = Http.ascii("abc");
        assertBytes(body, postBothWays("/v1/pipeline", Map.of("step", List.of("slice", "slice", "slice")), body, BINARY));
        Http.problem(fixed(body).queryParam("step", Collections.nCopies(4, "slice").toArray()).post("/v1/pipeline"), 400,
                "bad-request");
    }

    @Test
    void concurrentStreams() throws Exception {
        try (RawHttp first = new RawHttp(port, "/v1/encode/hex"); RawHttp second = new RawHttp(port, "/v1/slice")) {
            first.sendChunk(Http.ascii("a"));
            second.sendChunk(Http.ascii("b"));
            Settle.until(() -> exchanges.inFlight() == 2, Duration.ofSeconds(5));
            assertEquals(2, exchanges.inFlight(), "both streams are running");
            io.restassured.response.Response refused = fixed(Http.ascii("c")).post("/v1/encode/hex");
            endpointProblem(refused, 503, "unavailable");
            assertEquals("1", refused.header("Retry-After"));
            first.endUpload();
            String head = first.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertEquals("61", Http.ascii(first.readBody(head)));
        }
        // A slot is free again once a stream ends, whether it finished or its client went away.
        Settle.until(() -> exchanges.inFlight() == 0, Duration.ofSeconds(5));
        assertEquals("63", Http.ascii(Http.ok(fixed(Http.ascii("c")).post("/v1/encode/hex"), TEXT)));
    }

    /** The request line (path and query) and the headers are bounded by the HTTP server itself. */
    @Test
    void requestLineAndHeaders() {
        assertEquals(414, fixed(Http.ascii("a")).queryParam("step", "slice:offset=" + "1".repeat(600))
                .post("/v1/pipeline").statusCode());
        assertEquals(431, fixed(Http.ascii("a")).header("X-Padding", "x".repeat(3000)).post("/v1/slice").statusCode());
        assertEquals("61", Http.ascii(Http.ok(fixed(Http.ascii("a")).post("/v1/encode/hex"), TEXT)));
    }

    /** The catalogue shows the configured limits as the ranges clients may use. */
    @Test
    void catalogueShowsTheLimits() {
        JsonPath json = given().get("/v1/stages").jsonPath();
        int decompress = json.getList("stages.name").indexOf("decompress");
        assertEquals("2048", json.getString("stages[" + decompress + "].parameters[0].default"));
        assertEquals(2048L, json.getLong("stages[" + decompress + "].parameters[0].maximum"));
        int slice = json.getList("stages.name").indexOf("slice");
        assertTrue(json.getString("stages[" + slice + "].parameters[0].description").contains("100 bytes"));
    }
}
