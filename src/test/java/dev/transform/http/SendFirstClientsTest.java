package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.exchange.SpoolBudget;
import dev.transform.testing.NativeLeakCheck;
import dev.transform.testing.SpoolFiles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that send the whole body before they read any of the answer, as most do, get complete
 * answers for bodies whose output far outgrows the socket buffers: the upload goes on into the
 * spool while the response waits. Each answer is checked against a JDK oracle; the spool must have been
 * used wherever the upload outgrows the socket buffers, and left nothing behind, on disk or open.
 */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
class SendFirstClientsTest {

    private static final long BODY = 256L << 20;
    /** Random, so its gzip is as large: beyond what the socket buffers and the spool's memory part hold. */
    private static final long GZIP_BODY = 64L << 20;

    @TestHTTPResource("/")
    URL base;

    @Inject
    SpoolBudget spool;

    private double spooledBefore;
    private long uploaded;

    @BeforeEach
    void noteSpool() {
        spooledBefore = Scrape.now().value("transform_spooled_bytes_total");
    }

    @AfterEach
    void nothingLeft() throws Exception {
        // The spool is certain only for an upload larger than what can wait on its way: the client's send
        // buffer and the server's receive buffer, which the kernel may autotune to their maxima (32 MiB for
        // receiving here), and the spool's 1 MiB memory part. The 256 MiB hex uploads are; the 8 MB gunzip
        // uploads mostly spool too (4-7 MB of them in probe runs) but once all waited in the buffers (a CI run).
        if (uploaded > KernelBuffers.maxSend() + KernelBuffers.maxReceive() + (1L << 20)) {
            assertTrue(Scrape.now().value("transform_spooled_bytes_total") > spooledBefore,
                    "a send-first client of this size must have gone through the spool");
        }
        assertEquals(0, spool.inUse(), "spool bytes still reserved");
        assertEquals(0, SpoolFiles.openAfterSettling(), "spool files still open");
        assertEquals(0, SpoolFiles.listed(), "files left in the spool directory");
    }

    @Test
    void httpUrlConnectionGetsAllOfHex() throws Exception {
        assertArrayEquals(hexOfBody(), viaHttpUrlConnection("v1/encode/hex", new GeneratedBody(BODY), BODY));
    }

    @Test
    void javaNetHttpClientGetsAllOfHex() throws Exception {
        assertArrayEquals(hexOfBody(), viaHttpClient("v1/encode/hex", () -> new GeneratedBody(BODY), BODY));
    }

    @Test
    void httpUrlConnectionGetsAllOfAnExpandingGunzip() throws Exception {
        byte[] gzip = Expanding.GZIP;
        assertArrayEquals(Expanding.SHA256,
                viaHttpUrlConnection("v1/decompress/gzip", new java.io.ByteArrayInputStream(gzip), gzip.length));
    }

    @Test
    void javaNetHttpClientGetsAllOfAnExpandingGunzip() throws Exception {
        assertArrayEquals(Expanding.SHA256,
                viaHttpClient("v1/decompress/gzip", () -> new java.io.ByteArrayInputStream(Expanding.GZIP),
                        Expanding.GZIP.length));
    }

    /**
     * gzip on every core, one stream alone: while its blocks are on the workers the stage takes no input, and
     * the upload must still go on into the spool once the response is held back (a lone send-first upload
     * stalled here until the idle timeout closed it). The answer, gunzipped by the JDK, is the body.
     */
    @Test
    void httpUrlConnectionGetsAllOfAParallelGzip() throws Exception {
        assertArrayEquals(GeneratedBody.sha256(GZIP_BODY), viaHttpUrlConnection("v1/compress/gzip?level=1",
                new GeneratedBody(GZIP_BODY), GZIP_BODY, GZIPInputStream::new));
    }

    @Test
    void javaNetHttpClientGetsAllOfAParallelGzip() throws Exception {
        assertArrayEquals(GeneratedBody.sha256(GZIP_BODY), viaHttpClient("v1/compress/gzip?level=1",
                () -> new GeneratedBody(GZIP_BODY), GZIP_BODY, GZIPInputStream::new));
    }

    /** An answer as it came, for {@link #sha256}. */
    private interface Answer {
        InputStream read(InputStream answer) throws IOException;
    }

    private byte[] viaHttpUrlConnection(String path, InputStream body, long length) throws Exception {
        return viaHttpUrlConnection(path, body, length, answer -> answer);
    }

    private byte[] viaHttpClient(String path, java.util.function.Supplier<InputStream> body, long length) throws Exception {
        return viaHttpClient(path, body, length, answer -> answer);
    }

    /** HttpURLConnection in fixed-length streaming mode: it sends the whole body, then reads. Returns the SHA-256 of the answer, read through {@code read}. */
    private byte[] viaHttpUrlConnection(String path, InputStream body, long length, Answer read) throws Exception {
        uploaded = length;
        HttpURLConnection connection = (HttpURLConnection) new URL(base, path).openConnection();
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setFixedLengthStreamingMode(length);
        connection.setRequestProperty("Content-Type", "application/octet-stream");
        connection.setReadTimeout(120_000);
        try (OutputStream out = connection.getOutputStream(); body) {
            body.transferTo(out);
        }
        assertEquals(200, connection.getResponseCode());
        return sha256(read.read(connection.getInputStream()));
    }

    /** The JDK's HttpClient over HTTP/1.1, a streamed (chunked) body: it, too, reads only once the upload is done. */
    private byte[] viaHttpClient(String path, java.util.function.Supplier<InputStream> body, long length, Answer read) throws Exception {
        uploaded = length;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        return sha256(read.read(response.body()));
    }

    private static byte[] sha256(InputStream answer) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(answer, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    /** The SHA-256 of the hex of the generated body, by the JDK's HexFormat. */
    private static byte[] hexOfBody() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream body = new GeneratedBody(BODY)) {
            for (int n; (n = body.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                digest.update(HexFormat.of().formatHex(buffer, 0, n).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return digest.digest();
    }

    /**
     * A gzip body that expands between 30 and 200 times (the service's ratio limit) into 256 MiB:
     * blocks of 1 KiB, 24 random bytes and the rest a fixed pattern.
     */
    private static final class Expanding {
        static final byte[] GZIP;
        static final byte[] SHA256;

        static {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                ByteArrayOutputStream compressed = new ByteArrayOutputStream();
                byte[] block = new byte[1024];
                for (int i = 24; i < block.length; i++) {
                    block[i] = (byte) (i * 7);
                }
                Random random = new Random(30);
                try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                }) {
                    for (long written = 0; written < BODY; written += block.length) {
                        for (int i = 0; i < 24; i++) {
                            block[i] = (byte) random.nextInt();
                        }
                        gzip.write(block);
                        digest.update(block);
                    }
                }
                GZIP = compressed.toByteArray();
                SHA256 = digest.digest();
                long ratio = BODY / GZIP.length;
                if (ratio < 30 || ratio >= 200) {
                    throw new IllegalStateException("the test body expands " + ratio + " times, not 30 to 200");
                }
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
