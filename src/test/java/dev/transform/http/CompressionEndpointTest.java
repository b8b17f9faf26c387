package dev.transform.http;

import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.GZIP;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.assertOffset;
import static dev.transform.http.Http.chunked;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.catalogue.StageCatalogue;
import dev.transform.engine.Stage;
import dev.transform.testing.NativeLeakCheck;
import dev.transform.testing.ReferenceTool;
import dev.transform.testing.Settle;
import dev.transform.workers.CoreWorkers;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/compress/{format}} and {@code /v1/decompress/{format}}: the service's output is
 * decompressed by the JDK, and the JDK's output is decompressed by the service.
 */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
class CompressionEndpointTest {

    private static final List<String> FORMATS = List.of("gzip", "deflate", "deflate-raw");

    static String type(String format) {
        return format.equals("gzip") ? GZIP : BINARY;
    }

    static Stream<Arguments> everyFormatAndSize() {
        return FORMATS.stream().flatMap(f -> Arrays.stream(Http.SIZES).mapToObj(s -> Arguments.of(f, s)));
    }

    @jakarta.inject.Inject
    StageCatalogue catalogue;

    /**
     * The service deflates through its shared workers (%test gives each stream two), found by the
     * catalogue without naming them; which kind of stage a stream gets depends on the streams open
     * beside it (see {@code CoreWorkersTest}), and another test's may still be ending.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw"})
    void compressRunsThroughTheSharedWorkers(String format) {
        Stage stage = catalogue.single("compress", Map.of("format", List.of(format))).stage();
        try {
            assertInstanceOf(CoreWorkers.OpenStream.class, stage);
        } finally {
            stage.release();
        }
    }

    @jakarta.inject.Inject
    dev.transform.compress.CodecMemory codecMemory;

    /** The codecs that reserve working memory give it all back when their exchanges end. */
    @Test
    void codecMemoryComesBackAfterEachExchange() throws InterruptedException {
        byte[] data = Http.compressible(200_000);
        for (String format : List.of("xz", "zstd", "bzip2")) {
            byte[] compressed = Http.ok(fixed(data).post("/v1/compress/" + format),
                    dev.transform.compress.formats.Codecs.byId(format).mediaType());
            assertBytes(data, Http.ok(chunked(compressed).post("/v1/decompress/" + format), BINARY));
            assertBytes(data, Http.ok(fixed(compressed).post("/v1/decompress/auto"), BINARY));
        }
        // Released on the exchange's event loop once the response has ended: a moment after the client has it.
        Settle.until(() -> codecMemory.held() == 0, Duration.ofSeconds(1));
        assertEquals(0, codecMemory.held());
    }

    @ParameterizedTest
    @MethodSource("everyFormatAndSize")
    void compressIsReadByTheJdk(String format, int size) {
        for (byte[] data : List.of(Http.random(size, size), Http.compressible(size))) {
            compressBothWays(format, Map.of(), data);
        }
    }

    /**
     * Compresses {@code data} sent with Content-Length and chunked, and checks that the JDK reads
     * both back. The two may differ byte for byte: where zlib ends a block can depend on how the
     * input arrived (level 0 makes one stored block per input chunk), and both are valid.
     */
    static byte[] compressBothWays(String format, Map<String, ?> query, byte[] data) {
        byte[] viaLength = Http.ok(fixed(data).queryParams(query).post("/v1/compress/" + format), type(format));
        assertBytes(data, Oracles.decompress(format, viaLength));
        byte[] viaChunks = Http.ok(chunked(data).queryParams(query).post("/v1/compress/" + format), type(format));
        assertBytes(data, Oracles.decompress(format, viaChunks));
        return viaLength;
    }

    static Stream<Arguments> everyFormatAndLevel() {
        return FORMATS.stream().flatMap(f -> IntStream.rangeClosed(0, 9).mapToObj(l -> Arguments.of(f, l)));
    }

