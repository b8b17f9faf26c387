package dev.transform.http;

import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.GZIP;
import static dev.transform.http.Http.JSON;
import static dev.transform.http.Http.TEXT;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.assertOffset;
import static dev.transform.http.Http.assertText;
import static dev.transform.http.Http.chunked;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transform.testing.NativeLeakCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/pipeline}: the contract's examples, longer chains, and errors that name their step. */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
class PipelineEndpointTest {

    /** Contract example 1: the first KiB of a gzip upload, as upper-case hex. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1023, 1024, 1025, 100_000})
    void contractExampleGunzipSliceHex(int size) {
        byte[] data = Http.random(size, size);
        byte[] out = pipeline(Oracles.gzip(data), TEXT, "decompress:gzip", "slice:offset=0,length=1024",
                "encode:hex,case=upper");
        assertText(HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(data, Math.min(size, 1024))), ascii(out));
    }

    /** Contract example 2: SHA-256 of base64 text's bytes, written in base64. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 100_000})
    void contractExampleDecodeDigest(int size) {
        byte[] data = Http.random(size, size);
        byte[] text = ascii(Base64.getMimeEncoder().encodeToString(data));
        JsonNode json = DigestEndpointTest.parse(pipeline(text, JSON, "decode:base64", "digest:sha-256,encoding=base64"));
        assertEquals(size, json.get("bytes").asLong(), "bytes counts the digest step's input");
        assertEquals(List.of("sha-256"), DigestEndpointTest.keys(json.get("digests")));
        assertEquals(Base64.getEncoder().encodeToString(Oracles.digest("sha-256", data)),
                json.get("digests").get("sha-256").asText());
    }

    @Test
    void compressThenEncodeWithLines() {
        byte[] data = Http.compressible(200_000);
        String text = ascii(pipeline(data, TEXT, "compress:gzip,level=9", "encode:base64,lineLength=76"));
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 76);
        }
        assertBytes(data, Oracles.decompress("gzip", Base64.getMimeDecoder().decode(text)));
    }

    @Test
    void outputTypeIsTheLastStepsType() {
        byte[] data = Http.random(100, 1);
        assertBytes(data, Oracles.decompress("gzip", pipeline(data, GZIP, "slice", "compress:gzip")));
        assertBytes(data, Oracles.decompress("deflate", pipeline(data, BINARY, "compress:deflate")));
        assertBytes(data, Oracles.decompress("deflate-raw", pipeline(data, BINARY, "compress:deflate-raw,level=1")));
        assertBytes(data, pipeline(data, BINARY, "compress:gzip", "decompress:gzip"));
        assertText(Oracles.base32(data, false), ascii(pipeline(data, TEXT, "encode:base32,padding=false")));
    }

    /** The digest's algorithm as positional choice and as repeated keys together. */
    @Test
    void decodeInflateDigest() {
        byte[] data = Http.compressible(100_000);
        byte[] hex = ascii(HexFormat.of().formatHex(Oracles.zlib(data, 9)));
        JsonNode json = DigestEndpointTest.parse(pipeline(hex, JSON, "decode:hex", "decompress:deflate",
                "digest:crc32,algorithm=md5,algorithm=sha3-256"));
        assertEquals(100_000, json.get("bytes").asLong());
        assertEquals(List.of("crc32", "md5", "sha3-256"), DigestEndpointTest.keys(json.get("digests")));
        for (String algorithm : List.of("crc32", "md5", "sha3-256")) {
            assertEquals(Oracles.hex(Oracles.digest(algorithm, data)), json.get("digests").get(algorithm).asText());
        }
    }

    @Test
    void tailOfAnUploadAsBase32() {
        byte[] data = Http.random(150_000, 3);
        byte[] tail = Arrays.copyOfRange(data, 150_000 - 100, 150_000 - 60);
        assertText(Oracles.base32(tail, true),
                ascii(pipeline(data, TEXT, "slice:offset=-100,length=40", "encode:base32")));
    }

    /** Sixteen steps (the default maximum) that end where they started. */
    @Test
    void sixteenStepsRoundTrip() {
        byte[] data = Http.random(70_000, 16);
        List<String> steps = new ArrayList<>();
        for (String[] pair : List.of(new String[] {"encode:base64", "decode:base64"},
                new String[] {"encode:base64url,padding=false,lineLength=5", "decode:base64url"},
                new String[] {"encode:base32,lineLength=1", "decode:base32"},
                new String[] {"encode:hex,case=upper", "decode:hex,ignoreWhitespace=false"},
                new String[] {"compress:gzip", "decompress:gzip"},
                new String[] {"compress:deflate,level=0", "decompress:deflate,maxOutputBytes=70000"},
                new String[] {"compress:deflate-raw", "decompress:deflate-raw"},
                new String[] {"slice:offset=0", "slice:length=70000"})) {
            steps.addAll(List.of(pair));
        }
        assertEquals(16, steps.size());
        assertBytes(data, pipeline(data, BINARY, steps.toArray(String[]::new)));
    }

