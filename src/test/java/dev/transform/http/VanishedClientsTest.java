package dev.transform.http;

import dev.transform.exchange.Exchanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.testing.ServerResources;
import dev.transform.testing.Settle;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.transform.testing.NativeLeakCheck;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that vanish mid-exchange, on every stage: uploads cut off (announced with Content-Length
 * and chunked, closed in order and reset) and readers that go away mid-response. Afterwards every
 * exchange has ended, the server holds no more file descriptors or Netty direct memory than before,
 * no zlib stream is left open (NativeLeakCheck: compress, decompress and the pipeline hold them),
 * the leak detector (paranoid, see LeakCheck) has nothing to say, and answers are still right.
 */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
class VanishedClientsTest {

    private static final int BODY = 1 << 20;
    private static final int CUT = 256 << 10;
    private static final int PIECE = 16 << 10;
    private static final int ROUNDS = 3;

    enum Route {
        SLICE("/v1/slice?offset=10", UnaryOperator.identity()),
        ENCODE("/v1/encode/base64", UnaryOperator.identity()),
        DECODE("/v1/decode/base64", data -> Base64.getEncoder().encode(data)),
        COMPRESS("/v1/compress/gzip", UnaryOperator.identity()),
        DECOMPRESS("/v1/decompress/gzip", Oracles::gzip),
        DIGEST("/v1/digest", UnaryOperator.identity()),
        PIPELINE("/v1/pipeline?step=decompress:gzip&step=encode:hex&step=compress:deflate", Oracles::gzip);

        final String path;
        final byte[] body;

        Route(String path, UnaryOperator<byte[]> input) {
            this.path = path;
            this.body = input.apply(Http.random(BODY, path.length()));
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Exchanges exchanges;

    @Test
    void theServiceOutlivesClientsThatVanish() throws Exception {
        // Two rounds first, so that connection pools and lazily made state have settled (what Netty's
        // pools and caches keep is not counted, see ServerResources).
        int faults = vanishEverywhere();
        vanishEverywhere();
        ServerResources baseline = settled();
        double requestsBefore = Scrape.now().sum("transform_requests_total");
        for (int round = 0; round < ROUNDS; round++) {
            vanishEverywhere();
        }
        settled();
        Settle.until(() -> ServerResources.now().within(baseline), Settle.EXCHANGE);
        ServerResources after = ServerResources.now();
        System.out.printf("%d vanished clients: before %s; after %s%n", faults * ROUNDS, baseline, after);
        assertTrue(after.within(baseline), "before " + baseline + ", after " + after);
        assertEquals(requestsBefore + faults * ROUNDS, Scrape.now().sum("transform_requests_total"),
                "every vanished client's request reached its exchange");
        assertEquals(0, Scrape.now().value("transform_streams_in_flight"));
        byte[] data = Http.random(300_000, 3);
        Http.assertText(Base64.getEncoder().encodeToString(data),
                Http.ascii(Http.postBothWays("/v1/encode/base64", Map.of(), data, Http.TEXT)));
    }

    /** Every kind of vanishing on every route, once; returns how many exchanges were abandoned. */
    private int vanishEverywhere() throws Exception {
        int faults = 0;
        for (Route route : Route.values()) {
            for (boolean chunked : new boolean[] {false, true}) {
                for (boolean reset : new boolean[] {false, true}) {
                    cutUpload(route, chunked, reset);
                    faults++;
                }
            }
            readerGone(route);
            faults++;
        }
        return faults;
    }

    private void cutUpload(Route route, boolean chunked, boolean reset) throws IOException {
        try (RawHttp http = chunked ? new RawHttp(base.getPort(), route.path)
                : RawHttp.withLength(base.getPort(), route.path, route.body.length)) {
            for (int at = 0; at < CUT; at += PIECE) {
                if (chunked) {
                    http.sendChunk(Arrays.copyOfRange(route.body, at, at + PIECE));
                } else {
                    http.sendRaw(route.body, at, at + PIECE);
                }
            }
            if (reset) {
                http.vanish();
            }
        }
    }

    /** Uploads the whole body, reads a little of the answer and goes away. */
    private void readerGone(Route route) throws Exception {
        try (RawHttp http = RawHttp.withLength(base.getPort(), route.path, route.body.length)) {
            Thread uploader = new Thread(() -> {
                try {
                    for (int at = 0; at < route.body.length; at += PIECE) {
                        http.sendRaw(route.body, at, Math.min(at + PIECE, route.body.length));
                    }
                } catch (IOException gone) {
                    // the reader below has closed the socket
                }
            });
            uploader.start();
            http.rawInput().read(new byte[16 << 10]);
            http.vanish();
            uploader.join(10_000);
        }
    }

    /** Waits until the server has ended every exchange, then reads what it holds. */
    private ServerResources settled() throws InterruptedException {
        Settle.until(() -> exchanges.inFlight() == 0, Settle.EXCHANGE);
        assertEquals(0, exchanges.inFlight(), "exchanges still running after their clients vanished");
        return ServerResources.now();
    }
}