    @ParameterizedTest
    @MethodSource("everyFormatAndLevel")
    void everyLevel(String format, int level) {
        byte[] data = Http.compressible(150_001);
        byte[] compressed = compressBothWays(format, Map.of("level", level), data);
        if (level == 0) {
            assertTrue(compressed.length > data.length, "level 0 stores");
        } else {
            assertTrue(compressed.length < data.length / 3, "level " + level + " compresses");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw"})
    void higherLevelsCompressMore(String format) {
        // Each output is a 200 the JDK decompresses back to the input (compressBothWays checks both).
        byte[] data = Http.compressible(300_000);
        int fastest = compressBothWays(format, Map.of("level", 1), data).length;
        int smallest = compressBothWays(format, Map.of("level", 9), data).length;
        byte[] defaulted = compressBothWays(format, Map.of(), data);
        byte[] six = compressBothWays(format, Map.of("level", 6), data);
        assertTrue(smallest < fastest, "level 9 gave " + smallest + " bytes, level 1 " + fastest);
        assertBytes(six, defaulted);
    }

    /**
     * Several 128 KiB blocks, deflated at once (the tests run two threads per stream, see
     * application.properties): one ordinary stream the JDK reads, sent the same whether it came with a
     * length or chunked, and within 0.5% of the JDK's single-threaded raw deflate at the same level
     * for input like the benchmark's, half random and half text.
     */
    @ParameterizedTest
    @CsvSource({"gzip,1", "gzip,6", "deflate,6", "deflate-raw,9", "deflate,0"})
    void blocksDeflatedInParallelMakeOneStream(String format, int level) {
        byte[] data = concat(Http.random(350_000, 21), Http.compressible(350_001));
        byte[] viaLength = compressBothWays(format, Map.of("level", level), data);
        assertBytes(viaLength, Http.ok(chunked(data).queryParam("level", level).post("/v1/compress/" + format), type(format)));
        int framing = Map.of("gzip", 18, "deflate", 6, "deflate-raw", 0).get(format);
        int single = Oracles.rawDeflate(data, level).length + framing;
        assertTrue(viaLength.length <= single * 1.005, viaLength.length + " bytes against " + single + " single-threaded");
    }

    /** The framing of each format, which the JDK readers would also accept from a sloppier writer. */
    @Test
    void framing() {
        byte[] data = Http.ascii("hello, hello, hello");
        byte[] gzip = fixed(data).post("/v1/compress/gzip").asByteArray();
        assertEquals(0x1f, gzip[0] & 0xff);
        assertEquals(0x8b, gzip[1] & 0xff);
        assertEquals(8, gzip[2]);
        CRC32 crc = new CRC32();
        crc.update(data);
        int n = gzip.length;
        long storedCrc = (gzip[n - 8] & 0xffL) | (gzip[n - 7] & 0xffL) << 8 | (gzip[n - 6] & 0xffL) << 16
                | (gzip[n - 5] & 0xffL) << 24;
        assertEquals(crc.getValue(), storedCrc);
        assertEquals(data.length, gzip[n - 4]);
        byte[] zlib = fixed(data).post("/v1/compress/deflate").asByteArray();
        assertEquals(0x78, zlib[0] & 0xff, "zlib CMF");
        assertEquals(0, ((zlib[0] & 0xff) << 8 | (zlib[1] & 0xff)) % 31, "zlib FCHECK");
        byte[] raw = fixed(data).post("/v1/compress/deflate-raw").asByteArray();
        assertBytes(data, Oracles.decompress("deflate-raw", raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"gzip|level|10", "gzip|level|-1", "deflate|level|x", "deflate|level|''",
            "deflate-raw|level|6.0", "gzip|maxOutputBytes|5", "gzip|lvl|5"})
    void compressBadParameters(String format, String name, String value) {
        endpointProblem(fixed(new byte[10]).queryParam(name, value).post("/v1/compress/" + format), 400, "bad-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip", "br", "GZIP", "zlib", "x-gzip", "zstandard"})
    void unknownFormats(String format) {
        endpointProblem(fixed(new byte[10]).post("/v1/compress/" + format), 400, "bad-request");
        endpointProblem(fixed(new byte[10]).post("/v1/decompress/" + format), 400, "bad-request");
    }

    // ---- decompress ----

    @ParameterizedTest
    @MethodSource("everyFormatAndSize")
    void decompressesJdkOutput(String format, int size) {
        for (byte[] data : List.of(Http.random(size, size), Http.compressible(size))) {
            assertBytes(data, postBothWays("/v1/decompress/" + format, Map.of(), Oracles.compress(format, data), BINARY));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9})
    void decompressesEveryJdkLevel(int level) {
        byte[] data = Http.compressible(70_000);
        assertBytes(data, postBothWays("/v1/decompress/deflate", Map.of(), Oracles.zlib(data, level), BINARY));
        assertBytes(data, postBothWays("/v1/decompress/deflate-raw", Map.of(), Oracles.rawDeflate(data, level), BINARY));
    }

    /**
     * A large expansion, streamed out under the small test heap: 8 MiB from about 250 KiB, mostly
     * zeros with a little noise, as sparse data is; within the default ratio limit of 200.
     */
    @Test
    void largeExpansion() {
        byte[] sparse = new byte[8 << 20];
        byte[] noise = Http.random(sparse.length / 64, 7);
        for (int i = 0; i < noise.length; i++) {
            sparse[i * 64] = noise[i];
        }
        byte[] gzip = Oracles.gzip(sparse);
        assertTrue(gzip.length < sparse.length / 20 && gzip.length > sparse.length / 200, "ratio " + sparse.length / gzip.length);
        assertBytes(sparse, postBothWays("/v1/decompress/gzip", Map.of(), gzip, BINARY));
    }

    /**
     * A bomb past the ratio limit (200 by default): 8 MiB of zeros from 8 KiB. The ratio is checked
     * once 1 MiB is out, so the status is sent by then and the stream is cut off, never ended.
     */
    @Test
    void decompressionRatioLimit() throws Exception {
        String exceeded = "transform_errors_total{stage=\"decompress\",type=\"limit-exceeded\"}";
        double before = Scrape.now().value(exceeded);
        byte[] zeros = new byte[8 << 20];
        Http.Raw raw = Http.postInPieces("/v1/decompress/gzip", Oracles.gzip(zeros), 4096);
        Http.assertCutPrefixOf(zeros, raw);
        assertTrue(raw.body().length < 2 << 20, raw.body().length + " bytes out");
        assertEquals(before + 1, Scrape.now().value(exceeded));
    }

    /** Concatenated members decompress to the concatenation, as gzip(1) does; empty members too. */
    @Test
    void concatenatedGzipMembers() {
        byte[] a = Http.random(70_000, 1);
        byte[] b = Http.compressible(1000);
        byte[] body = concat(Oracles.gzip(a), Oracles.gzip(new byte[0]), Oracles.gzip(b), Oracles.gzip(a));
        assertBytes(concat(a, b, a), postBothWays("/v1/decompress/gzip", Map.of(), body, BINARY));
    }

    /** Header fields gzip writers may add: FEXTRA, FNAME, FCOMMENT and FHCRC. */
    @Test
    void gzipOptionalHeaderFields() {
        byte[] data = Http.compressible(5000);
        byte[] deflated = Oracles.rawDeflate(data, 6);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 1, 2, 3, 4, 0, 3});
        header.writeBytes(new byte[] {5, 0, 'A', 'B', 2, 0, 'x'});
        header.writeBytes(Http.ascii("name.txt\0a comment\0"));
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header.toByteArray());
        int crc16 = (int) headerCrc.getValue() & 0xffff;
        header.writeBytes(new byte[] {(byte) crc16, (byte) (crc16 >>> 8)});
        byte[] member = concat(header.toByteArray(), deflated, trailer(data));
        assertBytes(data, postBothWays("/v1/decompress/gzip", Map.of(), member, BINARY));
        // The same member with a wrong header CRC16 is rejected where the CRC16 is.
        byte[] bad = member.clone();
        int crcAt = header.size() - 2;
        bad[crcAt] ^= 1;
        assertOffset(endpointProblem(fixed(bad).post("/v1/decompress/gzip"), 422, "invalid-input"), crcAt);
    }

