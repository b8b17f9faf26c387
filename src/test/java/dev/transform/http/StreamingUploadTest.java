package dev.transform.http;

import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.GZIP;
import static dev.transform.http.Http.JSON;
import static dev.transform.http.Http.TEXT;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.assertText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads that arrive in tiny pieces (1-byte chunks on a raw socket, a trickling InputStream through
 * java.net.http) and uploads that are answered before they end.
 */
@QuarkusTest
class StreamingUploadTest {

    @TestHTTPResource("/")
    URL root;

    static Stream<Arguments> everyEndpointInOneBytePieces() {
        byte[] data = Http.random(333, 333);
        return Stream.of(
                Arguments.of("/v1/slice?offset=7&length=300", data, BINARY, java.util.Arrays.copyOfRange(data, 7, 307)),
                Arguments.of("/v1/encode/base64?lineLength=10", data, TEXT,
                        ascii(Oracles.lines(Base64.getEncoder().encodeToString(data), 10))),
                Arguments.of("/v1/encode/base32?padding=false", data, TEXT, ascii(Oracles.base32(data, false))),
                Arguments.of("/v1/encode/hex?case=upper", data, TEXT, ascii(HexFormat.of().withUpperCase().formatHex(data))),
                Arguments.of("/v1/decode/base64url", ascii(Base64.getUrlEncoder().encodeToString(data)), BINARY, data),
                Arguments.of("/v1/decode/base32", ascii(Oracles.base32(data, true)), BINARY, data),
                Arguments.of("/v1/decode/hex", ascii(HexFormat.of().formatHex(data)), BINARY, data),
                Arguments.of("/v1/decompress/gzip", Oracles.gzip(data), BINARY, data),
                Arguments.of("/v1/decompress/deflate", Oracles.zlib(data, 9), BINARY, data),
                Arguments.of("/v1/decompress/deflate-raw", Oracles.rawDeflate(data, 1), BINARY, data),
                Arguments.of("/v1/digest?algorithm=sha-1", data, JSON,
                        ascii("{\"bytes\":333,\"digests\":{\"sha-1\":\"" + Oracles.hex(Oracles.digest("sha-1", data))
                                + "\"}}")),
                Arguments.of("/v1/pipeline?step=encode:hex&step=decode:hex", data, BINARY, data));
    }

    @ParameterizedTest
    @MethodSource("everyEndpointInOneBytePieces")
    void oneBytePieces(String path, byte[] body, String type, byte[] expected) throws Exception {
        Http.Raw raw = Http.postInPieces(path, body, 1);
        Http.assertRawOk(raw, type);
        assertBytes(expected, raw.body());
    }

    @Test
    void compressInOneBytePieces() throws Exception {
        byte[] data = Http.compressible(500);
        for (String format : List.of("gzip", "deflate", "deflate-raw")) {
            Http.Raw raw = Http.postInPieces("/v1/compress/" + format + "?level=9", data, 1);
            Http.assertRawOk(raw, format.equals("gzip") ? GZIP : BINARY);
            assertBytes(data, Oracles.decompress(format, raw.body()));
        }
    }

    /** java.net.http with an InputStream that hands over one byte per read: chunked, in tiny pieces. */
    @Test
    void tricklingInputStream() throws Exception {
        byte[] data = Http.random(2000, 2);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "v1/encode/base64url?padding=false"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", BINARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Trickle(data))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(TEXT, response.headers().firstValue("content-type").orElseThrow());
        assertText(Base64.getUrlEncoder().withoutPadding().encodeToString(data), response.body());
    }

    /** Empty bodies both ways, and a chunked body that is only its last chunk. */
    @Test
    void emptyChunkedBody() throws Exception {
        Http.Raw raw = Http.postChunks("/v1/encode/hex", List.of());
        Http.assertRawOk(raw, TEXT);
        assertEquals(0, raw.body().length);
        raw = Http.postChunks("/v1/digest?algorithm=crc32", List.of());
        Http.assertRawOk(raw, JSON);
        assertEquals("{\"bytes\":0,\"digests\":{\"crc32\":\"00000000\"}}", raw.text());
    }

    /**
     * The answer starts before the upload ends: after 512 KiB of a chunked upload the client reads
     * the status and the first hex output while the rest has not been sent.
     */
    @Test
    void answersBeforeTheUploadEnds() throws Exception {
        byte[] first = Http.random(512 * 1024, 5);
        try (Socket socket = new Socket("localhost", root.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /v1/encode/hex HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n"));
            out.write(ascii(Integer.toHexString(first.length) + "\r\n"));
            out.write(first);
            out.write(ascii("\r\n"));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-type: " + TEXT.toLowerCase()), head);
            String size = Http.line(in);
            int chunk = Integer.parseInt(size.trim(), 16);
            assertTrue(chunk > 0);
            byte[] start = in.readNBytes(Math.min(chunk, 64));
            assertEquals(HexFormat.of().formatHex(first, 0, start.length / 2), ascii(start));
            // Finish the upload politely; the rest of the answer is not needed.
            out.write(ascii("0\r\n\r\n"));
            out.flush();
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        for (String line = Http.line(in); !line.isEmpty(); line = Http.line(in)) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    /** Hands over its bytes one per read call. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private int position;

        Trickle(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            b[off] = data[position++];
            return 1;
        }
    }

    /** A client that asks before sending its body is told to go on once the request is admitted, and refused otherwise. */
    @Test
    void expectContinue() throws Exception {
        try (Socket socket = new Socket("localhost", root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(ascii("POST /v1/encode/hex HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                    + "Expect: 100-continue\r\n\r\n"));
            out.flush();
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(in.readNBytes(25), java.nio.charset.StandardCharsets.US_ASCII));
            out.write(ascii("ab"));
            out.flush();
            Http.Raw raw = Http.read(in);
            assertEquals(200, raw.status());
            assertEquals("6162", raw.text());
        }
        try (Socket socket = new Socket("localhost", root.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ascii("POST /v1/encode/nonsense HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
            Http.Raw raw = Http.read(socket.getInputStream());
            assertEquals(400, raw.status(), "a bad request is answered without asking for the body");
        }
    }
}
