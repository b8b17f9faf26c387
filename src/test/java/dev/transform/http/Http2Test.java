package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cleartext HTTP/2 (h2c), both ways a client gets there: with prior knowledge (as
 * {@code curl --http2-prior-knowledge}) and by upgrading an HTTP/1.1 connection (Vert.x's client both
 * ways, the JDK's client by upgrade).
 * 50 MB stream through {@code encode/hex} and come back right, checked against an independent hex
 * of the same bytes; an error after the response has started resets just that stream (RST_STREAM).
 */
@QuarkusTest
class Http2Test {

    private static final long SIZE = 50_000_000;

    private static Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void priorKnowledgeStreams50MegabytesThroughHex() throws Exception {
        HttpClient client = vertx.createHttpClient(h2c().setHttp2ClearTextUpgrade(false));
        try {
            streamsThroughHex(client);
        } finally {
            client.close();
        }
    }

    @Test
    void upgradedConnectionStreams50MegabytesThroughHex() throws Exception {
        HttpClient client = vertx.createHttpClient(h2c().setHttp2ClearTextUpgrade(true));
        try {
            // The first request on the connection carries the Upgrade: h2c; the upload then runs over HTTP/2.
            HttpVersion first = client.request(HttpMethod.GET, base.getPort(), "localhost", "/v1/stages")
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> response.version()))
                    .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertEquals(HttpVersion.HTTP_2, first, "the connection was upgraded to h2c");
            streamsThroughHex(client);
        } finally {
            client.close();
        }
    }

    /**
     * The JDK's client upgrades too. It reads no response before its upload is out, so what it gets back
     * must fit its 16 MB stream window: 4 MB in, 8 MB of hex out.
     */
    @Test
    void theJdkClientUpgradesToo() throws Exception {
        // Not closed: java.net.http.HttpClient is AutoCloseable only from Java 21; its connections go with it.
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        byte[] data = Http.random(4 << 20, 13);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "v1/encode/hex"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, response.version(), "the connection was upgraded to h2c");
        Http.assertText(HexFormat.of().formatHex(data), response.body());
    }

    /** 50 MB through encode/hex on {@code client}'s connection, over HTTP/2, checked against the JDK's HexFormat. */
    private void streamsThroughHex(HttpClient client) throws Exception {
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        AtomicLong length = new AtomicLong();
        HttpVersion version = client.request(HttpMethod.POST, base.getPort(), "localhost", "/v1/encode/hex")
                .compose(request -> {
                    Future<io.vertx.core.http.HttpClientResponse> response = request.response();
                    request.setChunked(true);
                    upload(request, new GeneratedBody(SIZE));
                    return response;
                })
                .compose(response -> {
                    assertEquals(200, response.statusCode());
                    response.handler(chunk -> {
                        received.update(chunk.getBytes());
                        length.addAndGet(chunk.length());
                    });
                    return response.end().map(v -> response.version());
                })
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        assertEquals(HttpVersion.HTTP_2, version);
        assertEquals(2 * SIZE, length.get());
        assertArrayEquals(hexSha256(SIZE), received.digest());
    }

    /** A target java.net.URI rejects is a problem on its own stream; the connection goes on serving. */
    @Test
    void anInvalidTargetIsAProblemOnItsStreamAlone() throws Exception {
        HttpClient client = vertx.createHttpClient(h2c().setHttp2ClearTextUpgrade(false));
        try {
            String[] bad = post(client, "/v1/slice?offset=%zz", "hi");
            assertEquals("400 application/problem+json HTTP_2", bad[0]);
            assertTrue(bad[1].contains("request target is not a valid URI"), bad[1]);
            String[] good = post(client, "/v1/encode/hex", "hi");
            assertEquals("200 text/plain; charset=US-ASCII HTTP_2", good[0]);
            assertEquals("6869", good[1]);
        } finally {
            client.close();
        }
    }

    /** Status, media type and version, then the body, of a small POST on {@code client}. */
    private String[] post(HttpClient client, String target, String body) throws Exception {
        return client.request(HttpMethod.POST, base.getPort(), "localhost", target)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(text -> new String[] {
                    response.statusCode() + " " + response.getHeader("Content-Type") + " " + response.version(),
                    text.toString()}))
                .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }

    @Test
    void anErrorAfterTheResponseStartedResetsTheStream() throws Exception {
        // 1 MiB of gzip output, then a broken trailer: the status is out long before the error shows.
        byte[] gzip = Oracles.gzip(Http.random(1 << 20, 11));
        gzip[gzip.length - 5] ^= 0x55;
        HttpClient client = vertx.createHttpClient(h2c().setHttp2ClearTextUpgrade(false));
        try {
            AtomicLong length = new AtomicLong();
            Promise<Integer> status = Promise.promise();
            Throwable failure = client.request(HttpMethod.POST, base.getPort(), "localhost", "/v1/decompress/gzip")
                    .compose(request -> request.send(Buffer.buffer(gzip)))
                    .compose(response -> {
                        status.complete(response.statusCode());
                        response.handler(chunk -> length.addAndGet(chunk.length()));
                        return response.end();
                    })
                    .transform(done -> Future.succeededFuture(done.cause()))
                    .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertEquals(200, status.future().result());
            assertInstanceOf(StreamResetException.class, failure, "the stream was reset, not ended");
            assertTrue(length.get() > 0 && length.get() < 1 << 20, "part of the output came: " + length.get());
            // Only that stream: the connection still takes the next one.
            String hex = client.request(HttpMethod.POST, base.getPort(), "localhost", "/v1/encode/hex")
                    .compose(request -> request.send(Buffer.buffer("hi")))
                    .compose(response -> response.body())
                    .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES).toString(StandardCharsets.US_ASCII);
            assertEquals("6869", hex);
        } finally {
            client.close();
        }
    }

    /** HTTP/2 over one plain connection. */
    private static HttpClientOptions h2c() {
        return new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2MaxPoolSize(1);
    }

    /** Writes {@code body} to {@code request} as the stream lets it, then ends it. */
    private static void upload(HttpClientRequest request, InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (!request.writeQueueFull()) {
                int n = body.read(buffer);
                if (n < 0) {
                    request.end();
                    return;
                }
                request.write(Buffer.buffer(Arrays.copyOf(buffer, n)));
            }
        } catch (java.io.IOException e) {
            request.reset(0, e);
            return;
        }
        request.drainHandler(v -> upload(request, body));
    }

    /** The SHA-256 of the lower-case hex of a {@link GeneratedBody} of {@code size} bytes, made with the JDK's HexFormat. */
    private static byte[] hexSha256(long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        try (GeneratedBody body = new GeneratedBody(size)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                digest.update(hex.formatHex(buffer, 0, n).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return digest.digest();
    }
}