    @Test
    void decompressInPieces() throws Exception {
        byte[] data = Http.random(3000, 5);
        for (String format : FORMATS) {
            Http.Raw raw = Http.postInPieces("/v1/decompress/" + format, Oracles.compress(format, data), 1);
            Http.assertRawOk(raw, BINARY);
            assertBytes(data, raw.body());
        }
    }

    // ---- maxOutputBytes ----

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw"})
    void maxOutputBytes(String format) {
        byte[] data = Http.compressible(10_000);
        byte[] compressed = Oracles.compress(format, data);
        assertBytes(data, postBothWays("/v1/decompress/" + format, Map.of("maxOutputBytes", 10_000), compressed, BINARY));
        for (var request : List.of(fixed(compressed), chunked(compressed))) {
            endpointProblem(request.queryParam("maxOutputBytes", 9_999).post("/v1/decompress/" + format), 413,
                    "limit-exceeded");
        }
        endpointProblem(fixed(compressed).queryParam("maxOutputBytes", 0).post("/v1/decompress/" + format), 413,
                "limit-exceeded");
        assertEquals(0, postBothWays("/v1/decompress/" + format, Map.of("maxOutputBytes", 0),
                Oracles.compress(format, new byte[0]), BINARY).length);
    }

    /** The limit counts all gzip members together. */
    @Test
    void maxOutputBytesSpansMembers() {
        byte[] a = Http.compressible(600);
        byte[] body = concat(Oracles.gzip(a), Oracles.gzip(a));
        assertEquals(1200, postBothWays("/v1/decompress/gzip", Map.of("maxOutputBytes", 1200), body, BINARY).length);
        endpointProblem(fixed(body).queryParam("maxOutputBytes", 1199).post("/v1/decompress/gzip"), 413,
                "limit-exceeded");
    }

