package dev.transform.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/1.1 client over a socket, for what ordinary clients hide: sending a chunked upload
 * piece by piece while reading the response, and seeing whether a chunked response was ended
 * properly or cut off.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    /** Starts a chunked upload. */
    RawHttp(int port, String pathAndQuery) throws IOException {
        this(port, pathAndQuery, "Transfer-Encoding: chunked", 0);
    }

    /**
     * Starts a chunked upload over a socket whose own send and receive buffers are held at
     * {@code bufferBytes}, so the kernel cannot grow them by megabytes and take in what a test
     * means the server to hold back.
     */
    static RawHttp chunkedWithBuffers(int port, String pathAndQuery, int bufferBytes) throws IOException {
        return new RawHttp(port, pathAndQuery, "Transfer-Encoding: chunked", bufferBytes);
    }

    /** Starts an upload that announces {@code length} bytes; send them with {@link #sendRaw}. */
    static RawHttp withLength(int port, String pathAndQuery, long length) throws IOException {
        return new RawHttp(port, pathAndQuery, "Content-Length: " + length, 0);
    }

    private RawHttp(int port, String pathAndQuery, String framing, int bufferBytes) throws IOException {
        socket = new Socket();
        if (bufferBytes > 0) {
            // Before connecting: the receive buffer sets the window the connection starts with.
            socket.setSendBufferSize(bufferBytes);
            socket.setReceiveBufferSize(bufferBytes);
        }
        socket.connect(new InetSocketAddress("localhost", port));
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        out.write(("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n" + framing + "\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends bytes as they are: the body of a Content-Length upload. */
    void sendRaw(byte[] data, int from, int to) throws IOException {
        out.write(data, from, to - from);
        out.flush();
    }

    /** Goes away as a crashed client does: the connection is reset, not closed in order. */
    void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    InputStream rawInput() {
        return in;
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void sendChunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void endUpload() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the status line and headers. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a whole response body after {@code head}: Content-Length framed (small outputs are) or chunked. */
    byte[] readBody(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return body().readAllBytes();
    }

    /** Reads one chunk of a chunked body: its data, empty for the last chunk, or null if the connection closed first. */
    byte[] readChunk() throws IOException {
        String sizeLine = readLine();
        if (sizeLine == null) {
            return null;
        }
        int size = Integer.parseInt(sizeLine.trim(), 16);
        byte[] data = in.readNBytes(size);
        if (data.length < size || readLine() == null) {
            return null;
        }
        return data;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return null;
    }

    /**
     * The chunked response body as a stream. It throws if the connection ends before the last
     * chunk, as an aborted response does, so a reader can never take a cut body for a whole one.
     */
    InputStream body() {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int pos;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (pos == chunk.length) {
                    if (ended) {
                        return -1;
                    }
                    chunk = readChunk();
                    pos = 0;
                    if (chunk == null) {
                        throw new IOException("the response ended without its last chunk");
                    }
                    ended = chunk.length == 0;
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** Sends {@code body} as the upload, in chunks of 64 KiB, from a thread of its own. */
    Thread uploadInBackground(InputStream body) {
        Thread uploader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (body) {
                for (int n; (n = body.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    sendChunk(n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n));
                }
                endUpload();
            } catch (IOException closed) {
                // the response side reports what went wrong
            }
        }, "uploader");
        uploader.start();
        return uploader;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
