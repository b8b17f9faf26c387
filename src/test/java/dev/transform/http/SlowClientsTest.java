package dev.transform.http;

import dev.transform.exchange.Exchanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import dev.transform.testing.NativeLeakCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that stall: an uploader that trickles, one that stops, a reader that stops reading. With a
 * 1 s idle window and 1 KiB/s minimum rate, each is closed within two windows, while a slow but
 * honest client is not, and the event loops keep serving others meanwhile; none leaves a zlib stream
 * open (NativeLeakCheck).
 */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
@TestProfile(SlowClientsTest.ShortTimeouts.class)
class SlowClientsTest {

    public static final class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A small spool: a reader that stops reading is one whose upload soon stalls too.
            return Map.of("transform.timeouts.idle", "1s", "transform.timeouts.min-rate", "1K",
                    "transform.limits.max-spool-size", "4M");
        }
    }

    /** Two windows, and slack for a loaded machine. */
    private static final long CLOSED_WITHIN_MILLIS = 6_000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Exchanges exchanges;

    @Test
    void aTricklingUploaderIsClosed() throws Exception {
        double stalled = Scrape.now().value("transform_errors_total{stage=\"slice\",type=\"stalled\"}");
        try (RawHttp http = new RawHttp(base.getPort(), "/v1/slice")) {
            AtomicBoolean closed = new AtomicBoolean();
            long start = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    while (true) {
                        http.sendChunk(new byte[] {42});
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    closed.set(true);
                }
            });
            trickle.start();
            // Others are served while it trickles: it holds no thread.
            Http.assertBytes(new byte[] {1, 2, 3}, Http.postBothWays("/v1/slice", Map.of(), new byte[] {1, 2, 3}, Http.BINARY));
            assertConnectionClosed(http.rawInput());
            trickle.join(CLOSED_WITHIN_MILLIS);
            assertTrue(closed.get(), "the trickling upload was cut off");
            assertTrue(millisSince(start) < CLOSED_WITHIN_MILLIS, millisSince(start) + " ms");
        }
        assertEquals(stalled + 1, Scrape.now().value("transform_errors_total{stage=\"slice\",type=\"stalled\"}"));
        assertEquals(0, exchanges.inFlight());
    }

    @Test
    void anUploaderThatStopsIsClosed() throws Exception {
        // decompress: the stalled exchange holds an Inflater, which its close must end. The bytes sent
        // are good (a gzip header), so the exchange waits for more rather than answering 422 at once.
        byte[] gzip = Oracles.gzip(Http.random(1000, 1));
        try (RawHttp http = RawHttp.withLength(base.getPort(), "/v1/decompress/gzip", gzip.length)) {
            http.sendRaw(gzip, 0, 10);
            long start = System.nanoTime();
            assertConnectionClosed(http.rawInput());
            assertTrue(millisSince(start) < CLOSED_WITHIN_MILLIS, millisSince(start) + " ms");
        }
        assertEquals(0, exchanges.inFlight());
    }

    @Test
    void aReaderThatStopsReadingIsClosed() throws Exception {
        // Stored deflate, then hex: output twice the input, and a Deflater the close must end.
        try (RawHttp http = new RawHttp(base.getPort(), "/v1/pipeline?step=compress:deflate,level=0&step=encode:hex")) {
            long start = System.nanoTime();
            Thread uploader = http.uploadInBackground(new GeneratedBody(1L << 30));
            // Nothing is read until the server has given up: the upload stops when buffers fill,
            // then the exchange is closed and the upload fails.
            uploader.join(CLOSED_WITHIN_MILLIS * 3);
            assertFalse(uploader.isAlive(), "the upload was still going");
            // What is left of the response is cut off (or lost to the reset), never ended properly.
            assertThrows(IOException.class, () -> {
                http.readHead();
                http.body().transferTo(java.io.OutputStream.nullOutputStream());
            });
        }
        assertEquals(0, exchanges.inFlight());
    }

    @Test
    void aSlowButSteadyClientIsServed() throws Exception {
        byte[] piece = Http.random(4096, 5);
        try (RawHttp http = new RawHttp(base.getPort(), "/v1/digest?algorithm=crc32")) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            for (int i = 0; i < 15; i++) {
                http.sendChunk(piece);
                crc.update(piece);
                Thread.sleep(200);
            }
            http.endUpload();
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            String json = new String(http.readBody(head));
            assertTrue(json.contains(String.format("%08x", crc.getValue())), json);
        }
    }

    /** Reads until the server closes the connection; fails if it does not within the allowed time. */
    private static void assertConnectionClosed(InputStream in) throws IOException {
        long start = System.nanoTime();
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                assertTrue(millisSince(start) < CLOSED_WITHIN_MILLIS * 3, "still open");
            }
        } catch (java.net.SocketException reset) {
            // closed with a reset: as good
        } catch (java.net.SocketTimeoutException timeout) {
            throw new AssertionError("the server kept the connection open", timeout);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
