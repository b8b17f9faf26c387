package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transform.testing.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof that the service streams: every stage family and a pipeline take bodies larger than this
 * JVM's heap (-Xmx320m, which the in-process server shares) through the real HTTP endpoints, the
 * heap after every collection stays far below the body meanwhile, output arrives while the upload
 * is still going, a client that reads while it sends never touches the spool, and a failure after
 * the first output byte leaves the client a visibly incomplete response. (A slow reader holding the
 * upload back, once the spool is full: SpoolCapsTest.)
 */
@QuarkusTest
class StreamingProofTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    /** More than the heap, for the runs that cost more CPU per byte than slice and base64 (CI time). */
    private static final long BEYOND_HEAP = 384 * MIB;
    /**
     * How far the heap after a collection may rise above its live size at the start of a run.
     * Measured here (JDK 17, G1, 2 busy cores, this class): at most 1 MiB in any run; a server that
     * kept 48 MiB of a body (input or output) fails every run. Each body is 12 to 32 times this bound.
     */
    private static final long HEAP_GROWTH_BOUND = 32 * MIB;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** SHA-256 of generated bodies by size: several runs check against the same one. */
    private static final Map<Long, byte[]> BODY_SHA256 = new ConcurrentHashMap<>();

    @TestHTTPResource("/")
    URL base;

    @Test
    void oneGibibyteThroughSlice() throws Exception {
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long received = post("v1/slice", new GeneratedBody(GIB), body -> copy(body, digesting(actual)));
        assertEquals(GIB, received);
        assertArrayEquals(sha256OfBody(GIB), actual.digest());
    }

    @Test
    void oneGibibyteThroughBase64() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream encoder = Base64.getEncoder().wrap(digesting(expected));
                InputStream body = new GeneratedBody(GIB)) {
            body.transferTo(encoder);
        }
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long received = post("v1/encode/base64", new GeneratedBody(GIB), body -> copy(body, digesting(actual)));
        assertEquals((GIB + 2) / 3 * 4, received);
        assertArrayEquals(expected.digest(), actual.digest());
    }

    @Test
    void beyondTheHeapThroughGzip() throws Exception {
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        AtomicLong inflated = new AtomicLong();
        post("v1/compress/gzip?level=1", new GeneratedBody(BEYOND_HEAP), body -> inflated.set(
                copy(new GZIPInputStream(body, 64 * 1024), digesting(actual))));
        assertEquals(BEYOND_HEAP, inflated.get());
        assertArrayEquals(sha256OfBody(BEYOND_HEAP), actual.digest());
    }

    @Test
    void beyondTheHeapThroughDecodeBase64() throws Exception {
        // MIME base64 (76-character lines, CRLF) made by the JDK as the upload goes: whitespace skipped too.
        InputStream upload = encodedOnTheFly(new GeneratedBody(BEYOND_HEAP), out -> Base64.getMimeEncoder().wrap(out));
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long received = post("v1/decode/base64", upload, body -> copy(body, digesting(actual)));
        assertEquals(BEYOND_HEAP, received);
        assertArrayEquals(sha256OfBody(BEYOND_HEAP), actual.digest());
    }

    @Test
    void halfAGibibyteInflatedFromGzip() throws Exception {
        long size = 512 * MIB;
        byte[] expected = GeneratedBody.sha256(GeneratedBody.compressible(size));
        CountingStream upload = new CountingStream(
                encodedOnTheFly(GeneratedBody.compressible(size), StreamingProofTest::fastGzip));
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long received = post("v1/decompress/gzip", upload, body -> copy(body, digesting(actual)));
        assertEquals(size, received);
        assertArrayEquals(expected, actual.digest());
        // Real expansion, well below the service's ratio limit (200), so the output is what is big.
        double ratio = (double) size / upload.count;
        assertTrue(ratio > 20 && ratio < 100, "expansion " + ratio);
    }

    @Test
    void beyondTheHeapThroughDigest() throws Exception {
        AtomicReference<JsonNode> result = new AtomicReference<>();
        post("v1/digest?algorithm=sha-256", new GeneratedBody(BEYOND_HEAP), body -> result.set(MAPPER.readTree(body.readAllBytes())));
        assertEquals(BEYOND_HEAP, result.get().get("bytes").asLong());
        assertEquals(HexFormat.of().formatHex(sha256OfBody(BEYOND_HEAP)), result.get().get("digests").get("sha-256").asText());
    }

    @Test
    void beyondTheHeapThroughAPipeline() throws Exception {
        // Three steps, each fed the one before's output as it comes: the line breaks of the encoder are
        // skipped by the decoder, so the output is the body without its first 7 bytes.
        byte[] expected;
        try (InputStream rest = new GeneratedBody(BEYOND_HEAP)) {
            rest.skipNBytes(7);
            expected = GeneratedBody.sha256(rest);
        }
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long received = post("v1/pipeline?step=slice:offset=7&step=encode:base64,lineLength=76&step=decode:base64",
                new GeneratedBody(BEYOND_HEAP), body -> copy(body, digesting(actual)));
        assertEquals(BEYOND_HEAP - 7, received);
        assertArrayEquals(expected, actual.digest());
    }

    @Test
    void outputArrivesBeforeTheUploadEnds() throws Exception {
        try (RawHttp http = new RawHttp(base.getPort(), "/v1/encode/hex")) {
            // The first 64 KiB of output are held back so that late errors still get a status.
            byte[] first = new byte[40 * 1024];
            http.sendChunk(first);
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            StringBuilder firstOutput = new StringBuilder();
            while (firstOutput.length() < 2 * first.length) {
                firstOutput.append(new String(http.readChunk()));
            }
            assertTrue(firstOutput.toString().equals("00".repeat(first.length)), "hex of the first upload chunk");
            http.sendChunk(new byte[] {(byte) 0xff});
            assertEquals("ff", new String(http.readChunk()));
            http.endUpload();
            assertEquals(0, http.readChunk().length, "the response ends with its last chunk once the upload has");
        }
    }

    /** A transform that answers while its upload is open: what to send first, and the whole output's plain bytes. */
    record Early(String path, byte[] upload, int sentFirst, byte[] expected, PlainBytes plain) {
        @Override
        public String toString() {
            return path;
        }
    }

    /** The bytes an output stands for: itself, or for gzip what it decompresses to (a prefix of it before the end). */
    interface PlainBytes {
        byte[] of(byte[] output, boolean whole) throws IOException;
    }

    static Stream<Early> earlyOutput() {
        Random random = new Random(15);
        byte[] data = TestData.randomBytes(random, 512 * 1024);
        PlainBytes itself = (output, whole) -> output;
        PlainBytes gunzipped = (output, whole) -> whole ? Oracles.decompress("gzip", output) : gunzipPrefix(output);
        // Each first part makes more than the 64 KiB of output held back before the status is sent.
        return Stream.of(
                new Early("/v1/slice?offset=10", data, 128 * 1024, Arrays.copyOfRange(data, 10, data.length), itself),
                new Early("/v1/encode/base64", data, 96 * 1024, Base64.getEncoder().encode(data), itself),
                new Early("/v1/compress/gzip", data, 384 * 1024, data, gunzipped),
                new Early("/v1/decompress/gzip", Oracles.gzip(data), 384 * 1024, data, itself));
    }

    @ParameterizedTest
    @MethodSource("earlyOutput")
    void everyStreamingFamilyAnswersBeforeTheUploadEnds(Early early) throws Exception {
        double spooled = Scrape.now().value("transform_spooled_bytes_total");
        try (RawHttp http = new RawHttp(base.getPort(), early.path)) {
            http.setReadTimeout(10_000); // what does not come while the upload is open never will
            http.sendChunk(Arrays.copyOf(early.upload, early.sentFirst));
            // The upload is still open (no last chunk sent): the status and the first output must come anyway.
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            while (output.size() < 64 * 1024) {
                byte[] chunk = http.readChunk();
                assertNotNull(chunk, "the connection closed before the upload ended");
                assertTrue(chunk.length > 0, "the response ended before the upload did");
                output.writeBytes(chunk);
            }
            byte[] firstPlain = early.plain.of(output.toByteArray(), false);
            assertTrue(firstPlain.length >= 32 * 1024, "only " + firstPlain.length + " bytes of output before the upload ended");
            assertArrayEquals(Arrays.copyOf(early.expected, firstPlain.length), firstPlain, "the first output");
            // The rest goes up while the answer is read, as a client that reads while it sends does.
            Thread uploader = http.uploadInBackground(
                    new ByteArrayInputStream(early.upload, early.sentFirst, early.upload.length - early.sentFirst));
            output.writeBytes(http.body().readAllBytes());
            uploader.join();
            assertArrayEquals(early.expected, early.plain.of(output.toByteArray(), true));
        }
        assertEquals(spooled, Scrape.now().value("transform_spooled_bytes_total"), "nothing went to the spool");
    }

    @Test
    void aFailureAfterTheFirstOutputByteAbortsTheResponse() throws Exception {
        try (RawHttp http = new RawHttp(base.getPort(), "/v1/decode/base64")) {
            // More valid input than the 64 KiB held back before the status is committed.
            http.sendChunk("AAAA".repeat(30_000).getBytes());
            assertTrue(http.readHead().startsWith("HTTP/1.1 200"));
            assertNotNull(http.readChunk(), "some output was sent before the bad input");
            http.sendChunk("A*AA".getBytes());
            http.endUpload();
            boolean endedProperly = false;
            try {
                for (byte[] chunk; (chunk = http.readChunk()) != null; ) {
                    if (chunk.length == 0) {
                        endedProperly = true;
                        break;
                    }
                }
            } catch (IOException reset) {
                // a reset connection is an aborted response too
            }
            assertTrue(!endedProperly, "a response that failed midway must not end with the last chunk");
        }
    }

    @Test
    void anAbortedResponseIsAnErrorForAnOrdinaryClient() {
        byte[] valid = Base64.getEncoder().encode(new byte[3 * 1024 * 1024]);
        byte[] invalid = new byte[valid.length + 4];
        System.arraycopy(valid, 0, invalid, 0, valid.length);
        System.arraycopy("A*AA".getBytes(), 0, invalid, valid.length, 4);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v1/decode/base64"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(invalid))).build();
        assertThrows(IOException.class, () -> {
            HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (InputStream body = response.body()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        });
    }

    private interface BodyReader {
        void read(InputStream body) throws Exception;
    }

    /**
     * POSTs {@code upload}, streamed from a thread of its own while the response is read, and hands
     * the response to {@code reader}; returns the response body's length. Around the transfer it
     * checks what streaming means for memory: the heap after every collection stays within
     * {@link #HEAP_GROWTH_BOUND} of its live size before, and nothing goes to the spool (a client
     * that reads while it sends is paced by its reading). A raw socket, because the JDK's HttpClient buffers a response without
     * bound while its HTTP/1.1 upload is still going.
     */
    private long post(String path, InputStream upload, BodyReader reader) throws Exception {
        double spooled = Scrape.now().value("transform_spooled_bytes_total");
        long received;
        try (HeapWatch heap = new HeapWatch(); RawHttp http = new RawHttp(base.getPort(), "/" + path)) {
            Thread uploader = http.uploadInBackground(upload);
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            CountingStream counted = new CountingStream(chunked ? http.body() : new ByteArrayInputStream(http.readBody(head)));
            try (InputStream body = counted) {
                reader.read(body);
                assertEquals(-1, body.read(), "the reader left output unread");
            }
            uploader.join();
            received = counted.count;
            System.out.println("StreamingProofTest " + path + ": " + heap);
            assertTrue(heap.collections() > 0, "no collection ran during the transfer, so the heap was not measured");
            assertTrue(heap.growth() < HEAP_GROWTH_BOUND, path + ": " + heap + ", bound " + HEAP_GROWTH_BOUND / MIB + " MiB");
        }
        assertEquals(spooled, Scrape.now().value("transform_spooled_bytes_total"),
                "a client that reads while it sends is paced by its reading, never spooled to disk");
        return received;
    }

    private interface Encoder {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    /**
     * {@code source} as the JDK's {@code encoder} writes it, made on a thread of its own and read
     * through a pipe, so that neither the input nor its encoding is ever held whole.
     */
    private static InputStream encodedOnTheFly(InputStream source, Encoder encoder) throws IOException {
        PipedInputStream encoded = new PipedInputStream(256 * 1024);
        PipedOutputStream sink = new PipedOutputStream(encoded);
        Thread writer = new Thread(() -> {
            try (source; OutputStream out = encoder.wrap(sink)) {
                source.transferTo(out);
            } catch (IOException pipeClosed) {
                // the uploader stopped reading; the response side reports what went wrong
            }
        }, "upload-encoder");
        writer.setDaemon(true);
        writer.start();
        return encoded;
    }

    /** JDK gzip at level 1: the client's CPU is this test's cost, not what it checks. */
    private static OutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** What the JDK inflates from the start of a gzip stream that has not ended yet. */
    private static byte[] gunzipPrefix(byte[] start) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(start))) {
            byte[] buffer = new byte[1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                plain.write(buffer, 0, n);
            }
        } catch (EOFException endOfWhatArrived) {
            // expected: the stream goes on past what has arrived
        }
        return plain.toByteArray();
    }

    private static byte[] sha256OfBody(long size) {
        return BODY_SHA256.computeIfAbsent(size, GeneratedBody::sha256);
    }

    private static OutputStream digesting(MessageDigest digest) {
        return new DigestOutputStream(OutputStream.nullOutputStream(), digest);
    }

    private static long copy(InputStream in, OutputStream out) throws IOException {
        long n = in.transferTo(out);
        out.close();
        return n;
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
