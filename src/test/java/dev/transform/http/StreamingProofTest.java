package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Proof that the service streams: bodies far larger than this JVM's heap (-Xmx256m, which the
 * in-process server shares) go through the real HTTP endpoints, output arrives while the upload is
 * still going, a client that reads while it sends never touches the spool, and a failure after the
 * first output byte leaves the client a visibly incomplete response. (A slow reader holding the
 * upload back, once the spool is full: SpoolCapsTest.)
 */
@QuarkusTest
class StreamingProofTest {

    private static final long GIB = 1L << 30;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @Test
    void oneGibibyteThroughSlice() throws Exception {
        byte[] expected = GeneratedBody.sha256(GIB);
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long received = post("v1/slice", GIB, body -> copy(body, new DigestOutputStream(OutputStream.nullOutputStream(), actual)));
        assertEquals(GIB, received);
        assertArrayEquals(expected, actual.digest());
    }

    @Test
    void oneGibibyteThroughBase64() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream encoder = Base64.getEncoder().wrap(new DigestOutputStream(OutputStream.nullOutputStream(), expected));
                InputStream body = new GeneratedBody(GIB)) {
            body.transferTo(encoder);
        }
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        double spooled = Scrape.now().value("transform_spooled_bytes_total");
        long received = post("v1/encode/base64", GIB, body -> copy(body, new DigestOutputStream(OutputStream.nullOutputStream(), actual)));
        assertEquals((GIB + 2) / 3 * 4, received);
        assertArrayEquals(expected.digest(), actual.digest());
        assertEquals(spooled, Scrape.now().value("transform_spooled_bytes_total"),
                "a client that reads while it sends is paced by its reading, never spooled to disk");
    }

    @Test
    void twoHundredFiftySixMebibytesThroughGzip() throws Exception {
        long size = 256L << 20;
        byte[] expected = GeneratedBody.sha256(size);
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        AtomicLong inflated = new AtomicLong();
        post("v1/compress/gzip?level=1", size, body -> inflated.set(
                copy(new GZIPInputStream(body, 64 * 1024), new DigestOutputStream(OutputStream.nullOutputStream(), actual))));
        assertEquals(size, inflated.get());
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
     * POSTs a generated body of {@code size} bytes, streamed, and hands the streamed response to
     * {@code reader}. A raw socket, because the JDK's HttpClient buffers a response without bound
     * while its HTTP/1.1 upload is still going.
     */
    private long post(String path, long size, BodyReader reader) throws Exception {
        try (RawHttp http = new RawHttp(base.getPort(), "/" + path)) {
            Thread uploader = http.uploadInBackground(new GeneratedBody(size));
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            CountingStream counted = new CountingStream(http.body());
            try (InputStream body = counted) {
                reader.read(body);
                assertEquals(-1, body.read(), "the reader left output unread");
            }
            uploader.join();
            return counted.count;
        }
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