    @Test
    void emptyBody() {
        assertEquals(0, pipeline(new byte[0], TEXT, "slice:offset=5", "encode:hex").length);
        assertEquals(0, pipeline(new byte[0], BINARY, "compress:gzip", "decompress:gzip").length);
        assertBytes(new byte[0], Oracles.decompress("gzip", pipeline(new byte[0], GZIP, "slice", "compress:gzip")));
    }

    @Test
    void inTinyPieces() throws Exception {
        byte[] data = Http.random(600, 6);
        byte[] gzip = Oracles.gzip(data);
        Http.Raw raw = Http.postInPieces("/v1/pipeline?step=decompress:gzip&step=slice:offset=-300,length=200"
                + "&step=encode:base64,lineLength=7", gzip, 1);
        Http.assertRawOk(raw, TEXT);
        assertText(Oracles.lines(Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, 300, 500)), 7),
                ascii(raw.body()));
    }

    // ---- errors ----

    /** Bad input in step 1 (the gzip inside the base64): the problem names the step and the offset in its input. */
    @Test
    void invalidInputNamesStepAndOffset() {
        byte[] gzip = Oracles.gzip(Http.random(1000, 1));
        gzip[gzip.length - 8] ^= 1;
        byte[] body = ascii(Base64.getEncoder().encodeToString(gzip));
        for (Response response : List.of(fixed(body).queryParam("step", "decode:base64", "decompress:gzip", "encode:hex")
                .post("/v1/pipeline"), chunked(body).queryParam("step", "decode:base64", "decompress:gzip", "encode:hex")
                .post("/v1/pipeline"))) {
            JsonPath problem = Http.problem(response, 422, "invalid-input");
            assertEquals(1, problem.getInt("step"));
            assertOffset(problem, gzip.length - 8);
        }
    }

    @Test
    void invalidCharacterInTheFirstStep() {
        JsonPath problem = Http.problem(fixed(ascii("00ff0g")).queryParam("step", "decode:hex", "encode:base64")
                .post("/v1/pipeline"), 422, "invalid-input");
        assertEquals(0, problem.getInt("step"));
        assertOffset(problem, 5);
    }

    @Test
    void limitInALaterStepNamesIt() {
        byte[] gzip = Oracles.gzip(new byte[5000]);
        JsonPath problem = Http.problem(fixed(gzip)
                .queryParam("step", "slice", "decompress:gzip,maxOutputBytes=4999", "encode:hex").post("/v1/pipeline"),
                413, "limit-exceeded");
        assertEquals(1, problem.getInt("step"));
    }

    /** Bad steps: the problem names the (0-based) step that is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|nope", "1|slice;transmogrify", "0|digest;encode:hex", "1|slice;digest;slice",
            "0|encode", "0|encode:", "0|encode:hex,", "0|encode:hex,,case=upper", "0|encode:hex,upper",
            "0|encode:hex,=upper", "0|encode:hex,case=", "0|:hex", "2|slice;slice;slice:5", "0|encode:base63",
            "0|encode:hex,case=UPPER", "1|slice;encode:hex,lineLength=-1", "0|compress:gzip,level=10",
            "0|decompress:gzip,maxOutputBytes=4294967297", "0|encode:hex,encoding=base64", "0|slice:offset=1,offset=2",
            "0|encode:hex,foo=bar", "0|decode:hex,padding=false", "0|digest:sha-256,encoding=base32",
            "0|slice:offset=x", "0|Slice", "0|encode:hex:upper"})
    void badStep(int step, String steps) {
        JsonPath problem = Http.problem(fixed(ascii("abc")).queryParam("step", (Object[]) steps.split(";"))
                .post("/v1/pipeline"), 400, "bad-request");
        assertEquals(step, problem.getInt("step"), problem::prettify);
    }

    @Test
    void tailWindowOverTheMaximumNamesTheStep() {
        JsonPath problem = Http.problem(fixed(ascii("abc")).queryParam("step", "encode:hex", "slice:offset=-16777217")
                .post("/v1/pipeline"), 413, "limit-exceeded");
        assertEquals(1, problem.getInt("step"));
    }

    @Test
    void noSteps() {
        Http.problem(fixed(ascii("abc")).post("/v1/pipeline"), 400, "bad-request");
        Http.problem(fixed(ascii("abc")).queryParam("step", "").post("/v1/pipeline"), 400, "bad-request");
    }

    @Test
    void seventeenStepsAreTooMany() {
        Object[] steps = Collections.nCopies(17, "slice").toArray();
        Http.problem(fixed(ascii("abc")).queryParam("step", steps).post("/v1/pipeline"), 400, "bad-request");
        assertBytes(ascii("abc"), pipeline(ascii("abc"), BINARY, Collections.nCopies(16, "slice").toArray(String[]::new)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"steps", "encoding", "offset"})
    void unknownQueryParameter(String name) {
        JsonPath problem = Http.problem(fixed(ascii("abc")).queryParam("step", "slice").queryParam(name, "1")
                .post("/v1/pipeline"), 400, "bad-request");
        assertNull(problem.get("step"), problem::prettify);
    }

    private static byte[] pipeline(byte[] body, String type, String... steps) {
        return postBothWays("/v1/pipeline", Map.of("step", List.of(steps)), body, type);
    }
}