    /** A request may lower the configured maximum (4G here), never raise it. */
    @ParameterizedTest
    @ValueSource(strings = {"4294967297", "-1", "9223372036854775808", "lots", "1e3"})
    void maxOutputBytesOutOfRange(String value) {
        endpointProblem(fixed(Oracles.gzip(new byte[1])).queryParam("maxOutputBytes", value).post("/v1/decompress/gzip"),
                400, "bad-request");
    }

    @Test
    void maxOutputBytesAtTheConfiguredMaximum() {
        assertEquals(1, postBothWays("/v1/decompress/gzip", Map.of("maxOutputBytes", 4L << 30), Oracles.gzip(new byte[1]),
                BINARY).length);
    }

    /** Passing the limit after output has started aborts the response: its last chunk never comes. */
    @Test
    void limitPassedMidResponseAbortsIt() throws Exception {
        byte[] zeros = new byte[1 << 20];
        Http.Raw raw = Http.postInPieces("/v1/decompress/gzip?maxOutputBytes=200000", Oracles.gzip(zeros), 1 << 20);
        Http.assertCutPrefixOf(zeros, raw);
        assertTrue(raw.body().length <= 200_000);
    }

    // ---- corrupt and truncated input ----

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw"})
    void emptyBodyIsNotCompressedData(String format) {
        endpointProblem(fixed(new byte[0]).post("/v1/decompress/" + format), 422, "invalid-input");
        endpointProblem(chunked(new byte[0]).post("/v1/decompress/" + format), 422, "invalid-input");
    }

    /** Every proper prefix of a stream is truncated; the offset is where the input ended. */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw"})
    void truncated(String format) {
        byte[] whole = Oracles.compress(format, Http.random(2000, 3));
        for (int cut : new int[] {1, 2, 5, 9, 10, 11, whole.length / 2, whole.length - 8, whole.length - 4,
                whole.length - 1}) {
            byte[] prefix = Arrays.copyOf(whole, cut);
            var problem = endpointProblem(fixed(prefix).post("/v1/decompress/" + format), 422, "invalid-input");
            assertOffset(problem, cut);
        }
    }

