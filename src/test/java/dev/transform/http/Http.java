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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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

    /** A request whose body REST Assured sends chunked (it cannot know an InputStream's length). */
    static RequestSpecification chunked(byte[] body) {
        return given().contentType(BINARY).body(new ByteArrayInputStream(body));
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

    /** A response read off a raw socket. */
    record Raw(int status, Map<String, String> headers, byte[] body, boolean complete) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Posts {@code body} as {@code Transfer-Encoding: chunked} with one chunk per {@code pieceSize} bytes. */
    static Raw postInPieces(String pathAndQuery, byte[] body, int pieceSize) throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < body.length; i += pieceSize) {
            pieces.add(java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + pieceSize)));
        }
        return postChunks(pathAndQuery, pieces);
    }

    static Raw postChunks(String pathAndQuery, List<byte[]> chunks) throws IOException {
        return postChunks(pathAndQuery, chunks, "X-Test: plain");
    }

    /** Posts {@code chunks} with one more header field, {@code field} ("Name: value"). */
    static Raw postChunks(String pathAndQuery, List<byte[]> chunks, String field) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + field + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
            out.flush();
            for (byte[] chunk : chunks) {
                out.write(ascii(Integer.toHexString(chunk.length) + "\r\n"));
                out.write(chunk);
                out.write(ascii("\r\n"));
                out.flush();
            }
            out.write(ascii("0\r\n\r\n"));
            out.flush();
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

    /** Reads one response; {@code complete} is false when a chunked body lacks its last chunk. */
    static Raw read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete = true;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            try {
                while (true) {
                    int size = Integer.parseInt(line(in).trim(), 16);
                    if (size == 0) {
                        line(in);
                        break;
                    }
                    body.write(in.readNBytes(size));
                    line(in);
                }
            } catch (IOException | RuntimeException e) {
                complete = false;
            }
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            byte[] bytes = in.readNBytes(length);
            complete = bytes.length == length;
            body.write(bytes);
        } else {
            body.write(in.readAllBytes());
        }
        return new Raw(status, headers, body.toByteArray(), complete);
    }

    private static String line(InputStream in) throws IOException {
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

    static void assertRawOk(Raw raw, String type) {
        assertEquals(200, raw.status(), raw::text);
        assertEquals(type, raw.header("content-type"));
        assertTrue(raw.complete(), "the response body is incomplete");
    }
}
