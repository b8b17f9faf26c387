package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The "both ways" tests rely on {@link Http#fixed} sending a Content-Length and {@link Http#chunked}
 * sending chunks: once, a ByteArrayInputStream made both send a Content-Length (REST Assured asks it
 * for its length), so no endpoint test sent chunks through REST Assured at all, and a test that
 * needed the server to see its body in pieces depended on how TCP happened to deliver it.
 */
class RequestFramingTest {

    private static final byte[] BODY = Http.random(20_000, 5);

    @Test
    void fixedSendsAContentLength() throws Exception {
        Map<String, String> head = headOfRequestMadeBy(Http::fixed);
        assertEquals(String.valueOf(BODY.length), head.get("content-length"));
        assertNull(head.get("transfer-encoding"));
    }

    @Test
    void chunkedSendsChunks() throws Exception {
        Map<String, String> head = headOfRequestMadeBy(Http::chunked);
        assertEquals("chunked", head.get("transfer-encoding"));
        assertNull(head.get("content-length"));
    }

    /** Sends {@link #BODY} with {@code request} to a socket that reads it, answers 204, and returns the header fields it got. */
    private static Map<String, String> headOfRequestMadeBy(Function<byte[], RequestSpecification> request) throws Exception {
        ExecutorService socketSide = Executors.newSingleThreadExecutor(new DefaultThreadFactory("framing-test-socket", true));
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(30_000);
            // Its own thread, not the common pool: on two cores that pool has one thread, and REST Assured's
            // Groovy waits on a task of its own there the first time it runs on JDK 25 (Java9.getDefaultImportClasses),
            // behind this accept, which then waits for a request that never comes.
            CompletableFuture<Map<String, String>> head = CompletableFuture.supplyAsync(() -> answer(server), socketSide);
            // Should the socket's side fail, the client must fail too, not wait for an answer: a retry of its
            // request would otherwise sit in the listener's backlog, which nobody accepts from any more.
            head.whenComplete((fields, failure) -> {
                if (failure != null) {
                    closeQuietly(server);
                }
            });
            try {
                request.apply(BODY).post("http://127.0.0.1:" + server.getLocalPort() + "/framing");
            } catch (Exception clientFailed) { // REST Assured throws IOExceptions unchecked, as Groovy does
                head.get(30, TimeUnit.SECONDS); // the socket side's failure, when there is one, says more than the client's
                throw clientFailed;
            }
            return head.get(30, TimeUnit.SECONDS);
        } finally {
            socketSide.shutdownNow();
        }
    }

    private static void closeQuietly(ServerSocket server) {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    private static Map<String, String> answer(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(30_000); // a client that stalls after connecting fails the test, not hangs it
            InputStream in = socket.getInputStream();
            Http.line(in); // the request line
            Map<String, String> fields = Http.headerFields(in);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (fields.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(fields.get("content-length"))));
            } else {
                assertEquals(Http.Ending.COMPLETE, Http.readChunks(in, body, new LinkedHashMap<>()), "the chunks' framing");
            }
            Http.assertBytes(BODY, body.toByteArray());
            socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return fields;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
