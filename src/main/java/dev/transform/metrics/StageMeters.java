package dev.transform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters of one stage's streams; see {@link StreamMetrics}. */
public final class StageMeters {

    /** The error type of a client that went away mid-stream (not a problem type: nobody is told). */
    public static final String CLIENT_GONE = "client-gone";

    /** The error type of a client that stopped sending or reading, or trickled (see Timeouts). */
    public static final String STALLED = "stalled";

    private final MeterRegistry registry;
    private final String stage;
    private final Counter requests;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter aborted;

    StageMeters(MeterRegistry registry, String stage) {
        this.registry = registry;
        this.stage = stage;
        this.requests = Counter.builder("transform.requests").tag("stage", stage)
                .description("Transform requests received").register(registry);
        this.bytesIn = Counter.builder("transform.received").tag("stage", stage).baseUnit("bytes")
                .description("Request body bytes read").register(registry);
        this.bytesOut = Counter.builder("transform.sent").tag("stage", stage).baseUnit("bytes")
                .description("Response body bytes written").register(registry);
        this.aborted = Counter.builder("transform.aborted").tag("stage", stage)
                .description("Streams cut off after their status was sent: an error late in the body, a client gone or stalled")
                .register(registry);
    }

    public void requested() {
        requests.increment();
    }

    public void received(long bytes) {
        bytesIn.increment(bytes);
    }

    public void sent(long bytes) {
        bytesOut.increment(bytes);
    }

    /**
     * A stream that failed: answered with a problem of {@code type}, or, when {@code afterCommit},
     * cut off. The error counter's lookup is not cached: errors are rare, and their types many.
     */
    public void failed(String type, boolean afterCommit) {
        Counter.builder("transform.errors").tag("stage", stage).tag("type", type)
                .description("Failed transform streams, by problem type (or client-gone, stalled)")
                .register(registry).increment();
        if (afterCommit) {
            aborted.increment();
        }
    }
}
