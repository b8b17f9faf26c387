package dev.transform.http;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether the process has been told to stop (SIGTERM, as Kubernetes and Lambda stop it). From then
 * on new streams are refused with 503 and readiness is down, while the streams in flight finish
 * within quarkus.shutdown.timeout. Quarkus's own graceful shutdown waits for them but still lets
 * new requests in (it only adds Connection: close), so this takes its cue from a JVM shutdown hook,
 * which runs as soon as the signal arrives, alongside the one that starts Quarkus's shutdown.
 */
@Readiness
@Singleton
public class Draining implements HealthCheck {

    private volatile boolean draining;
    private final Thread hook = new Thread(() -> draining = true, "transform-draining");

    void started(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** An application stopped without the JVM stopping (tests, dev mode) takes its hook away. */
    void stopped(@Observes ShutdownEvent event) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException jvmStopping) {
            // the hook has run or is running: nothing to take away
        }
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting streams").status(!draining).build();
    }
}
