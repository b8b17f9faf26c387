package dev.transform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/** The spool's meters at {@code /q/metrics}: bytes written to spool files, bytes on disk now, fallbacks to backpressure. */
@Singleton
public class SpoolMeters {

    private final MeterRegistry registry;
    private final Counter spooled;
    private final Counter fallbacks;

    public SpoolMeters(MeterRegistry registry) {
        this.registry = registry;
        this.spooled = Counter.builder("transform.spooled").baseUnit("bytes")
                .description("Upload bytes written to spool files for clients that send before they read")
                .register(registry);
        this.fallbacks = Counter.builder("transform.spool.fallbacks")
                .description("Exchanges that hit a spool cap or a failing disk and fell back to backpressure")
                .register(registry);
    }

    public void spooled(long bytes) {
        spooled.increment(bytes);
    }

    public void fellBack() {
        fallbacks.increment();
    }

    /** Publishes the spool bytes on disk, read when scraped. */
    public void inUse(Supplier<Number> bytes) {
        Gauge.builder("transform.spool.in.use", bytes).baseUnit("bytes")
                .description("Spool bytes on disk now, all exchanges together").register(registry);
    }
}
