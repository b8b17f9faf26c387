package dev.transform.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transform.client.api.CatalogueApi;
import dev.transform.client.api.CodecApi;
import dev.transform.client.api.CompressionApi;
import dev.transform.client.api.DigestApi;
import dev.transform.client.api.PipelineApi;
import dev.transform.client.api.SliceApi;
import dev.transform.client.model.DigestResult;
import dev.transform.client.model.Problem;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives every operation through the Java client that the build generates from the committed
 * openapi/openapi.yaml, against the running service: what users of the spec get must work.
 */
@QuarkusTest
class GeneratedClientTest {

    private static final byte[] DATA = new byte[100_003];

    static {
        new Random(7).nextBytes(DATA);
    }

    @TestHTTPResource("/")
    URL base;

    private ApiClient client;

    @BeforeEach
    void connect() {
        client = new ApiClient();
        client.setBasePath(base.toString().replaceAll("/$", ""));
    }

    @Test
    void slice() throws Exception {
        File out = new SliceApi(client).slice(file(DATA), 10L, 1000L, null, null, null, null);
        assertArrayEquals(java.util.Arrays.copyOfRange(DATA, 10, 1010), Files.readAllBytes(out.toPath()));
    }

    @Test
    void encodeAndDecode() throws Exception {
        String text = new CodecApi(client).encode("base64url", file(DATA), false, 0, null, null, null, null, null);
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(DATA), text);
        File decoded = new CodecApi(client).decode("base64url", file(text.getBytes(StandardCharsets.US_ASCII)), true, null, null, null, null);
        assertArrayEquals(DATA, Files.readAllBytes(decoded.toPath()));
    }

    @Test
    void compressAndDecompress() throws Exception {
        File gzip = new CompressionApi(client).compress("gzip", file(DATA), 9, null, null, null, null);
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gzip.toPath()))) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
        File plain = new CompressionApi(client).decompress("gzip", gzip, null, null, null, null, null);
        assertArrayEquals(DATA, Files.readAllBytes(plain.toPath()));
    }

    @Test
    void digest() throws Exception {
        DigestResult result = new DigestApi(client).digest(file(DATA), List.of("sha-256", "md5"), "hex", null, null, null, null);
        assertEquals(DATA.length, result.getBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DATA)), result.getDigests().get("sha-256"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(DATA)), result.getDigests().get("md5"));
    }

    @Test
    void aGzipUploadIsDecodedBeforeItsDigest() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(DATA);
        }
        DigestResult result = new DigestApi(client).digest(file(gzipped.toByteArray()), List.of("sha-256"), "hex", "gzip", null, null, null);
        assertEquals(DATA.length, result.getBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DATA)), result.getDigests().get("sha-256"));
    }

    /** RFC 9530 through the generated client: the request fields are header parameters, the answer's digest a header. */
    @Test
    void digestFields() throws Exception {
        byte[] small = java.util.Arrays.copyOf(DATA, 1000);
        String contentDigest = "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(small)) + ":";
        String hex = new CodecApi(client).encode("hex", file(small), null, null, null, null, contentDigest, "sha-512=1", null);
        assertEquals(HexFormat.of().formatHex(small), hex);
        assertEquals(List.of("sha-512=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512")
                .digest(hex.getBytes(StandardCharsets.US_ASCII))) + ":"), client.getResponseHeaders().get("Repr-Digest"));
        ApiException mismatch = assertThrows(ApiException.class, () -> new CodecApi(client).encode("hex",
                file(java.util.Arrays.copyOf(DATA, 999)), null, null, null, null, contentDigest, null, null));
        assertEquals(422, mismatch.getCode());
        assertEquals("urn:transform-api:problem:digest-mismatch",
                client.getObjectMapper().readValue(mismatch.getResponseBody(), Problem.class).getType());
    }

    @Test
    void pipeline() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(DATA);
        }
        File out = new PipelineApi(client).runPipeline(
                List.of("decompress:gzip", "slice:offset=0,length=1024", "encode:hex,case=upper"), file(gzipped.toByteArray()),
                null, null, null, null);
        assertEquals(HexFormat.of().withUpperCase().formatHex(DATA, 0, 1024), Files.readString(out.toPath()));
    }

    /**
     * The generated client sends the whole body before it reads the answer (Apache HttpClient's classic
     * API), so 64 MiB in, 128 MiB out only completes because the service spools the upload meanwhile.
     */
    @Test
    void aLargeUploadSentBeforeTheAnswerIsReadComesBackWhole() throws Exception {
        File upload = File.createTempFile("client-big", ".bin");
        upload.deleteOnExit();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(64);
        try (var out = Files.newOutputStream(upload.toPath())) {
            for (int i = 0; i < 64; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
                expected.update(HexFormat.of().formatHex(chunk).getBytes(StandardCharsets.US_ASCII));
            }
        }
        File answer = new PipelineApi(client).runPipeline(List.of("encode:hex"), upload, null, null, null, null);
        try {
            assertEquals(128L << 20, answer.length());
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(answer.toPath())) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    actual.update(chunk, 0, n);
                }
            }
            assertArrayEquals(expected.digest(), actual.digest());
        } finally {
            Files.delete(answer.toPath());
            Files.delete(upload.toPath());
        }
    }

    @Test
    void stages() throws Exception {
        assertEquals(List.of("slice", "encode", "decode", "compress", "decompress", "digest"),
                new CatalogueApi(client).listStages().getStages().stream().map(s -> s.getName()).toList());
    }

    @Test
    void problemsArriveAsTypedExceptionsWithReadableDetails() throws Exception {
        ApiException error = assertThrows(ApiException.class,
                () -> new CodecApi(client).decode("base64", file("QUJD*".getBytes(StandardCharsets.US_ASCII)), true, null, null, null, null));
        assertEquals(422, error.getCode());
        Problem problem = client.getObjectMapper().readValue(error.getResponseBody(), Problem.class);
        assertEquals(422, problem.getStatus());
        assertEquals(4L, problem.getOffset());
        assertFalse(problem.getDetail().isBlank());
        assertEquals("urn:transform-api:problem:invalid-input", problem.getType());
    }

    private static File file(byte[] content) throws Exception {
        File file = File.createTempFile("client-body", ".bin");
        file.deleteOnExit();
        Files.copy(new ByteArrayInputStream(content), file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
