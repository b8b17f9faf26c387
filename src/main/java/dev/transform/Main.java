package dev.transform;

import dev.transform.http.BufferCache;
import dev.transform.http.RequestTarget;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service. Two JVM system properties are set first, because what reads them is set up as
 * Quarkus starts, before any configuration the service could read: the check of the request target is
 * handed to the service's own framing filter, so an invalid target is answered with problem details
 * rather than Quarkus's bare 400 (see {@link RequestTarget}), and Netty's per-thread caches keep the
 * 64 KiB buffers every chunk is read into and written from (see {@link BufferCache}).
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        System.setProperty(RequestTarget.QUARKUS_CHECK_OFF, "true");
        BufferCache.keepChunks();
        Quarkus.run(args);
    }
}
