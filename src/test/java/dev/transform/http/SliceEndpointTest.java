package dev.transform.http;

import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/slice}: byte ranges from the start and from the end, checked against Arrays.copyOfRange. */
@QuarkusTest
class SliceEndpointTest {

    private static final byte[] DATA = Http.random(200_003, 42);

    /** Offsets and lengths around the server's 64 KiB chunks and the ends of the input; -1: no length. */
    @ParameterizedTest
    @CsvSource({"0,-1", "0,0", "0,1", "1,-1", "1,10", "65535,2", "65536,-1", "65537,65536", "100000,100000",
            "199999,-1", "199999,1", "199999,100", "200002,-1", "200003,-1", "200003,5", "300000,-1",
            "9223372036854775807,-1", "0,9223372036854775807", "5,200003", "0,200003", "0,200002"})
    void fromTheStart(long offset, long length) {
        Map<String, Object> query = new HashMap<>();
        query.put("offset", offset);
        if (length >= 0) {
            query.put("length", length);
        }
        assertBytes(expected(DATA, offset, length), postBothWays("/v1/slice", query, DATA, BINARY));
    }

    /** A negative offset counts from the end; a window longer than the input is the whole input. */
    @ParameterizedTest
    @CsvSource({"-1,-1", "-1,0", "-1,5", "-2,1", "-65536,-1", "-65537,65536", "-100000,3", "-200003,-1",
            "-200004,-1", "-300000,10", "-16777216,-1"})
    void fromTheEnd(long offset, long length) {
        Map<String, Object> query = new HashMap<>();
        query.put("offset", offset);
        if (length >= 0) {
            query.put("length", length);
        }
        assertBytes(expected(DATA, offset, length), postBothWays("/v1/slice", query, DATA, BINARY));
    }

    @Test
    void defaultsAreTheWholeInput() {
        assertBytes(DATA, postBothWays("/v1/slice", Map.of(), DATA, BINARY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "-5"})
    void emptyBody(String offset) {
        assertEquals(0, postBothWays("/v1/slice", Map.of("offset", offset), new byte[0], BINARY).length);
        assertEquals(0, postBothWays("/v1/slice", Map.of("offset", offset, "length", 3), new byte[0], BINARY).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void tinyPieces(int pieceSize) throws Exception {
        byte[] data = Http.random(500, pieceSize);
        for (String query : new String[] {"offset=3&length=100", "offset=-17", "offset=-17&length=4", "offset=499",
                "offset=0&length=0"}) {
            Http.Raw raw = Http.postInPieces("/v1/slice?" + query, data, pieceSize);
            Http.assertRawOk(raw, BINARY);
            Map<String, String> q = new HashMap<>();
            for (String pair : query.split("&")) {
                q.put(pair.split("=")[0], pair.split("=")[1]);
            }
            long length = q.containsKey("length") ? Long.parseLong(q.get("length")) : -1;
            assertBytes(expected(data, Long.parseLong(q.get("offset")), length), raw.body());
        }
    }

    /**
     * Once {@code length} bytes are out the response ends, while the 4 GiB upload has hardly begun:
     * the whole answer arrives before the client has sent its body, and the stage was fed (the
     * received-bytes metric, which counts what the exchange pulls, not the rest it drops) about one
     * chunk, not the upload.
     */
    @Test
    void endsEarlyWithoutWaitingForTheUpload() throws Exception {
        String pulledSeries = "transform_received_bytes_total{stage=\"slice\"}";
        double pulledBefore = Scrape.now().value(pulledSeries);
        Pattern body = new Pattern(4L << 30);
        long sentWhenAnswered;
        byte[] answer;
        try (RawHttp http = new RawHttp(io.restassured.RestAssured.port, "/v1/slice?offset=10&length=1000")) {
            Thread uploader = http.uploadInBackground(body);
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("content-type: " + BINARY), head);
            answer = http.readBody(head);
            sentWhenAnswered = body.position();
            http.close();
            uploader.join(30_000);
        }
        byte[] expected = new byte[1000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (10 + i);
        }
        assertBytes(expected, answer);
        assertTrue(sentWhenAnswered < 1L << 30, sentWhenAnswered + " bytes of the upload were sent before the answer came");
        double pulled = Scrape.now().value(pulledSeries) - pulledBefore;
        assertTrue(pulled >= 1010 && pulled <= 1 << 20, "the slice pulled " + pulled + " bytes of the upload");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"offset|x", "offset|1.5", "offset|''", "offset|9223372036854775808",
            "offset|-9223372036854775809", "length|-1", "length|abc", "length|9223372036854775808", "size|5",
            "encoding|hex"})
    void badParameters(String name, String value) {
        endpointProblem(fixed(DATA).queryParam(name, value).post("/v1/slice"), 400, "bad-request");
    }

    @Test
    void repeatedOffset() {
        endpointProblem(fixed(DATA).queryParam("offset", 1, 2).post("/v1/slice"), 400, "bad-request");
    }

    /** The default tail window is 16 MiB: one byte more is a 413 before any of the body is read. */
    @ParameterizedTest
    @ValueSource(strings = {"-16777217", "-9223372036854775807", "-9223372036854775808"})
    void tailWindowOverTheMaximum(String offset) {
        var problem = endpointProblem(fixed(DATA).queryParam("offset", offset).post("/v1/slice"), 413, "limit-exceeded");
        // The window is -offset bytes, which must not come out negative for Long.MIN_VALUE.
        assertEquals(false, problem.getString("detail").contains("window of -"), problem.getString("detail"));
    }

    static byte[] expected(byte[] data, long offset, long length) {
        long start = offset >= 0 ? Math.min(offset, data.length) : Math.max(0, data.length + offset);
        long end = length < 0 ? data.length : Math.min(data.length, start + Math.min(length, data.length));
        return Arrays.copyOfRange(data, (int) start, (int) end);
    }

    /** A long body of bytes 0, 1, 2, ... made on the fly, read a little at a time; it counts what was read. */
    private static final class Pattern extends InputStream {
        private final long size;
        private volatile long position;

        Pattern(long size) {
            this.size = size;
        }

        long position() {
            return position;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            long at = position;
            int n = (int) Math.min(Math.min(len, 8192), size - at);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (at + i & 0xff);
            }
            position = at + n;
            return n;
        }
    }
}
