package dev.transform.http;

import static dev.transform.http.Http.JSON;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.digest.DigestStage;
import dev.transform.engine.Stage;
import dev.transform.workers.CoreWorkers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/digest}: FIPS 180 / FIPS 202 "abc" vectors, MessageDigest, CRC32 and CRC32C. */
@QuarkusTest
class DigestEndpointTest {

    static final List<String> ALGORITHMS = List.of("md5", "sha-1", "sha-256", "sha-384", "sha-512", "sha3-256", "crc32",
            "crc32c");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The published digests of "abc" (FIPS 180-4 examples, FIPS 202, RFC 1321) and its CRCs as crc32 tools print them. */
    @ParameterizedTest
    @CsvSource({
            "md5, 900150983cd24fb0d6963f7d28e17f72",
            "sha-1, a9993e364706816aba3e25717850c26c9cd0d89d",
            "sha-256, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha-384, cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "sha-512, ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "sha3-256, 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
            "crc32, 352441c2",
            "crc32c, 364b3fb7"})
    void abcVectors(String algorithm, String hex) {
        JsonNode json = digest(ascii("abc"), Map.of("algorithm", algorithm));
        assertEquals(3, json.get("bytes").asLong());
        assertEquals(List.of(algorithm), keys(json.get("digests")));
        assertEquals(hex, json.get("digests").get(algorithm).asText());
        assertEquals(hex, Oracles.hex(Oracles.digest(algorithm, ascii("abc"))), "the oracle agrees with the vector");
    }

