package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sockets run on epoll where the build ships it. If its library stops loading (a Netty version the
 * classifier jars do not match, a missing CPU), Vert.x quietly falls back to NIO and the service is
 * slower with nothing in the log: this is where that shows.
 */
@QuarkusTest
@EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void theServerRunsOnEpoll() {
        assertTrue(vertx.isNativeTransportEnabled(), () -> "epoll unavailable: " + vertx.unavailableNativeTransportCause());
    }
}
