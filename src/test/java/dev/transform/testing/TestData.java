package dev.transform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/** Inputs and checks shared by the stage unit tests. */
public final class TestData {

    /** The chunk sizes every stage is driven with: single bytes, odd sizes, and sizes around 64 KiB. */
    public static final int[] CHUNK_SIZES = {1, 2, 3, 7, 64, 8191, 65537};

    /** Fixed seeds, so a failure reproduces. */
    public static final long[] SEEDS = {1L, 42L, 4648L, 1952L, 0xC0FFEEL};

    private TestData() {
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    public static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Bytes that compress to some degree but not trivially: runs, repeated phrases and noise, so
     * deflate uses stored, fixed and dynamic blocks.
     */
    public static byte[] mixedBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        byte[] phrase = ascii("the quick brown fox jumps over the lazy dog ");
        int pos = 0;
        while (pos < length) {
            int run = Math.min(length - pos, 1 + random.nextInt(4096));
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte value = (byte) random.nextInt(256);
                    for (int i = 0; i < run; i++) {
                        bytes[pos + i] = value;
                    }
                }
                case 1 -> {
                    for (int i = 0; i < run; i++) {
                        bytes[pos + i] = phrase[(pos + i) % phrase.length];
                    }
                }
                default -> {
                    for (int i = 0; i < run; i++) {
                        bytes[pos + i] = (byte) random.nextInt(256);
                    }
                }
            }
            pos += run;
        }
        return bytes;
    }

    /** Runs the stage over {@code input} in every chunk size and a few random chunkings, checking each output. */
    public static void assertAllChunkings(byte[] expected, Supplier<Stage> stage, byte[] input) {
        for (int size : CHUNK_SIZES) {
            if (size < 7 && input.length > 256 * 1024) {
                continue; // byte-sized chunks of MiBs only take time; small inputs cover them
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, StageHarness.run(stage.get(), input, size),
                    "chunk size " + size + ", input length " + input.length);
        }
        for (long seed : SEEDS) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                    StageHarness.runRandomlyChunked(stage.get(), input, new Random(seed), 1 + input.length / 7),
                    "random chunking, seed " + seed + ", input length " + input.length);
        }
    }

    /** Expects the run to fail with {@code type}; returns the failure for further checks. */
    public static TransformException assertFails(ProblemType type, Executable run) {
        TransformException e = assertThrows(TransformException.class, run);
        assertEquals(type, e.type(), () -> "type of failure '" + e.detail() + "'");
        return e;
    }

    /** Expects INVALID_INPUT at exactly {@code offset}. */
    public static TransformException assertInvalidAt(long offset, Executable run) {
        TransformException e = assertFails(ProblemType.INVALID_INPUT, run);
        assertEquals(Long.valueOf(offset), e.offset(), () -> "offset of failure '" + e.detail() + "'");
        return e;
    }

    /**
     * Drives a stage like {@link StageHarness#run(Stage, List)} but counts the output handed out
     * before a failure, which it returns with the failure (or null if the run succeeded).
     */
    public static Outcome runCounting(Stage stage, List<byte[]> chunks) {
        long[] produced = {0};
        try {
            StageHarness.drive(stage, chunks, chunk -> produced[0] += chunk.length());
            return new Outcome(produced[0], null);
        } catch (TransformException e) {
            return new Outcome(produced[0], e);
        }
    }

    /** The JDK's own gzip of {@code data}: GZIPOutputStream, one member. */
    public static byte[] jdkGzip(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JDK's own deflate of {@code data}: zlib-wrapped, or raw when {@code raw}. */
    public static byte[] jdkDeflate(byte[] data, int level, boolean raw) {
        return jdkDeflate(data, level, raw, null);
    }

    /** As {@link #jdkDeflate(byte[], int, boolean)}, with a preset dictionary unless it is null. */
    public static byte[] jdkDeflate(byte[] data, int level, boolean raw, byte[] dictionary) {
        Deflater deflater = new Deflater(level, raw);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(data);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    public record Outcome(long produced, TransformException failure) {
    }
}
