package dev.transform.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * The other half of bench/http.sh: writes its inputs, and measures the JDK primitives in this
 * process on the same bytes, in the 64 KiB chunks the service reads, so the HTTP table can show
 * each stage's throughput as a ratio of the bare transform's.
 *
 * <pre>
 *   generate DIR BYTES   DIR/data.bin (the mixed bytes of StreamBench, repeated), data.b64 (MIME
 *                        base64 of it: 76-character lines), data.hex (lowercase hex of it, one line,
 *                        as encode/hex writes it) and data.gz (gzip level 6 of it)
 *   measure DIR          one line per primitive: name and MB/s (best of three passes over a prefix)
 * </pre>
 */
public final class InProcess {

    private static final int CHUNK = 64 * 1024;
    /** 840 MIME lines of 76 characters and CRLF: a chunk the JDK's MIME decoder takes whole. */
    private static final int MIME_CHUNK = 840 * 78;
    private static final int PREFIX = 128 << 20;
    private static final int GZIP_HEADER = 10;

    private interface Primitive {
        /** Transforms {@code input}; returns the bytes it counts (input, or output for decompression). */
        long run(byte[] input) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("generate")) {
            generate(dir, Long.parseLong(args[2]));
        } else {
            measure(dir);
        }
    }

    private static void generate(Path dir, long size) throws IOException {
        Files.createDirectories(dir);
        byte[] block = StreamBench.mixed();
        HexFormat hexFormat = HexFormat.of();
        try (OutputStream data = new BufferedOutputStream(Files.newOutputStream(dir.resolve("data.bin")), CHUNK);
                OutputStream base64 = Base64.getMimeEncoder().wrap(
                        new BufferedOutputStream(Files.newOutputStream(dir.resolve("data.b64")), CHUNK));
                OutputStream hex = new BufferedOutputStream(Files.newOutputStream(dir.resolve("data.hex")), CHUNK);
                OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(dir.resolve("data.gz")), CHUNK)) {
            for (long written = 0; written < size; written += block.length) {
                int length = (int) Math.min(block.length, size - written);
                data.write(block, 0, length);
                base64.write(block, 0, length);
                hex.write(hexFormat.formatHex(block, 0, length).getBytes(StandardCharsets.ISO_8859_1));
                gzip.write(block, 0, length);
            }
        }
    }

    private static void measure(Path dir) throws Exception {
        byte[] data = prefix(dir.resolve("data.bin"));
        byte[] text = prefix(dir.resolve("data.b64"));
        byte[] hexText = prefix(dir.resolve("data.hex"));
        byte[] gzip = prefix(dir.resolve("data.gz"));
        Map<String, Primitive> primitives = new LinkedHashMap<>();
        byte[] target = new byte[CHUNK];
        primitives.put("copy", chunked(data, CHUNK, chunk -> System.arraycopy(chunk, 0, target, 0, chunk.length)));
        Base64.Encoder encoder = Base64.getEncoder();
        primitives.put("base64-encode", chunked(data, CHUNK, encoder::encode));
        HexFormat hex = HexFormat.of();
        primitives.put("hex-encode", chunked(data, CHUNK, hex::formatHex));
        Base64.Decoder decoder = Base64.getMimeDecoder();
        primitives.put("base64-decode", chunked(text, MIME_CHUNK, decoder::decode));
        // HexFormat parses characters, not bytes: the text of each chunk becomes a String first, as it
        // would for anyone decoding hex with the JDK.
        primitives.put("hex-decode", chunked(hexText, CHUNK, chunk -> hex.parseHex(new String(chunk, StandardCharsets.ISO_8859_1))));
        primitives.put("deflate-1", input -> deflate(input, 1));
        primitives.put("deflate-6", input -> deflate(input, 6));
        primitives.put("inflate", input -> inflate(input, out -> { }));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        primitives.put("sha-256", chunked(data, CHUNK, sha256::update));
        CRC32C crc32c = new CRC32C();
        primitives.put("crc32c", chunked(data, CHUNK, crc32c::update));
        primitives.put("inflate+base64", input -> inflate(input, encoder::encode));
        for (Map.Entry<String, Primitive> primitive : primitives.entrySet()) {
            byte[] input = primitive.getKey().startsWith("inflate") ? gzip : data;
            double best = 0;
            for (int pass = 0; pass < 3; pass++) {
                long start = System.nanoTime();
                long bytes = primitive.getValue().run(input);
                best = Math.max(best, bytes * 1000.0 / (System.nanoTime() - start));
            }
            System.out.printf("%s %.0f%n", primitive.getKey(), best);
        }
    }

    private interface ChunkWork {
        void accept(byte[] chunk) throws Exception;
    }

    /** The chunks of each input, cut once and shared by the primitives that read it. */
    private static final Map<byte[], byte[][]> CHUNKS = new java.util.IdentityHashMap<>();

    /** Applies {@code work} to each chunk of {@code bytes} (as arrays of their own, as the service's chunks are). */
    private static Primitive chunked(byte[] bytes, int chunkSize, ChunkWork work) {
        byte[][] chunks = CHUNKS.computeIfAbsent(bytes, all -> {
            byte[][] cut = new byte[(all.length + chunkSize - 1) / chunkSize][];
            for (int i = 0; i < cut.length; i++) {
                cut[i] = java.util.Arrays.copyOfRange(all, i * chunkSize, Math.min(all.length, (i + 1) * chunkSize));
            }
            return cut;
        });
        return ignored -> {
            for (byte[] chunk : chunks) {
                work.accept(chunk);
            }
            return bytes.length;
        };
    }

    /** What gzip level N costs: deflate and the CRC32 of the trailer, chunk by chunk into one reused array. */
    private static long deflate(byte[] input, int level) {
        Deflater deflater = new Deflater(level, true);
        CRC32 crc = new CRC32();
        byte[] out = new byte[CHUNK];
        for (int at = 0; at < input.length; at += CHUNK) {
            int length = Math.min(CHUNK, input.length - at);
            crc.update(input, at, length);
            deflater.setInput(input, at, length);
            while (!deflater.needsInput()) {
                deflater.deflate(out);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            deflater.deflate(out);
        }
        deflater.end();
        return input.length;
    }

    private interface OutputWork {
        void accept(byte[] output) throws Exception;
    }

    /** Inflates gzip data (header skipped, CRC32 kept) chunk by chunk; counts the bytes it outputs. */
    private static long inflate(byte[] gzip, OutputWork then) throws Exception {
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        byte[] out = new byte[CHUNK];
        for (int at = GZIP_HEADER; at < gzip.length && !inflater.finished(); at += CHUNK) {
            inflater.setInput(gzip, at, Math.min(CHUNK, gzip.length - at));
            while (!inflater.finished()) {
                int written = inflater.inflate(out);
                if (written == 0 && inflater.needsInput()) {
                    break;
                }
                crc.update(out, 0, written);
                then.accept(written == out.length ? out : java.util.Arrays.copyOf(out, written));
            }
        }
        long bytes = inflater.getBytesWritten();
        inflater.end();
        return bytes;
    }

    private static byte[] prefix(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PREFIX);
        }
    }
}
