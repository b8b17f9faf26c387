package dev.transform.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What the HTTP tests share: test data, requests sent with Content-Length, chunked by REST Assured
 * or chunked by hand over a raw socket, and the checks every problem response must pass.
 */
final class Http {

    static final String BINARY = "application/octet-stream";
    static final String TEXT = "text/plain; charset=US-ASCII";
    static final String GZIP = "application/gzip";
    static final String JSON = "application/json";
    static final String PROBLEM = "application/problem+json";

    /** Body sizes around every block size and the server's 64 KiB chunk size. */
    static final int[] SIZES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 31, 257, 1000, 4099, 65_535, 65_537, 200_003};

    private Http() {
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Text-like bytes that compress well but are not all one value. */
    static byte[] compressible(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        String words = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ";
        for (int i = 0; i < size; i++) {
            bytes[i] = random.nextInt(50) == 0 ? (byte) random.nextInt(256) : (byte) words.charAt(i % words.length());
        }
        return bytes;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    // ---- requests ----

    /** A request with a Content-Length body. */
    static RequestSpecification fixed(byte[] body) {
        return given().contentType(BINARY).body(body);
    }

    /**
     * A request whose body REST Assured sends chunked, as it does an InputStream whose length it
     * cannot know. Not a bare ByteArrayInputStream: for that one it asks {@code available()} and
     * sends a Content-Length (checked by {@link RequestFramingTest}).
     */
    static RequestSpecification chunked(byte[] body) {
        return given().contentType(BINARY).body(new BufferedInputStream(new ByteArrayInputStream(body)));
    }

    /** Posts {@code body} both ways and checks both answers are 200 with {@code type}; returns the body. */
    static byte[] postBothWays(String path, Map<String, ?> query, byte[] body, String type) {
        byte[] viaLength = ok(fixed(body).queryParams(query).post(path), type);
        byte[] viaChunks = ok(chunked(body).queryParams(query).post(path), type);
        assertBytes(viaLength, viaChunks);
        return viaLength;
    }

    static byte[] ok(Response response, String type) {
        assertEquals(200, response.statusCode(), () -> "status; body: " + response.asString());
        assertEquals(type, response.contentType(), "Content-Type");
        return response.asByteArray();
    }

    /** assertEquals for long texts, reporting where they part rather than both in full. */
    static void assertText(String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 20);
        throw new AssertionError("texts of " + expected.length() + " and " + actual.length() + " chars part at " + i
                + ": expected ..." + expected.substring(from, Math.min(expected.length(), i + 20)) + "... but was ..."
                + actual.substring(from, Math.min(actual.length(), i + 20)) + "...");
    }

    static void assertBytes(byte[] expected, byte[] actual) {
        int i = java.util.Arrays.mismatch(expected, actual);
        if (i >= 0) {
            throw new AssertionError(expected.length + " bytes expected, " + actual.length + " received; first difference at "
                    + i);
        }
    }

    // ---- problem details ----

    /** Checks a problem response and returns its JSON. */
    static JsonPath problem(Response response, int status, String slug) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), () -> "status; body: " + body);
        assertEquals(PROBLEM, response.contentType(), () -> "Content-Type; body: " + body);
        return problem(body, status, slug);
    }

    static JsonPath problem(String body, int status, String slug) {
        JsonPath json = new JsonPath(body);
        assertEquals("urn:transform-api:problem:" + slug, json.getString("type"), body);
        assertNotNull(json.getString("title"), body);
        assertFalse(json.getString("title").isBlank(), body);
        assertEquals(status, json.getInt("status"), body);
        assertNotNull(json.getString("detail"), body);
        assertFalse(json.getString("detail").isBlank(), body);
        for (String internal : List.of("at dev.", "at io.", "at java.", "Exception", "\tat ", ".java:")) {
            assertFalse(body.contains(internal), () -> "internals leak into the problem: " + body);
        }
        return json;
    }

    /** A problem from a single-stage endpoint: it never names a step. */
    static JsonPath endpointProblem(Response response, int status, String slug) {
        JsonPath json = problem(response, status, slug);
        assertNull(json.get("step"), () -> "an endpoint problem names a step: " + response.asString());
        return json;
    }

    static void assertOffset(JsonPath json, long offset) {
        assertNotNull(json.get("offset"), () -> "no offset in " + json.prettify());
        assertEquals(offset, json.getLong("offset"), () -> json.prettify());
    }

    // ---- raw HTTP/1.1 over a socket ----

    /**
     * How a response body ended: with its last chunk (or all its Content-Length); cut off cleanly,
     * the connection ending while the chunks so far were well framed, as the service aborts a
     * stream; or with framing no HTTP server may send, which is never an abort.
     */
    enum Ending { COMPLETE, CUT, MALFORMED }

    /** A response read off a raw socket; {@code trailers} are the fields after a chunked body's last chunk. */
    record Raw(int status, Map<String, String> headers, byte[] body, Ending ending, Map<String, String> trailers) {

        boolean complete() {
            return ending == Ending.COMPLETE;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String trailer(String name) {
            return trailers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Posts {@code body} as {@code Transfer-Encoding: chunked} with one chunk per {@code pieceSize} bytes. */
    static Raw postInPieces(String pathAndQuery, byte[] body, int pieceSize) throws IOException {
        return postInPieces(pathAndQuery, body, pieceSize, "X-Test: plain");
    }

    /** As {@link #postInPieces(String, byte[], int)}, with more header fields: {@code fields} ("Name: value", CRLF between). */
    static Raw postInPieces(String pathAndQuery, byte[] body, int pieceSize, String fields) throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < body.length; i += pieceSize) {
            pieces.add(java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + pieceSize)));
        }
        return postChunks(pathAndQuery, pieces, fields);
    }

    static Raw postChunks(String pathAndQuery, List<byte[]> chunks) throws IOException {
        return postChunks(pathAndQuery, chunks, "X-Test: plain");
    }

    /**
     * Posts {@code chunks} with one more header field, {@code field} ("Name: value"). A server that ends
     * the connection before it has the whole body (an aborted stream) makes the upload fail; then, as
     * curl does, the client stops sending and reads what was answered, and the reading tells how it ended.
     */
    static Raw postChunks(String pathAndQuery, List<byte[]> chunks, String field) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + field + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.flush();
            try {
                for (byte[] chunk : chunks) {
                    out.write(ascii(Integer.toHexString(chunk.length) + "\r\n"));
                    out.write(chunk);
                    out.write(ascii("\r\n"));
                    out.flush();
                }
                out.write(ascii("0\r\n\r\n"));
                out.flush();
            } catch (SocketException refused) {
                // Reset or closed by the server: its answer, if any, is already on the way in.
            }
            return read(socket.getInputStream());
        }
    }

    /**
     * Posts {@code body} with its Content-Length, {@code pieceSize} bytes at a time with a pause
     * between pieces, and reads the answer only once all of it is sent, as most clients do.
     */
    static Raw postWholeSlowly(String pathAndQuery, byte[] body, int pieceSize, long pauseMillis)
            throws IOException, InterruptedException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n"));
            for (int i = 0; i < body.length; i += pieceSize) {
                out.write(body, i, Math.min(pieceSize, body.length - i));
                out.flush();
                Thread.sleep(pauseMillis);
            }
            return read(socket.getInputStream());
        }
    }

    /** Sends a request written by hand (headers and body) and reads the answer. */
    static Raw exchange(byte[] request) throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    private static Socket open() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Reads one response, and how its body ended (see {@link Ending}). */
    static Raw read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = headerFields(in);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> trailers = new LinkedHashMap<>();
        Ending ending = Ending.COMPLETE;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ending = readChunks(in, body, trailers);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            byte[] bytes = in.readNBytes(length);
            ending = bytes.length == length ? Ending.COMPLETE : Ending.CUT;
            body.write(bytes);
        } else {
            body.write(in.readAllBytes());
        }
        return new Raw(status, headers, body.toByteArray(), ending, trailers);
    }

    /** The header fields up to the empty line after them, by lower-case name. */
    static Map<String, String> headerFields(InputStream in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return fields;
    }

    /**
     * Reads chunks into {@code body} until the last one or the connection's end, and the trailer
     * fields after the last one into {@code trailers}. The end of the connection (in order or reset)
     * is a cut wherever it falls, and the bytes before it are kept; a read that times out is a
     * server that hangs, and fails the test.
     */
    static Ending readChunks(InputStream in, ByteArrayOutputStream body, Map<String, String> trailers)
            throws IOException {
        try {
            while (true) {
                String sizeLine = lineOrNull(in);
                if (sizeLine == null) {
                    return Ending.CUT;
                }
                int size;
                try {
                    size = Integer.parseInt(sizeLine.trim(), 16);
                } catch (NumberFormatException notHex) {
                    return Ending.MALFORMED;
                }
                if (size < 0) {
                    return Ending.MALFORMED;
                }
                if (size == 0) {
                    return readTrailers(in, trailers);
                }
                byte[] data = in.readNBytes(size);
                body.write(data);
                if (data.length < size) {
                    return Ending.CUT;
                }
                String end = lineOrNull(in);
                if (end == null) {
                    return Ending.CUT;
                }
                if (!end.isEmpty()) {
                    return Ending.MALFORMED;
                }
            }
        } catch (java.net.SocketTimeoutException hang) {
            throw hang;
        } catch (IOException reset) {
            return Ending.CUT;
        }
    }

    /** The trailer section (RFC 9112 §7.1.2): field lines up to an empty line; a line without a colon is malformed. */
    private static Ending readTrailers(InputStream in, Map<String, String> trailers) throws IOException {
        for (String line = lineOrNull(in); ; line = lineOrNull(in)) {
            if (line == null) {
                return Ending.CUT;
            }
            if (line.isEmpty()) {
                return Ending.COMPLETE;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Ending.MALFORMED;
            }
            trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /** A line without its CR LF; null if the connection ends before the line does. */
    private static String lineOrNull(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A line without its CR LF; the connection ending inside it is an IOException. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection ended inside a line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * Checks an aborted stream: status 200 sent, then the body cut off cleanly (never malformed,
     * never ended), and every byte before the cut is the oracle's: a prefix of {@code expected}.
     */
    static void assertCutPrefixOf(byte[] expected, Raw raw) {
        assertEquals(200, raw.status(), raw::text);
        assertEquals(Ending.CUT, raw.ending(), "how the aborted response ended");
        byte[] body = raw.body();
        assertTrue(body.length <= expected.length, body.length + " bytes before the cut, more than the " + expected.length
                + " of the whole output");
        assertBytes(java.util.Arrays.copyOf(expected, body.length), body);
    }

    static void assertRawOk(Raw raw, String type) {
        assertEquals(200, raw.status(), raw::text);
        assertEquals(type, raw.header("content-type"));
        assertTrue(raw.complete(), "the response body is incomplete");
    }
}