    @Test
    void notGzip() {
        assertOffset(endpointProblem(fixed(Http.ascii("hello world")).post("/v1/decompress/gzip"), 422, "invalid-input"),
                0);
        byte[] badMagic = Oracles.gzip(new byte[5]);
        badMagic[1] = (byte) 0x8c;
        assertOffset(endpointProblem(fixed(badMagic).post("/v1/decompress/gzip"), 422, "invalid-input"), 1);
        byte[] method = Oracles.gzip(new byte[5]);
        method[2] = 7;
        assertOffset(endpointProblem(fixed(method).post("/v1/decompress/gzip"), 422, "invalid-input"), 2);
        byte[] reserved = Oracles.gzip(new byte[5]);
        reserved[3] = (byte) 0x80;
        assertOffset(endpointProblem(fixed(reserved).post("/v1/decompress/gzip"), 422, "invalid-input"), 3);
    }

    /** Checksums are checked at the end; with under 64 KiB of output that is still before the status is sent. */
    @Test
    void gzipTrailerMismatch() {
        byte[] data = Http.random(50_000, 9);
        byte[] gzip = Oracles.gzip(data);
        int n = gzip.length;
        byte[] badCrc = gzip.clone();
        badCrc[n - 8] ^= 1;
        for (var request : List.of(fixed(badCrc), chunked(badCrc))) {
            assertOffset(endpointProblem(request.post("/v1/decompress/gzip"), 422, "invalid-input"), n - 8);
        }
        byte[] badSize = gzip.clone();
        badSize[n - 4] ^= 1;
        assertOffset(endpointProblem(fixed(badSize).post("/v1/decompress/gzip"), 422, "invalid-input"), n - 4);
    }

    /** With more output than the service holds back, a bad checksum aborts the response instead. */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void checksumMismatchAfterOutputAbortsTheResponse(String format) throws Exception {
        byte[] data = Http.random(300_000, 10);
        byte[] body = Oracles.compress(format, data);
        body[body.length - (format.equals("gzip") ? 8 : 1)] ^= 1;
        Http.Raw raw = Http.postInPieces("/v1/decompress/" + format, body, 16_384);
        Http.assertCutPrefixOf(data, raw);
    }

    @Test
    void corruptDeflateData() {
        byte[] zlib = Oracles.zlib(Http.compressible(1000), 6);
        byte[] badHeader = zlib.clone();
        badHeader[1] ^= 1;
        endpointProblem(fixed(badHeader).post("/v1/decompress/deflate"), 422, "invalid-input");
        byte[] badAdler = zlib.clone();
        badAdler[zlib.length - 1] ^= 1;
        endpointProblem(fixed(badAdler).post("/v1/decompress/deflate"), 422, "invalid-input");
        // Block type 3 is reserved in RFC 1951.
        endpointProblem(fixed(new byte[] {(byte) 0xff, 0x00}).post("/v1/decompress/deflate-raw"), 422, "invalid-input");
        // gzip data given as zlib and zlib as gzip.
        endpointProblem(fixed(Oracles.gzip(new byte[3])).post("/v1/decompress/deflate"), 422, "invalid-input");
        assertOffset(endpointProblem(fixed(zlib).post("/v1/decompress/gzip"), 422, "invalid-input"), 0);
    }

    /** Data after the end of the stream is rejected at its offset, whether in the same chunk or a later one. */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw"})
    void trailingGarbage(String format) throws Exception {
        byte[] whole = Oracles.compress(format, Http.compressible(3000));
        byte[] body = concat(whole, Http.ascii("garbage"));
        for (var request : List.of(fixed(body), chunked(body))) {
            assertOffset(endpointProblem(request.post("/v1/decompress/" + format), 422, "invalid-input"), whole.length);
        }
        // Also when the garbage comes in a chunk of its own, after the stream's output was produced.
        Http.Raw raw = Http.postChunks("/v1/decompress/" + format, List.of(whole, Http.ascii("g")));
        assertEquals(Http.PROBLEM, raw.header("content-type"));
        assertOffset(Http.problem(raw.text(), 422, "invalid-input"), whole.length);
    }

