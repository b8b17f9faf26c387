package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 32 streams of mixed stages at once, each a full-duplex upload and download, every output checked
 * against a JDK oracle. They are started together and all held open before any upload ends, so the
 * server really holds 32 exchanges at one time.
 */
@QuarkusTest
class ConcurrentStreamsTest {

    private static final int STREAMS = 32;
    private static final int SIZE = 512 << 10;

    private record Kind(String path, byte[] input, byte[] expected) {
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void thirtyTwoMixedStreamsAtOnce() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(STREAMS);
        ExecutorService pool = Executors.newFixedThreadPool(STREAMS);
        try {
            List<Future<?>> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                Kind kind = kind(i);
                streams.add(pool.submit(() -> {
                    run(kind, allStarted);
                    return null;
                }));
            }
            for (Future<?> stream : streams) {
                stream.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, Scrape.now().value("transform_streams_in_flight"));
    }

    private static Kind kind(int i) {
        byte[] data = Http.random(SIZE, i);
        return switch (i % 8) {
            case 0 -> new Kind("/v1/slice?offset=1000&length=300000", data, java.util.Arrays.copyOfRange(data, 1000, 301_000));
            case 1 -> new Kind("/v1/encode/base64", data, Base64.getEncoder().encode(data));
            case 2 -> new Kind("/v1/decode/base64", Base64.getMimeEncoder().encode(data), data);
            case 3 -> new Kind("/v1/decompress/gzip", Oracles.gzip(data), data);
            case 4 -> new Kind("/v1/encode/hex", data, Oracles.hex(data).getBytes());
            case 5 -> new Kind("/v1/pipeline?step=compress:deflate&step=decompress:deflate", data, data);
            case 6 -> new Kind("/v1/pipeline?step=slice:offset=-70000&step=encode:base32", data,
                    Oracles.base32(java.util.Arrays.copyOfRange(data, SIZE - 70_000, SIZE), true).getBytes());
            default -> new Kind("/v1/slice", data, data);
        };
    }

    private void run(Kind kind, CountDownLatch allStarted) throws Exception {
        try (RawHttp http = new RawHttp(base.getPort(), kind.path())) {
            http.sendChunk(java.util.Arrays.copyOf(kind.input(), 1));
            allStarted.countDown();
            assertTrue(allStarted.await(60, TimeUnit.SECONDS), "all streams open at once");
            Thread uploader = http.uploadInBackground(new ByteArrayInputStream(kind.input(), 1, kind.input().length - 1));
            String head = http.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200"), kind.path() + ": " + head);
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            http.body().transferTo(new DigestOutputStream(java.io.OutputStream.nullOutputStream(), actual));
            uploader.join();
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(kind.expected()), actual.digest(), kind.path());
        }
    }
}
