package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics}: requests, bytes in and out per stage, errors by type, aborted and in-flight streams. */
@QuarkusTest
class MetricsTest {

    private static final String ENCODE = "{stage=\"encode\"}";

    @Test
    void requestsAndBytesPerStage() {
        Scrape before = Scrape.now();
        byte[] data = Http.random(100_000, 9);
        Http.postBothWays("/v1/encode/hex", Map.of(), data, Http.TEXT);
        Scrape after = Scrape.now();
        assertEquals(before.value("transform_requests_total" + ENCODE) + 2, after.value("transform_requests_total" + ENCODE));
        assertEquals(before.value("transform_received_bytes_total" + ENCODE) + 2 * data.length,
                after.value("transform_received_bytes_total" + ENCODE));
        assertEquals(before.value("transform_sent_bytes_total" + ENCODE) + 4 * data.length,
                after.value("transform_sent_bytes_total" + ENCODE));
        assertEquals(0, after.value("transform_streams_in_flight"));
    }

    @Test
    void errorsByTypeAndAbortedStreams() throws Exception {
        String invalid = "transform_errors_total{stage=\"decode\",type=\"invalid-input\"}";
        String aborted = "transform_aborted_total{stage=\"decode\"}";
        Scrape before = Scrape.now();
        Http.endpointProblem(Http.fixed(Http.ascii("A*")).post("/v1/decode/base64"), 422, "invalid-input");
        // Bad input after the first 64 KiB of output: the status is out, so the stream is cut off. The
        // bad block comes in a chunk of its own: a server never joins chunks, however the bytes arrive,
        // so the 90,000 bytes before it are output (and the status committed) before it is read.
        Http.Raw cut = Http.postChunks("/v1/decode/base64", List.of(Http.ascii("AAAA".repeat(30_000)), Http.ascii("A*AA")));
        assertEquals(200, cut.status());
        assertEquals(Http.Ending.CUT, cut.ending());
        Scrape after = Scrape.now();
        assertEquals(before.value(invalid) + 2, after.value(invalid));
        assertEquals(before.value(aborted) + 1, after.value(aborted));
        assertTrue(after.sum("http_server_requests_seconds_count") > 0, "Quarkus's HTTP metrics are there too");
    }
}