    /** The default is one SHA-256 in hex; the JSON is exactly {"bytes": N, "digests": {...}}. */
    @Test
    void defaults() {
        JsonNode json = digest(ascii("abc"), Map.of());
        assertEquals(List.of("bytes", "digests"), keys(json));
        assertEquals(List.of("sha-256"), keys(json.get("digests")));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                json.get("digests").get("sha-256").asText());
    }

    /** All algorithms in one pass, over bodies of every size, sent both ways, hex and base64. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 55, 56, 63, 64, 65, 1000, 65_535, 65_536, 65_537, 1_000_003, 3_000_017})
    void allAlgorithmsAtOnce(int size) {
        byte[] data = Http.random(size, size);
        for (String encoding : List.of("hex", "base64")) {
            String query = "?encoding=" + encoding + "&algorithm=" + String.join("&algorithm=", ALGORITHMS);
            JsonNode json = parse(postBothWays("/v1/digest" + query, Map.of(), data, JSON));
            assertEquals(size, json.get("bytes").asLong());
            assertEquals(ALGORITHMS, keys(json.get("digests")), "one digest per algorithm, in the order asked");
            for (String algorithm : ALGORITHMS) {
                byte[] expected = Oracles.digest(algorithm, data);
                String text = encoding.equals("hex") ? Oracles.hex(expected) : Base64.getEncoder().encodeToString(expected);
                assertEquals(text, json.get("digests").get(algorithm).asText(), algorithm);
            }
        }
    }

    @Inject
    StageCatalogue catalogue;

    /**
     * A hash goes through the shared workers (counted open there, and on a worker while the stream has a
     * core of its own: which it gets depends on the streams open beside it, see {@code CoreWorkersTest});
     * checksums alone stay on the exchange's thread, since handing them over costs more than they do.
     */
    @Test
    void hashesRunThroughTheWorkersAndChecksumsDoNot() {
        for (List<String> algorithms : List.of(List.of("sha-256"), List.of("crc32c", "md5"))) {
            Stage stage = catalogue.single("digest", Map.of("algorithm", algorithms)).stage();
            try {
                assertInstanceOf(CoreWorkers.OpenStream.class, stage,
                        algorithms.toString());
            } finally {
                stage.release();
            }
        }
        Stage checksums = catalogue.single("digest", Map.of("algorithm", List.of("crc32", "crc32c"))).stage();
        assertInstanceOf(DigestStage.class, checksums);
        checksums.release();
    }

    /** Empty input has well-known digests too. */
    @Test
    void emptyBody() {
        JsonNode json = digest(new byte[0], Map.of("algorithm", List.of("sha-256", "md5", "crc32", "crc32c")));
        assertEquals(0, json.get("bytes").asLong());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                json.get("digests").get("sha-256").asText());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", json.get("digests").get("md5").asText());
        assertEquals("00000000", json.get("digests").get("crc32").asText());
        assertEquals("00000000", json.get("digests").get("crc32c").asText());
    }

    /** CRCs are 4 bytes big-endian: also in base64, and with leading zero bytes kept. */
    @Test
    void crcIsFourBigEndianBytes() {
        JsonNode json = digest(ascii("123456789"), Map.of("algorithm", List.of("crc32", "crc32c"), "encoding", "base64"));
        // The CRC catalogue's check values: CRC-32 cbf43926, CRC-32C e3069283.
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xcb, (byte) 0xf4, 0x39, 0x26}),
                json.get("digests").get("crc32").asText());
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xe3, 0x06, (byte) 0x92, (byte) 0x83}),
                json.get("digests").get("crc32c").asText());
        // A non-empty body whose CRC has a leading zero byte (one in 256 has): its hex keeps the "00".
        for (String algorithm : List.of("crc32", "crc32c")) {
            byte[] data = null;
            for (int seed = 1; data == null && seed < 100_000; seed++) {
                byte[] candidate = Http.random(1 + seed % 7, seed);
                if (Oracles.digest(algorithm, candidate)[0] == 0) {
                    data = candidate;
                }
            }
            assertNotNull(data, "no body with a leading zero " + algorithm);
            String expected = Oracles.hex(Oracles.digest(algorithm, data));
            assertTrue(expected.startsWith("00") && expected.length() == 8, expected);
            assertEquals(expected, digest(data, Map.of("algorithm", algorithm)).get("digests").get(algorithm).asText());
        }
    }

    @Test
    void repeatedAlgorithmIsComputedOnce() {
        JsonNode json = digest(ascii("abc"), Map.of("algorithm", List.of("sha-1", "md5", "sha-1")));
        assertEquals(List.of("sha-1", "md5"), keys(json.get("digests")));
    }

    @Test
    void inTinyPieces() throws Exception {
        byte[] data = Http.random(777, 777);
        Http.Raw raw = Http.postInPieces("/v1/digest?algorithm=sha-512&algorithm=crc32c", data, 1);
        Http.assertRawOk(raw, JSON);
        JsonNode json = parse(raw.body());
        assertEquals(777, json.get("bytes").asLong());
        assertEquals(Oracles.hex(Oracles.digest("sha-512", data)), json.get("digests").get("sha-512").asText());
        assertEquals(Oracles.hex(Oracles.digest("crc32c", data)), json.get("digests").get("crc32c").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"algorithm|sha256", "algorithm|SHA-256", "algorithm|sha3-512",
            "algorithm|adler32", "algorithm|''", "encoding|base32", "encoding|HEX", "format|hex", "step|digest"})
    void badParameters(String name, String value) {
        endpointProblem(fixed(ascii("abc")).queryParam(name, value).post("/v1/digest"), 400, "bad-request");
    }

    @Test
    void repeatedEncodingIsRejected() {
        endpointProblem(fixed(ascii("abc")).queryParam("encoding", "hex", "base64").post("/v1/digest"), 400,
                "bad-request");
    }

    /** The digest has no path choice: /v1/digest/sha-256 is not an endpoint. */
    @Test
    void noPathChoice() {
        Http.problem(fixed(ascii("abc")).post("/v1/digest/sha-256"), 404, "not-found");
    }

    private static JsonNode digest(byte[] data, Map<String, ?> query) {
        return parse(postBothWays("/v1/digest", query, data, JSON));
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + Oracles.utf8(json), e);
        }
    }

    static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            keys.add(names.next());
        }
        return keys;
    }
}
