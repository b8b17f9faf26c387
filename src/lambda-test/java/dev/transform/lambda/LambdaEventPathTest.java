package dev.transform.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint through the Lambda event path of quarkus-amazon-lambda-http (buffered mode, API
 * Gateway HTTP API payload 2.0), with the Lambda limits of {@link LambdaLimits} in force.
 *
 * <p>In tests the extension runs a mock Lambda runtime API (the "mock event server"): an HTTP
 * request sent to it becomes an {@code APIGatewayV2HTTPEvent} (binary bodies base64-encoded, as API
 * Gateway does), the function's {@code APIGatewayV2HTTPResponse} is turned back into an HTTP
 * response. An event posted as JSON to {@code /_lambda_} is handed to the function as it is, and
 * the function's response event comes back as JSON: that is how the {@code isBase64Encoded} flags
 * are checked both ways.
 */
@QuarkusTest
class LambdaEventPathTest {

    static final String BINARY = "application/octet-stream";
    static final String TEXT = "text/plain; charset=US-ASCII";
    static final String GZIP = "application/gzip";
    static final String JSON = "application/json";
    static final String PROBLEM = "application/problem+json";
    static final int MAX = 4 * 1024 * 1024;

    private static RequestSpecification lambda() {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return given().port(port).urlEncodingEnabled(true);
    }

    private static Response post(String path, byte[] body) {
        return lambda().contentType(BINARY).body(body).post(path);
    }

    private static byte[] ok(Response response, String type) {
        assertEquals(200, response.statusCode(), () -> "status; body: " + response.asString());
        assertEquals(type, response.contentType());
        return response.asByteArray();
    }

