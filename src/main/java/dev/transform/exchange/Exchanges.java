package dev.transform.exchange;

import dev.transform.catalogue.StageCatalogue.Plan;
import dev.transform.config.Limits;
import dev.transform.config.Timeouts;
import dev.transform.http.Draining;
import dev.transform.metrics.StreamMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.Readiness;
import java.util.function.Supplier;

/**
 * Starts {@link Exchange}s with what every one of them obeys: the limits, the timeouts, the meters,
 * the instance's budget of concurrent streams and its {@link SpoolBudget}.
 */
@Singleton
public class Exchanges {

    final Vertx vertx;
    final long maxBodyBytes;
    final long maxOutputBytes;
    final long idleMillis;
    /** Bytes in plus out that each idle window must see; fewer is a stalled client. */
    final long minBytesPerWindow;
    private final int maxStreams;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final StreamMetrics metrics;
    private final Draining draining;
    final SpoolBudget spoolBudget;

    Exchanges(Vertx vertx, Limits limits, Timeouts timeouts, StreamMetrics metrics,
            @Readiness Draining draining, SpoolBudget spoolBudget) {
        this.vertx = vertx;
        this.draining = draining;
        this.spoolBudget = spoolBudget;
        this.maxBodyBytes = limits.maxBodySize().asLongValue();
        this.maxOutputBytes = limits.maxOutputSize().map(size -> size.asLongValue()).orElse(ResponseOutput.NO_LIMIT);
        this.maxStreams = limits.maxConcurrentStreams();
        this.idleMillis = timeouts.idle().toMillis();
        this.minBytesPerWindow = Math.max(1, timeouts.minRate().asLongValue() * idleMillis / 1000);
        this.metrics = metrics;
        metrics.inFlight(inFlight::get);
    }

    /** Streams the request through the plan {@code planner} makes; {@code stage} names it in the metrics. */
    public Uni<Response> run(HttpServerRequest request, String stage, Supplier<Plan> planner) {
        return Exchange.run(this, request, metrics.stage(stage), planner);
    }

    /** Takes a stream slot if one is free and the process is not stopping; each is given back with {@link #leave()}. */
    boolean admit() {
        if (draining.isDraining()) {
            return false;
        }
        int now;
        do {
            now = inFlight.get();
            if (now >= maxStreams) {
                return false;
            }
        } while (!inFlight.compareAndSet(now, now + 1));
        return true;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** Streams running now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Why {@link #admit()} said no. */
    String refusal() {
        return draining.isDraining() ? "the service is shutting down; retry, and another instance will answer"
                : "the service is running its maximum of " + maxStreams + " concurrent streams; retry shortly";
    }
}