    // ---- zstd, brotli, lz4, bzip2, xz, snappy (the reference CLIs and python's cramjam are the oracles) ----

    /** Each format's reference tool, decompressing stdin to stdout and compressing it. */
    private static final Map<String, String[][]> TOOLS = Map.of(
            "zstd", new String[][] {{"zstd", "-q", "-d", "-c"}, {"zstd", "-q", "-c"}},
            "brotli", new String[][] {{"brotli", "-d", "-c"}, {"brotli", "-c", "-q", "5"}},
            "lz4", new String[][] {{"lz4", "-q", "-d", "-c"}, {"lz4", "-q", "-c"}},
            "bzip2", new String[][] {{"bzip2", "-d", "-c"}, {"bzip2", "-c"}},
            "xz", new String[][] {{"xz", "-d", "-c"}, {"xz", "-c"}},
            "snappy", new String[][] {cramjam("decompress"), cramjam("compress")});

    private static final Map<String, String> MEDIA_TYPES = Map.of("zstd", "application/zstd", "brotli", "application/x-brotli",
            "lz4", "application/x-lz4", "bzip2", "application/x-bzip2", "xz", "application/x-xz",
            "snappy", "application/octet-stream");

    private static String[] cramjam(String function) {
        return new String[] {"python3", "-c",
            "import sys, cramjam; sys.stdout.buffer.write(bytes(cramjam.snappy." + function + "(sys.stdin.buffer.read())))"};
    }

    /**
     * What the format's tool makes of {@code data}. cramjam makes nothing at all of empty input; a snappy
     * framing stream starts with its identifier (and the service refuses an empty body as "no snappy data").
     */
    private static byte[] toolCompressed(String format, byte[] data) {
        if (format.equals("snappy")) {
            ReferenceTool.assumePythonModule("cramjam", "cramjam");
        }
        byte[] compressed = ReferenceTool.run(data, TOOLS.get(format)[1]);
        return format.equals("snappy") && compressed.length == 0
                ? new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'} : compressed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "brotli", "lz4", "bzip2", "xz", "snappy"})
    void newFormatsRoundTripThroughTheirReferenceTools(String format) {
        for (byte[] data : List.of(new byte[0], Http.random(70_001, 3), Http.compressible(300_000))) {
            byte[] fromTool = toolCompressed(format, data);
            for (var request : List.of(fixed(data), chunked(data))) {
                byte[] compressed = Http.ok(request.post("/v1/compress/" + format), MEDIA_TYPES.get(format));
                assertBytes(data, ReferenceTool.run(compressed, TOOLS.get(format)[0]));
            }
            assertBytes(data, postBothWays("/v1/decompress/" + format, Map.of(), fromTool, BINARY));
        }
        byte[] body = toolCompressed(format, Http.compressible(5000));
        var trailing = endpointProblem(fixed(concat(body, Http.ascii("junk"))).post("/v1/decompress/" + format), 422,
                "invalid-input");
        if (!format.equals("brotli")) {
            // Brotli's decoder only says the piece of input it was handed is bad: its offset is where that starts.
            assertOffset(trailing, body.length);
        }
        assertOffset(endpointProblem(fixed(Arrays.copyOf(body, body.length - 1)).post("/v1/decompress/" + format), 422,
                "invalid-input"), body.length - 1);
        // Under the 64 KiB the response holds back before it commits, so the limit is a 413, not an abort.
        endpointProblem(fixed(toolCompressed(format, new byte[4 << 20])).queryParam("maxOutputBytes", 60_000)
                .post("/v1/decompress/" + format), 413, "limit-exceeded");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"zstd|level|3", "brotli|level|12", "lz4|level|0", "lz4|level|13", "brotli|level|-1",
        "bzip2|level|0", "bzip2|level|10", "xz|level|10", "xz|level|-1", "snappy|level|1"})
    void levelsOutsideAFormatsRangeAre400(String format, String name, String value) {
        endpointProblem(fixed(new byte[10]).queryParam(name, value).post("/v1/compress/" + format), 400, "bad-request");
    }

