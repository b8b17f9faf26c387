package dev.transform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The transform streams' meters at {@code /q/metrics}: per stage (the endpoint: slice, encode, ...,
 * pipeline) requests, bytes in and out, errors by problem type and aborted streams; and the streams
 * in flight. Each stage's meters are looked up once, so a stream only adds to counters.
 */
@Singleton
public class StreamMetrics {

    private final MeterRegistry registry;
    private final Map<String, StageMeters> stages = new ConcurrentHashMap<>();

    StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public StageMeters stage(String stage) {
        return stages.computeIfAbsent(stage, name -> new StageMeters(registry, name));
    }

    /** Publishes the number of streams in flight, read when scraped. */
    public void inFlight(Supplier<Number> streams) {
        Gauge.builder("transform.streams.in.flight", streams).description("Transform streams running now")
                .register(registry);
    }
}