    private static JsonPath problem(Response response, int status, String slug) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), () -> "status; body: " + body);
        assertEquals(PROBLEM, response.contentType(), () -> "Content-Type; body: " + body);
        JsonPath json = new JsonPath(body);
        assertEquals("urn:transform-api:problem:" + slug, json.getString("type"), body);
        assertEquals(status, json.getInt("status"), body);
        assertFalse(json.getString("detail").isBlank(), body);
        return json;
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    // ---- every endpoint ----

    @Test
    void slice() {
        assertArrayEquals(ascii("world"), ok(lambda().contentType(BINARY).body(ascii("hello world"))
                .queryParam("offset", 6).post("/v1/slice"), BINARY));
        assertArrayEquals(ascii("wor"), ok(lambda().contentType(BINARY).body(ascii("hello world"))
                .queryParam("offset", -5).queryParam("length", 3).post("/v1/slice"), BINARY));
        byte[] data = random(100_000, 1);
        assertArrayEquals(Arrays.copyOfRange(data, 70_000, 70_100), ok(lambda().contentType(BINARY).body(data)
                .queryParam("offset", 70_000).queryParam("length", 100).post("/v1/slice"), BINARY));
    }

    @Test
    void encode() {
        byte[] data = random(70_001, 2);
        assertEquals(Base64.getEncoder().encodeToString(data),
                new String(ok(post("/v1/encode/base64", data), TEXT), StandardCharsets.US_ASCII));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(data), new String(ok(lambda()
                .contentType(BINARY).body(data).queryParam("padding", false).post("/v1/encode/base64url"), TEXT),
                StandardCharsets.US_ASCII));
        assertEquals("NBSWY3DP", new String(ok(post("/v1/encode/base32", ascii("hello")), TEXT), StandardCharsets.US_ASCII));
        assertEquals("68656C6C6F", new String(ok(lambda().contentType(BINARY).body(ascii("hello"))
                .queryParam("case", "upper").post("/v1/encode/hex"), TEXT), StandardCharsets.US_ASCII));
    }

    @Test
    void decode() {
        byte[] data = random(70_001, 3);
        assertArrayEquals(data, ok(post("/v1/decode/base64", ascii(Base64.getMimeEncoder().encodeToString(data))), BINARY));
        assertArrayEquals(data, ok(post("/v1/decode/hex", ascii(HexFormat.of().formatHex(data))), BINARY));
        assertArrayEquals(ascii("hello"), ok(post("/v1/decode/base32", ascii("nbswy3dp")), BINARY));
        // A text body: the mock sends it in the event as text, not base64.
        assertArrayEquals(ascii("hello"), ok(lambda().contentType("text/plain").body("aGVsbG8=").post("/v1/decode/base64"), BINARY));
    }

    @Test
    void compressAndDecompressEveryFormat() throws Exception {
        byte[] data = random(300_000, 4);
        assertArrayEquals(data, gunzip(ok(lambda().contentType(BINARY).body(data).queryParam("level", 1)
                .post("/v1/compress/gzip"), GZIP)));
        assertArrayEquals(data, ok(post("/v1/decompress/gzip", gzip(data)), BINARY));

        byte[] zlib = ok(post("/v1/compress/deflate", data), BINARY);
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(zlib))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(6, true))) {
            out.write(data);
        }
        assertArrayEquals(data, ok(post("/v1/decompress/deflate-raw", deflated.toByteArray()), BINARY));
        byte[] raw = ok(post("/v1/compress/deflate-raw", data), BINARY);
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(true))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertArrayEquals(data, ok(post("/v1/decompress/deflate", zlib), BINARY));
    }

    @Test
    void digest() throws Exception {
        byte[] data = random(200_000, 5);
        JsonPath json = new JsonPath(new String(ok(lambda().contentType(BINARY).body(data)
                .queryParam("algorithm", "sha-256", "md5").post("/v1/digest"), JSON), StandardCharsets.UTF_8));
        assertEquals(data.length, json.getLong("bytes"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), json.getString("digests.sha-256"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)), json.getString("digests.md5"));
    }

    @Test
    void pipeline() throws Exception {
        byte[] body = gzip(ascii("hello world"));
        assertEquals("68656C6C6F", new String(ok(lambda().contentType(BINARY).body(body)
                .queryParam("step", "decompress:gzip", "slice:offset=0,length=5", "encode:hex,case=upper")
                .post("/v1/pipeline"), TEXT), StandardCharsets.US_ASCII));
    }

    @Test
    void serviceEndpoints() {
        Response stages = lambda().get("/v1/stages");
        assertEquals(200, stages.statusCode());
        assertTrue(stages.contentType().startsWith(JSON), stages.contentType());
        assertEquals("slice", stages.jsonPath().getString("stages[0].name"));
        for (String path : new String[] {"/q/health/live", "/q/health/ready"}) {
            Response health = lambda().get(path);
            assertEquals(200, health.statusCode(), path);
            assertTrue(health.contentType().startsWith(JSON), path);
            assertEquals("UP", health.jsonPath().getString("status"), path);
        }
        Response openapi = lambda().get("/q/openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.asString().contains("/v1/pipeline"));
    }

    // ---- bytes are bytes ----

    @Test
    void everyByteValueSurvivesTheRoundTrip() throws Exception {
        byte[] data = new byte[256 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 8));
        }
        byte[] compressed = ok(post("/v1/compress/gzip", data), GZIP);
        assertArrayEquals(data, gunzip(compressed));
        assertArrayEquals(data, ok(post("/v1/decompress/gzip", compressed), BINARY));
        assertArrayEquals(data, ok(post("/v1/slice", data), BINARY));
    }

    // ---- limits and errors ----

    @Test
    void bodyOverTheLambdaLimitIs413() {
        problem(post("/v1/digest", new byte[MAX + 1]), 413, "limit-exceeded");
        // Exactly at the limit passes.
        assertEquals(200, post("/v1/digest", new byte[MAX]).statusCode());
    }

    @Test
    void outputOverTheLambdaLimitIs413() {
        // 3.5 MiB encode to 4.67 MiB of base64: over the output limit although the body is not.
        problem(post("/v1/encode/base64", random(3_500_000, 6)), 413, "limit-exceeded");
    }

    @Test
    void decompressedOutputOverTheLambdaLimitIs413() throws Exception {
        problem(post("/v1/decompress/gzip", gzip(new byte[MAX + 1])), 413, "limit-exceeded");
    }

    @Test
    void errorsAreProblems() throws Exception {
        JsonPath invalid = problem(post("/v1/decode/base64", ascii("not base64!")), 422, "invalid-input");
        assertEquals(10, invalid.getLong("offset"));
        problem(lambda().contentType(BINARY).body(ascii("x")).queryParam("step", "nope").post("/v1/pipeline"), 400, "bad-request");
        problem(post("/v1/encode/nope", ascii("x")), 400, "bad-request");
        // Found only at the end, after far more than 64 KiB of output: still a problem, as the whole
        // output is held under Lambda.
        byte[] gzip = gzip(random(1_000_000, 7));
        problem(post("/v1/decompress/gzip", Arrays.copyOf(gzip, gzip.length - 4)), 422, "invalid-input");
    }

    // ---- the events themselves: isBase64Encoded both ways, Content-Type on every response ----

    private static JsonPath invoke(String method, String path, String query, String contentType, String body,
            boolean base64) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("sourceIp", "127.0.0.1");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "example.execute-api.us-east-1.amazonaws.com");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", http, "stage", "$default"));
        if (body != null) {
            event.put("body", body);
            event.put("isBase64Encoded", base64);
        }
        Response response = lambda().contentType(JSON).body(event).post("/_lambda_");
        assertEquals(200, response.statusCode(), response::asString);
        return response.jsonPath();
    }

    private static String contentType(JsonPath response) {
        Map<String, String> headers = response.getMap("headers");
        assertNotNull(headers, () -> "no headers: " + response.prettify());
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void binaryEventInBinaryResponseOut() throws Exception {
        byte[] data = random(100_000, 8);
        JsonPath response = invoke("POST", "/v1/compress/gzip", "level=9", null,
                Base64.getEncoder().encodeToString(data), true);
        assertEquals(200, response.getInt("statusCode"));
        assertEquals(GZIP, contentType(response));
        assertTrue(response.getBoolean("isBase64Encoded"));
        assertArrayEquals(data, gunzip(Base64.getDecoder().decode(response.getString("body"))));

        JsonPath sliced = invoke("POST", "/v1/slice", "offset=-3", BINARY, Base64.getEncoder().encodeToString(data), true);
        assertEquals(BINARY, contentType(sliced));
        assertTrue(sliced.getBoolean("isBase64Encoded"));
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 3, data.length),
                Base64.getDecoder().decode(sliced.getString("body")));
    }

    @Test
    void textEventInTextResponseOut() {
        // API Gateway sends a text body as it is (isBase64Encoded false): it must be read as bytes all the same.
        JsonPath encoded = invoke("POST", "/v1/encode/hex", "", "text/plain", "hello", false);
        assertEquals(200, encoded.getInt("statusCode"));
        assertEquals(TEXT, contentType(encoded));
        assertFalse(encoded.getBoolean("isBase64Encoded"));
        assertEquals("68656c6c6f", encoded.getString("body"));

        JsonPath decoded = invoke("POST", "/v1/decode/base64", "", "text/plain", "/w==", false);
        assertEquals(BINARY, contentType(decoded));
        assertTrue(decoded.getBoolean("isBase64Encoded"));
        assertArrayEquals(new byte[] {(byte) 0xff}, Base64.getDecoder().decode(decoded.getString("body")));

        JsonPath digest = invoke("POST", "/v1/digest", "algorithm=crc32", null, "YWJj", true);
        assertEquals(JSON, contentType(digest));
        assertFalse(digest.getBoolean("isBase64Encoded"));
        assertEquals("352441c2", new JsonPath(digest.getString("body")).getString("digests.crc32"));
    }

    @Test
    void everyResponseHasItsContentType() {
        assertEquals(BINARY, contentType(invoke("POST", "/v1/slice", "", null, null, false)));
        JsonPath empty = invoke("POST", "/v1/encode/base64", "", null, "", true);
        assertEquals(200, empty.getInt("statusCode"));
        assertEquals(TEXT, contentType(empty));
        JsonPath problem = invoke("POST", "/v1/decode/hex", "", null, Base64.getEncoder().encodeToString(ascii("zz")), true);
        assertEquals(422, problem.getInt("statusCode"));
        assertEquals(PROBLEM, contentType(problem));
        assertFalse(problem.getBoolean("isBase64Encoded"));
        JsonPath notFound = invoke("GET", "/nowhere", "", null, null, false);
        assertEquals(404, notFound.getInt("statusCode"));
        assertNotNull(contentType(notFound));
        JsonPath stages = invoke("GET", "/v1/stages", "", null, null, false);
        assertTrue(contentType(stages).startsWith(JSON), contentType(stages));
        assertFalse(stages.getBoolean("isBase64Encoded"));
    }

    // ---- RFC 9530 integrity: the output is held, so every digest is a header and every mismatch a 422 ----

    @Test
    void theWantedDigestIsAHeaderHoweverLargeTheOutput() throws Exception {
        byte[] data = random(1_000_000, 9);
        Response response = lambda().contentType(BINARY).body(data).header("Want-Repr-Digest", "sha-512=1")
                .post("/v1/encode/hex");
        byte[] out = ok(response, TEXT);
        assertEquals(2_000_000, out.length);
        assertEquals("sha-512=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(out))
                + ":", response.header("Repr-Digest"));
    }

    @Test
    void aContentDigestMismatchIsA422HoweverLargeTheOutput() throws Exception {
        byte[] data = random(1_000_000, 10);
        String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(ascii("other")));
        problem(lambda().contentType(BINARY).body(data).header("Content-Digest", "sha-256=:" + wrong + ":")
                .post("/v1/encode/hex"), 422, "digest-mismatch");
        String right = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(2_000_000, ok(lambda().contentType(BINARY).body(data).header("Content-Digest", "sha-256=:" + right + ":")
                .post("/v1/encode/hex"), TEXT).length);
    }
}