    @Test
    void levelsKeepTheirMeaningPerFormat() {
        byte[] data = Http.compressible(200_000);
        for (String[] formatLevels : new String[][] {{"brotli", "0", "11"}, {"lz4", "1", "12"}, {"bzip2", "1", "9"}, {"xz", "0", "6"}}) {
            byte[] fast = compressBothWays(formatLevels[0], formatLevels[1], data);
            byte[] small = compressBothWays(formatLevels[0], formatLevels[2], data);
            assertTrue(small.length < fast.length, formatLevels[0] + ": " + small.length + " vs " + fast.length);
        }
        endpointProblem(fixed(new byte[10]).post("/v1/compress/auto"), 400, "bad-request");
    }

    private static byte[] compressBothWays(String format, String level, byte[] data) {
        byte[] compressed = Http.ok(chunked(data).queryParam("level", level).post("/v1/compress/" + format), MEDIA_TYPES.get(format));
        assertBytes(data, ReferenceTool.run(compressed, TOOLS.get(format)[0]));
        return compressed;
    }

    @Test
    void autoNamesTheFormatItFoundInAHeader() {
        byte[] data = Http.compressible(100_000);
        Map<String, byte[]> bodies = Map.of("gzip", Oracles.gzip(data), "deflate", Oracles.zlib(data, 6),
                "zstd", ReferenceTool.run(data, TOOLS.get("zstd")[1]), "lz4", ReferenceTool.run(data, TOOLS.get("lz4")[1]),
                "bzip2", ReferenceTool.run(data, TOOLS.get("bzip2")[1]), "xz", ReferenceTool.run(data, TOOLS.get("xz")[1]),
                "snappy", toolCompressed("snappy", data));
        bodies.forEach((format, body) -> {
            for (var request : List.of(fixed(body), chunked(body))) {
                var response = request.post("/v1/decompress/auto");
                assertBytes(data, Http.ok(response, BINARY));
                assertEquals(format, response.header("Transform-Detected-Format"));
            }
            var piped = fixed(body).queryParam("step", "decompress:auto").queryParam("step", "digest:sha-256").post("/v1/pipeline");
            assertEquals(format, piped.header("Transform-Detected-Format"));
            assertEquals(Oracles.hex(Oracles.digest("sha-256", data)), piped.jsonPath().getString("digests.sha-256"));
        });
        var unknown = endpointProblem(fixed(Http.ascii("PK\u0003\u0004")).post("/v1/decompress/auto"), 422, "invalid-input");
        assertTrue(unknown.getString("detail").contains("50 4b"), unknown.getString("detail"));
        assertEquals(null, fixed(Http.ascii("x")).post("/v1/decompress/gzip").header("Transform-Detected-Format"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "br"})
    void requestContentEncodingZstdAndBrAreDecoded(String coding) throws Exception {
        byte[] data = Http.random(150_000, 11);
        byte[] sent = ReferenceTool.run(data, TOOLS.get(coding.equals("br") ? "brotli" : coding)[1]);
        Http.Raw answer = Http.postChunks("/v1/digest?algorithm=sha-256", List.of(sent), "Content-Encoding: " + coding);
        assertEquals(200, answer.status(), answer::text);
        assertEquals(Oracles.hex(Oracles.digest("sha-256", data)),
                new io.restassured.path.json.JsonPath(answer.text()).getString("digests.sha-256"));
        Http.Raw bad = Http.postChunks("/v1/encode/hex", List.of(Http.ascii("not compressed")), "Content-Encoding: " + coding);
        assertEquals(422, bad.status(), bad::text);
    }

    private static byte[] trailer(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        int c = (int) crc.getValue();
        int n = data.length;
        return new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), (byte) n, (byte) (n >>> 8),
                (byte) (n >>> 16), (byte) (n >>> 24)};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
