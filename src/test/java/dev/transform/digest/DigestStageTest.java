package dev.transform.digest;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transform.catalogue.StageDefinition;
import dev.transform.engine.StageHarness;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;

class DigestStageTest {

    private static final List<Algorithm> ALL = List.of(Algorithm.values());

    /** The JDK's value for each algorithm, independently of {@link Algorithm}'s own mapping. */
    static byte[] oracle(String id, byte[] data) throws Exception {
        return switch (id) {
            case "md5" -> MessageDigest.getInstance("MD5").digest(data);
            case "sha-1" -> MessageDigest.getInstance("SHA-1").digest(data);
            case "sha-256" -> MessageDigest.getInstance("SHA-256").digest(data);
            case "sha-384" -> MessageDigest.getInstance("SHA-384").digest(data);
            case "sha-512" -> MessageDigest.getInstance("SHA-512").digest(data);
            case "sha3-256" -> MessageDigest.getInstance("SHA3-256").digest(data);
            case "crc32" -> checksum(new CRC32(), data);
            case "crc32c" -> checksum(new CRC32C(), data);
            default -> throw new AssertionError(id);
        };
    }

    private static byte[] checksum(Checksum checksum, byte[] data) {
        checksum.update(data, 0, data.length);
        return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
    }

    /** The exact JSON expected, keys in the order asked. */
    static String expectedJson(List<Algorithm> algorithms, byte[] data, boolean base64) throws Exception {
        StringBuilder json = new StringBuilder("{\"bytes\":" + data.length + ",\"digests\":{");
        for (int i = 0; i < algorithms.size(); i++) {
            byte[] value = oracle(algorithms.get(i).id(), data);
            json.append(i == 0 ? "" : ",").append('"').append(algorithms.get(i).id()).append("\":\"")
                    .append(base64 ? Base64.getEncoder().encodeToString(value) : HexFormat.of().formatHex(value)).append('"');
        }
        return json.append("}}").toString();
    }

    private static void assertDigests(List<Algorithm> algorithms, boolean base64, byte[] data) throws Exception {
        assertAllChunkings(ascii(expectedJson(algorithms, data, base64)), () -> new DigestStage(algorithms, base64), data);
    }

    private static Map<String, String> digests(byte[] json) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);
        Map<String, String> values = new LinkedHashMap<>();
        node.get("digests").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    @Test
    void fips180AbcVectors() throws Exception {
        byte[] json = StageHarness.run(new DigestStage(List.of(Algorithm.SHA_1, Algorithm.SHA_256, Algorithm.SHA_512), false), ascii("abc"), 1);
        Map<String, String> values = digests(json);
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", values.get("sha-1"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", values.get("sha-256"));
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", values.get("sha-512"));
        assertEquals(3, new ObjectMapper().readTree(json).get("bytes").asLong());
    }

    /** RFC 1321's "abc" for MD5, and the well-known check values of CRC-32 and CRC-32C over "123456789". */
    @Test
    void md5AndCrcCheckValues() throws Exception {
        assertEquals("900150983cd24fb0d6963f7d28e17f72",
                digests(StageHarness.run(new DigestStage(List.of(Algorithm.MD5), false), ascii("abc"), 2)).get("md5"));
        Map<String, String> crcs = digests(StageHarness.run(new DigestStage(List.of(Algorithm.CRC32, Algorithm.CRC32C), false),
                ascii("123456789"), 4));
        assertEquals("cbf43926", crcs.get("crc32"));
        assertEquals("e3069283", crcs.get("crc32c"));
    }

    @Test
    void emptyInputDigestsNothing() throws Exception {
        assertDigests(ALL, false, new byte[0]);
        assertEquals("{\"bytes\":0,\"digests\":{\"sha-256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}}",
                new String(StageHarness.run(new DigestStage(List.of(Algorithm.SHA_256), false), List.of())));
    }

    @Test
    void everyAlgorithmInOnePassMatchesTheJdk() throws Exception {
        Random random = new Random(256);
        for (int round = 0; round < 10; round++) {
            byte[] data = randomBytes(random, random.nextInt(5000));
            assertDigests(ALL, false, data);
            assertDigests(ALL, true, data);
            List<Algorithm> some = ALL.stream().filter(a -> random.nextBoolean()).collect(Collectors.toList());
            java.util.Collections.shuffle(some, random);
            assertDigests(some, random.nextBoolean(), data);
        }
    }

    @Test
    void largeInput() throws Exception {
        assertDigests(ALL, false, randomBytes(new Random(257), 4 * 1024 * 1024 + 3));
    }

    @Test
    void outputIsValidJsonWithTheByteCount() throws Exception {
        byte[] data = randomBytes(new Random(258), 12345);
        JsonNode node = new ObjectMapper().readTree(StageHarness.run(new DigestStage(ALL, true), data, 1000));
        assertEquals(12345, node.get("bytes").asLong());
        for (Algorithm algorithm : ALL) {
            assertEquals(Base64.getEncoder().encodeToString(oracle(algorithm.id(), data)), node.get("digests").get(algorithm.id()).asText());
        }
        assertEquals(ALL.size(), node.get("digests").size());
    }

    /** Through the stage definition, as a request gives them: repeats and duplicates, each digest once. */
    @Test
    void definitionTakesRepeatedAndDuplicateAlgorithms() throws Exception {
        StageDefinition digest = DigestDefinition.create();
        byte[] data = ascii("duplicates");
        byte[] json = StageHarness.run(digest.build(Map.of("algorithm", List.of("md5", "sha-256", "md5", "crc32"),
                "encoding", List.of("base64"))).stage(), data, 3);
        assertEquals(expectedJson(List.of(Algorithm.MD5, Algorithm.SHA_256, Algorithm.CRC32), data, true), new String(json));
        // The default algorithm is sha-256, in hex.
        assertEquals(expectedJson(List.of(Algorithm.SHA_256), data, false),
                new String(StageHarness.run(digest.build(Map.of()).stage(), data, 3)));
    }

    @Test
    void algorithmIds() {
        assertEquals(Arrays.asList("md5", "sha-1", "sha-256", "sha-384", "sha-512", "sha3-256", "crc32", "crc32c"),
                ALL.stream().map(Algorithm::id).toList());
        for (Algorithm algorithm : ALL) {
            assertEquals(algorithm, Algorithm.byId(algorithm.id()));
        }
        assertNull(Algorithm.byId("SHA-256"));
        assertNull(Algorithm.byId("sha256"));
    }
}
