package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * On the JVM the sockets run on epoll where the build ships it. If its library stops loading (classifier
 * jars that do not match Netty's version, a noexec temporary directory), Vert.x quietly falls back to
 * NIO and the service is slower with nothing in the log: this is where that shows.
 */
@QuarkusTest
@EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void theServerRunsOnEpoll() {
        assertTrue(Epoll.isAvailable(), () -> "epoll's library does not load: " + Epoll.unavailabilityCause());
        assertTrue(vertx.isNativeTransportEnabled(), "epoll loads, but Vert.x runs on NIO: is quarkus.vertx.prefer-native-transport set?");
    }
}
