package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.exchange.Exchanges;
import dev.transform.exchange.SpoolBudget;
import dev.transform.testing.LogCapture;
import dev.transform.testing.NativeLeakCheck;
import dev.transform.testing.Settle;
import dev.transform.testing.SpoolFiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The spool's caps: past them an exchange falls back to backpressure, as with no spool at all. A
 * client that still does not read is then closed by the stall timeout, and the log says why; one
 * that reads lets its upload go on. Caps here: 8 MiB per exchange, 12 MiB for the instance.
 */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
@TestProfile(SpoolCapsTest.SmallSpools.class)
class SpoolCapsTest {

    public static final class SmallSpools implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("transform.limits.max-spool-size", "8M", "transform.limits.max-spool-total", "12M",
                    "transform.timeouts.idle", "8s");
        }
    }

    private static final long CAP = 8L << 20;
    private static final long TOTAL = 12L << 20;
    /** The test client's own socket buffers, each way. */
    private static final int CLIENT_BUFFERS = 128 << 10;
    private static final String FALLBACKS = "transform_spool_fallbacks_total";
    /**
     * What may pass a paused upload besides the spool: its 1 MiB memory part, the client's send
     * buffer and the server's receive buffer, which the kernel may grow up to its tcp_rmem maximum
     * (32 MiB on the CI machines; uploads that fit in it all would never stall, so each test sends
     * several times this).
     */
    private static final long SLACK = (1L << 20) + CLIENT_BUFFERS + KernelBuffers.maxReceive();

    @TestHTTPResource("/")
    URL base;

    @Inject
    SpoolBudget spool;

    @Inject
    Exchanges exchanges;

    @AfterEach
    void nothingLeft() throws Exception {
        Settle.until(() -> exchanges.inFlight() == 0, Settle.EXCHANGE);
        assertEquals(0, exchanges.inFlight());
        assertEquals(0, spool.inUse(), "spool bytes still reserved");
        assertEquals(0, SpoolFiles.openAfterSettling(), "spool files still open");
        assertEquals(0, SpoolFiles.listed(), "files left in the spool directory");
    }

    @Test
    void aSendFirstClientPastTheCapFallsBackAndIsClosedWhenItStalls() throws Exception {
        double fallbacks = Scrape.now().value(FALLBACKS);
        try (LogCapture log = LogCapture.of(Class.forName("dev.transform.exchange.Spool"));
                RawHttp http = RawHttp.chunkedWithBuffers(base.getPort(), "/v1/encode/hex", CLIENT_BUFFERS)) {
            Uploader upload = new Uploader(http, CAP + 2 * SLACK);
            long stalledAt = upload.awaitStall();
            assertTrue(stalledAt < CAP + SLACK, "the server took " + stalledAt + " bytes past an 8 MiB cap");
            assertTrue(stalledAt > CAP, "the spool took only " + stalledAt + " bytes before the upload stalled");
            assertEquals(fallbacks + 1, Scrape.now().value(FALLBACKS));
            assertTrue(log.messages(Level.WARNING).stream().anyMatch(m -> m.contains("transform.limits.max-spool-size")),
                    "the log says which cap: " + log.messages(Level.WARNING));
            // Nobody reads: the stall timeout (8 s windows) closes the exchange, and the upload fails.
            upload.thread.join(45_000);
            assertFalse(upload.thread.isAlive(), "the stalled exchange was never closed");
            assertTrue(upload.failed, "the upload ended without an error though its connection was closed");
            assertEquals(0, exchanges.inFlight());
        }
    }

    @Test
    void aSlowReaderHoldsTheUploadBackAndReadingLetsItGoOn() throws Exception {
        long size = CAP + 2 * SLACK;
        try (RawHttp http = RawHttp.chunkedWithBuffers(base.getPort(), "/v1/slice", CLIENT_BUFFERS)) {
            Uploader upload = new Uploader(http, size);
            long stalledAt = upload.awaitStall();
            assertTrue(stalledAt < CAP + SLACK, "the server took " + stalledAt + " bytes though nobody read");
            assertTrue(upload.thread.isAlive() && !upload.failed, "the uploader is blocked, not failed");
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            // Reading lets the upload go on to its end, and the answer is the whole body.
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream body = new DigestInputStream(http.body(), digest)) {
                assertEquals(size, body.transferTo(OutputStream.nullOutputStream()));
            }
            upload.thread.join(30_000);
            assertEquals(size, upload.sent.get());
            assertFalse(upload.failed);
            assertArrayEquals(GeneratedBody.sha256(size), digest.digest());
        }
    }

    @Test
    void theInstanceTotalIsSharedByConcurrentExchanges() throws Exception {
        long size = CAP + 2 * SLACK;
        double fallbacks = Scrape.now().value(FALLBACKS);
        try (RawHttp first = RawHttp.chunkedWithBuffers(base.getPort(), "/v1/slice", CLIENT_BUFFERS);
                RawHttp second = RawHttp.chunkedWithBuffers(base.getPort(), "/v1/slice", CLIENT_BUFFERS)) {
            Uploader one = new Uploader(first, size);
            one.awaitStall();
            Uploader two = new Uploader(second, size);
            two.awaitStall();
            long inUse = spool.inUse();
            assertTrue(inUse <= TOTAL, inUse + " spool bytes on disk, over the instance's 12 MiB");
            assertTrue(inUse > CAP, "only " + inUse + " bytes spooled: the second exchange did not share the rest");
            assertEquals(fallbacks + 2, Scrape.now().value(FALLBACKS),
                    "one exchange stops at its own cap, the other at the instance's");
            byte[] expected = GeneratedBody.sha256(size);
            for (RawHttp http : new RawHttp[] {first, second}) {
                assertTrue(http.readHead().startsWith("HTTP/1.1 200"));
            }
            Reader readOne = new Reader(first);
            Reader readTwo = new Reader(second);
            readOne.thread.join(60_000);
            readTwo.thread.join(60_000);
            assertArrayEquals(expected, readOne.digest());
            assertArrayEquals(expected, readTwo.digest());
        }
    }

    /** Sends a generated body as chunks from a thread of its own and says how far it got. */
    private static final class Uploader {
        final AtomicLong sent = new AtomicLong();
        final Thread thread;
        volatile boolean failed;
        volatile String failure = "none: it sent the whole body";
        private final double fallbacksBefore;

        Uploader(RawHttp http, long size) {
            fallbacksBefore = Scrape.now().value(FALLBACKS);
            thread = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try (InputStream body = new GeneratedBody(size)) {
                    for (int n; (n = body.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                        http.sendChunk(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
                        sent.addAndGet(n);
                    }
                    http.endUpload();
                } catch (IOException e) {
                    failure = e.toString();
                    failed = true;
                } catch (RuntimeException | Error e) {
                    failure = "unexpected: " + e;
                    failed = true;
                    throw e;
                }
            }, "uploader");
            thread.start();
        }

        /**
         * Waits until the server's spool has stopped taking this upload (the fallback counter moves: a cap
         * is reached, and from then on only a reader would make room), then until the upload stops moving
         * for 1.5 s; checks it stays stopped, and says where. The fallback first, because before it the
         * upload moves at the pace of the disk, and a disk that pauses for 1.5 s on a busy machine would
         * pass for a stall (a worker-pool file operation has taken over 1 s in CI). A fallback that never
         * comes is left to the callers' checks after a minute.
         */
        long awaitStall() throws InterruptedException {
            Settle.until(() -> !thread.isAlive() || Scrape.now().value(FALLBACKS) > fallbacksBefore, Duration.ofMinutes(1));
            long stalledAt = -1;
            for (int i = 0, still = 0; i < 120 && still < 3; i++) {
                long now = sent.get();
                still = now == stalledAt ? still + 1 : 0;
                stalledAt = now;
                Thread.sleep(500);
            }
            Thread.sleep(600);
            assertEquals(stalledAt, sent.get(), "the upload kept going though nobody read the response");
            assertTrue(thread.isAlive(), () -> "the upload ended or failed instead of waiting, after " + sent.get()
                    + " bytes; its failure: " + failure);
            return stalledAt;
        }
    }

    /** Reads a response body from a thread of its own into a SHA-256. */
    private static final class Reader {
        final Thread thread;
        private final MessageDigest digest;

        Reader(RawHttp http) throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
            thread = new Thread(() -> {
                try (InputStream body = new DigestInputStream(http.body(), digest)) {
                    body.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "reader");
            thread.start();
        }

        byte[] digest() {
            assertFalse(thread.isAlive(), "the answer did not come within the time");
            return digest.digest();
        }
    }
}
