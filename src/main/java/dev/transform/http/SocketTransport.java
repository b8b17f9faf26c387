package dev.transform.http;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Warns at start when the sockets were meant to run on epoll and do not. The JVM build ships Netty's epoll
 * for Linux ({@code quarkus.vertx.prefer-native-transport}); where its library does not load (a temporary
 * directory mounted noexec, a C library it was not built for) Vert.x falls back to NIO without a word, and
 * slice runs 4-9% slower (docs/benchmarks.md, "Epoll instead of NIO"). Native executables stay on NIO by
 * Quarkus's design, and other systems have no epoll: nothing to warn about there.
 */
@Singleton
class SocketTransport {

    private static final Logger LOG = Logger.getLogger(SocketTransport.class);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.vertx.prefer-native-transport", defaultValue = "false")
    boolean epollWanted;

    void started(@Observes StartupEvent event) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        if (epollWanted && linux && ImageMode.current() == ImageMode.JVM && !vertx.isNativeTransportEnabled()) {
            LOG.warn("Sockets run on NIO: Netty's epoll library did not load (is the temporary directory, java.io.tmpdir"
                    + " or io.netty.native.workdir, mounted noexec?); the service works, slower. Set"
                    + " quarkus.vertx.prefer-native-transport=false to say NIO is meant.");
        }
    }
}
