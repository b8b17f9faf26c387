package dev.transform.http;

import static dev.transform.http.Http.JSON;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.fixed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /v1/stages}, health, and what the service answers to requests no endpoint takes. */
@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void catalogueListsEveryStage() {
        JsonPath json = catalogue();
        assertEquals(List.of("slice", "encode", "decode", "compress", "decompress", "digest"),
                json.getList("stages.name"));
        for (Map<String, Object> stage : json.<Map<String, Object>>getList("stages")) {
            assertEquals("POST", stage.get("method"));
            assertTrue(stage.get("description") instanceof String description && !description.isBlank(), stage::toString);
            assertTrue(((String) stage.get("step")).startsWith((String) stage.get("name")), stage::toString);
        }
    }

    @Test
    void slice() {
        JsonPath stage = stage("slice");
        assertEquals("/v1/slice", stage.getString("endpoint"));
        assertNull(stage.get("choice"));
        assertEquals(List.of("offset", "length"), stage.getList("parameters.name"));
        assertParam(stage, "offset", "integer", "int64", "0", null, null, null);
        assertParam(stage, "length", "integer", "int64", null, 0L, null, null);
        assertEquals(Map.of("*", Http.BINARY), stage.getMap("output"));
        assertEquals(false, stage.getBoolean("lastStepOnly"));
    }

    @Test
    void encode() {
        JsonPath stage = stage("encode");
        assertEquals("/v1/encode/{encoding}", stage.getString("endpoint"));
        assertEquals("encoding", stage.getString("choice.name"));
        assertEquals(List.of("base64", "base64url", "base32", "hex"), stage.getList("choice.enum"));
        assertEquals(List.of("padding", "lineLength", "case"), stage.getList("parameters.name"));
        assertParam(stage, "padding", "boolean", null, "true", null, null, null);
        assertParam(stage, "lineLength", "integer", "int32", "0", 0L, (long) Integer.MAX_VALUE, null);
        assertParam(stage, "case", "string", null, "lower", null, null, List.of("lower", "upper"));
        assertEquals(Map.of("*", Http.TEXT), stage.getMap("output"));
    }

    @Test
    void decode() {
        JsonPath stage = stage("decode");
        assertEquals("/v1/decode/{encoding}", stage.getString("endpoint"));
        assertEquals(List.of("base64", "base64url", "base32", "hex"), stage.getList("choice.enum"));
        assertEquals(List.of("ignoreWhitespace"), stage.getList("parameters.name"));
        assertParam(stage, "ignoreWhitespace", "boolean", null, "true", null, null, null);
        assertEquals(Map.of("*", Http.BINARY), stage.getMap("output"));
    }

    @Test
    void compress() {
        JsonPath stage = stage("compress");
        assertEquals("/v1/compress/{format}", stage.getString("endpoint"));
        assertEquals(List.of("gzip", "deflate", "deflate-raw", "zstd", "brotli", "lz4", "bzip2", "xz", "snappy"),
                stage.getList("choice.enum"));
        // One level for every format, spanning their ranges; each format's own range and default are in its description.
        assertParam(stage, "level", "integer", "int32", null, 0L, 12L, null);
        assertEquals(Map.of("gzip", Http.GZIP, "deflate", Http.BINARY, "deflate-raw", Http.BINARY, "zstd", "application/zstd",
                "brotli", "application/x-brotli", "lz4", "application/x-lz4", "bzip2", "application/x-bzip2",
                "xz", "application/x-xz", "snappy", Http.BINARY, "*", Http.BINARY), stage.getMap("output"));
    }

    @Test
    void decompress() {
        JsonPath stage = stage("decompress");
        assertEquals("/v1/decompress/{format}", stage.getString("endpoint"));
        assertEquals(List.of("gzip", "deflate", "deflate-raw", "zstd", "brotli", "lz4", "bzip2", "xz", "snappy", "auto"),
                stage.getList("choice.enum"));
        // The configured maximum, 4G, is both the default and the most a request may ask for.
        assertParam(stage, "maxOutputBytes", "integer", "int64", "4294967296", 0L, 4294967296L, null);
        assertEquals(Map.of("*", Http.BINARY), stage.getMap("output"));
    }

    @Test
    void digest() {
        JsonPath stage = stage("digest");
        assertEquals("/v1/digest", stage.getString("endpoint"));
        assertEquals("algorithm", stage.getString("choice.name"));
        assertEquals(true, stage.getBoolean("choice.repeatable"));
        assertEquals("sha-256", stage.getString("choice.default"));
        assertEquals(DigestEndpointTest.ALGORITHMS, stage.getList("choice.enum"));
        assertParam(stage, "encoding", "string", null, "hex", null, null, List.of("hex", "base64"));
        assertEquals(Map.of("*", JSON), stage.getMap("output"));
        assertEquals(true, stage.getBoolean("lastStepOnly"));
    }

    /** Every parameter in the catalogue is accepted by its endpoint with its default value. */
    @Test
    void everyCataloguedDefaultIsAccepted() {
        for (Map<String, Object> stage : catalogue().<Map<String, Object>>getList("stages")) {
            String endpoint = ((String) stage.get("endpoint")).replaceAll("\\{[a-z]+}", firstChoice(stage));
            for (Map<String, Object> param : (List<Map<String, Object>>) stage.get("parameters")) {
                if (param.get("default") != null) {
                    byte[] body = stage.get("name").equals("decompress") ? Oracles.gzip(ascii("x")) : ascii("abc");
                    Response response = fixed(body).queryParam((String) param.get("name"), param.get("default"))
                            .post(endpoint);
                    assertEquals(200, response.statusCode(), () -> endpoint + " " + param + ": " + response.asString());
                }
            }
        }
    }

    @Test
    void health() {
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/health")) {
            Response response = given().get(path);
            assertEquals(200, response.statusCode(), path);
            assertTrue(response.contentType().startsWith("application/json"), response.contentType());
            assertEquals("UP", response.jsonPath().getString("status"), path);
        }
    }

    @Test
    void openApiIsServed() {
        Response response = given().queryParam("format", "json").get("/q/openapi");
        assertEquals(200, response.statusCode());
        assertTrue(response.asString().contains("/v1/pipeline"));
    }

    // ---- requests no endpoint takes ----

    @ParameterizedTest
    @ValueSource(strings = {"/v1/slice", "/v1/encode/hex", "/v1/decode/hex", "/v1/compress/gzip", "/v1/decompress/gzip",
            "/v1/digest", "/v1/pipeline"})
    void getOnAPostEndpoint(String path) {
        Http.problem(given().get(path), 405, "method-not-allowed");
        Http.problem(given().contentType(Http.BINARY).body(new byte[3]).put(path), 405, "method-not-allowed");
    }

    @Test
    void postOnTheCatalogue() {
        Http.problem(fixed(new byte[3]).post("/v1/stages"), 405, "method-not-allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/v1", "/v1/", "/v1/nope", "/v1/encode", "/v1/encode/hex/extra", "/v2/slice",
            "/v1/slice/5"})
    void unknownPath(String path) {
        Http.problem(fixed(ascii("abc")).post(path), 404, "not-found");
        Http.problem(given().get(path), 404, "not-found");
    }

    /** Problems are problem+json whatever the client said it accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "text/plain", "application/json", "application/problem+json",
            "*/*"})
    void problemsIgnoreAccept(String accept) {
        Http.problem(fixed(ascii("abc")).accept(accept).post("/v1/encode/nope"), 400, "bad-request");
        Http.problem(fixed(ascii("*")).accept(accept).post("/v1/decode/hex"), 422, "invalid-input");
    }

    /** Any request Content-Type is accepted, and a body is bytes whatever charset it claims. */
    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "text/plain; charset=UTF-16", "application/json",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png"})
    void anyContentType(String type) throws Exception {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 'a', '=', 'b', '&', 0};
        // By hand: REST Assured would encode a form body itself.
        Http.Raw raw = Http.exchange(CompressionEndpointTest.concat(ascii("POST /v1/encode/hex HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nContent-Type: " + type + "\r\nContent-Length: 7\r\n\r\n"),
                body));
        Http.assertRawOk(raw, Http.TEXT);
        assertEquals("fffe613d622600", raw.text());
    }

    @Test
    void noContentTypeAtAll() throws Exception {
        Http.Raw raw = Http.exchange(ascii("POST /v1/encode/hex HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Length: 3\r\n\r\nabc"));
        Http.assertRawOk(raw, Http.TEXT);
        assertEquals("616263", raw.text());
    }

    private static JsonPath catalogue() {
        Response response = given().get("/v1/stages");
        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().matches("application/json(;\\s*charset=UTF-8)?"), response.contentType());
        return response.jsonPath();
    }

    private static JsonPath stage(String name) {
        JsonPath all = catalogue();
        int index = all.getList("stages.name").indexOf(name);
        return new JsonPath(all.prettify()).setRootPath("stages[" + index + "]");
    }

    private static String firstChoice(Map<String, Object> stage) {
        Map<String, Object> choice = (Map<String, Object>) stage.get("choice");
        return choice == null ? "" : ((List<String>) choice.get("enum")).get(0);
    }

    private static void assertParam(JsonPath stage, String name, String type, String format, String defaultValue,
            Long minimum, Long maximum, List<String> allowed) {
        int index = stage.getList("parameters.name").indexOf(name);
        String at = "parameters[" + index + "].";
        assertTrue(index >= 0, name);
        assertEquals(type, stage.getString(at + "type"), name);
        assertEquals(format, stage.getString(at + "format"), name);
        assertEquals(defaultValue, stage.getString(at + "default"), name);
        assertEquals(minimum, stage.get(at + "minimum") == null ? null : stage.getLong(at + "minimum"), name);
        assertEquals(maximum, stage.get(at + "maximum") == null ? null : stage.getLong(at + "maximum"), name);
        assertEquals(allowed, stage.get(at + "enum"), name);
        assertTrue(stage.getString(at + "description") != null && !stage.getString(at + "description").isBlank(), name);
    }
}
