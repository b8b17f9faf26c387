package dev.transform.compress;

import static dev.transform.testing.TestData.jdkDeflate;
import static dev.transform.compress.GzipDecompressStageTest.concat;
import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.ProblemType;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.TestData;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class InflateStageTest {

    private static final Format[] FORMATS = {Format.DEFLATE, Format.DEFLATE_RAW};

    private static byte[] deflate(Format format, byte[] data, int level) {
        return jdkDeflate(data, level, format == Format.DEFLATE_RAW);
    }

    private static byte[] inflate(Format format, byte[] compressed, int chunkSize) {
        return StageHarness.run(new InflateStage(format, Long.MAX_VALUE), compressed, chunkSize);
    }

    private static TransformException assertRejectedAt(long offset, Format format, byte[] compressed) {
        TransformException first = null;
        for (int size : TestData.CHUNK_SIZES) {
            TransformException e = assertInvalidAt(offset, () -> inflate(format, compressed, size));
            first = first == null ? e : first;
        }
        for (long seed : TestData.SEEDS) {
            assertInvalidAt(offset, () -> StageHarness.runRandomlyChunked(new InflateStage(format, Long.MAX_VALUE), compressed,
                    new Random(seed), 1 + compressed.length / 5));
        }
        return first;
    }

    @Test
    void inflatesWhatTheJdkDeflatesAtEveryLevel() {
        Random random = new Random(1950);
        for (Format format : FORMATS) {
            for (int level : CompressStageTest.LEVELS) {
                for (byte[] data : List.of(new byte[0], new byte[] {1}, ascii("abcabcabc"), mixedBytes(random, 80_000),
                        randomBytes(random, 5000))) {
                    assertAllChunkings(data, () -> new InflateStage(format, Long.MAX_VALUE), deflate(format, data, level));
                }
            }
        }
    }

    @Test
    void randomRoundTripsThroughTheCompressStage() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 20; round++) {
                byte[] data = random.nextBoolean() ? mixedBytes(random, random.nextInt(60_000)) : randomBytes(random, random.nextInt(2000));
                Format format = FORMATS[random.nextInt(2)];
                int level = CompressStageTest.LEVELS[random.nextInt(4)];
                byte[] compressed = StageHarness.runRandomlyChunked(new CompressStage(format, level), data, random, 2000);
                assertArrayEquals(data, CompressStageTest.jdkDecompress(format, compressed));
                assertArrayEquals(data, StageHarness.runRandomlyChunked(new InflateStage(format, Long.MAX_VALUE), compressed,
                        random, 1 + random.nextInt(3000)));
            }
        }
    }

    @Test
    void largeOutputCrossesSegments() {
        byte[] data = mixedBytes(new Random(31), 6 * 1024 * 1024);
        for (Format format : FORMATS) {
            assertAllChunkings(data, () -> new InflateStage(format, Long.MAX_VALUE), deflate(format, data, 6));
        }
        byte[] zeros = new byte[3 * 1024 * 1024];
        assertAllChunkings(zeros, () -> new InflateStage(Format.DEFLATE, Long.MAX_VALUE), deflate(Format.DEFLATE, zeros, 9));
    }

    @Test
    void emptyInputIsTruncated() {
        for (Format format : FORMATS) {
            TransformException e = assertInvalidAt(0, () -> StageHarness.run(new InflateStage(format, Long.MAX_VALUE), List.of()));
            assertTrue(e.detail().contains("truncated"), e.detail());
        }
    }

    @Test
    void truncatedStreamsAreRejectedAtTheirEnd() {
        byte[] data = mixedBytes(new Random(32), 40_000);
        for (Format format : FORMATS) {
            byte[] compressed = deflate(format, data, 6);
            for (int cut : new int[] {1, 2, 3, compressed.length / 3, compressed.length - 1}) {
                TransformException e = assertRejectedAt(cut, format, Arrays.copyOf(compressed, cut));
                assertTrue(e.detail().contains("truncated"), e.detail());
            }
        }
        // zlib's Adler-32 trailer cut short.
        byte[] zlib = deflate(Format.DEFLATE, data, 6);
        assertRejectedAt(zlib.length - 2, Format.DEFLATE, Arrays.copyOf(zlib, zlib.length - 2));
    }

    @Test
    void trailingDataIsRejectedWhereItStarts() {
        for (Format format : FORMATS) {
            for (byte[] data : List.of(new byte[0], ascii("stream"), mixedBytes(new Random(33), 100_000))) {
                byte[] compressed = deflate(format, data, 6);
                TransformException e = assertRejectedAt(compressed.length, format, concat(compressed, ascii("tail")));
                assertTrue(e.detail().contains("after the end"), e.detail());
                assertRejectedAt(compressed.length, format, concat(compressed, new byte[1]));
                assertRejectedAt(compressed.length, format, concat(compressed, compressed));
            }
        }
        // Trailing data in a later chunk, after empty chunks.
        byte[] compressed = deflate(Format.DEFLATE, ascii("x"), 6);
        assertInvalidAt(compressed.length, () -> StageHarness.run(new InflateStage(Format.DEFLATE, Long.MAX_VALUE),
                List.of(compressed, new byte[0], new byte[0], ascii("!"))));
        assertArrayEquals(ascii("x"), StageHarness.run(new InflateStage(Format.DEFLATE, Long.MAX_VALUE),
                List.of(compressed, new byte[0], new byte[0])));
    }

    @Test
    void corruptDataIsRejected() {
        // Not a zlib header (the check bits fail), then a reserved block type in raw deflate.
        for (int size : TestData.CHUNK_SIZES) {
            TransformException header = assertFails(ProblemType.INVALID_INPUT,
                    () -> inflate(Format.DEFLATE, new byte[] {0x78, 0x00, 0x01, 0x02}, size));
            assertTrue(header.offset() >= 0 && header.offset() <= 2, String.valueOf(header.offset()));
        }
        TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> inflate(Format.DEFLATE_RAW, new byte[] {(byte) 0xff, 0, 0}, 1));
        assertTrue(e.detail().startsWith("corrupt deflate-raw data"), e.detail());
        assertTrue(e.offset() >= 0 && e.offset() <= 3, String.valueOf(e.offset()));
        // A wrong Adler-32.
        byte[] zlib = deflate(Format.DEFLATE, mixedBytes(new Random(34), 10_000), 6);
        zlib[zlib.length - 1] ^= 1;
        for (int size : TestData.CHUNK_SIZES) {
            TransformException bad = assertFails(ProblemType.INVALID_INPUT, () -> inflate(Format.DEFLATE, zlib, size));
            assertTrue(bad.offset() >= 2 && bad.offset() <= zlib.length, String.valueOf(bad.offset()));
        }
        // Random bit flips: always INVALID_INPUT, never anything else.
        byte[] data = mixedBytes(new Random(35), 20_000);
        Random random = new Random(36);
        for (Format format : FORMATS) {
            byte[] good = deflate(format, data, 6);
            for (int round = 0; round < 30; round++) {
                byte[] bad = good.clone();
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
                try {
                    inflate(format, bad, 1000);
                    // Raw deflate has no checksum, so a flip may still decode (to other data, or in
                    // the last byte's padding bits to the same); zlib's Adler-32 catches every flip.
                    assertEquals(Format.DEFLATE_RAW, format, "a corrupt zlib stream passed");
                } catch (TransformException failure) {
                    assertEquals(ProblemType.INVALID_INPUT, failure.type());
                }
            }
        }
    }

    @Test
    void presetDictionaryIsRejected() {
        Deflater deflater = new Deflater(6, false);
        deflater.setDictionary(ascii("dictionary"));
        deflater.setInput(ascii("dictionary words"));
        deflater.finish();
        byte[] buffer = new byte[256];
        int length = deflater.deflate(buffer);
        deflater.end();
        TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> inflate(Format.DEFLATE, Arrays.copyOf(buffer, length), 64));
        assertTrue(e.detail().contains("dictionary"), e.detail());
    }

    @Test
    void outputIsLimitedToMaxOutputBytes() {
        byte[] data = mixedBytes(new Random(37), 200_000);
        for (Format format : FORMATS) {
            byte[] compressed = deflate(format, data, 6);
            assertArrayEquals(data, StageHarness.run(new InflateStage(format, data.length), compressed, 4096));
            assertFails(ProblemType.LIMIT_EXCEEDED, () -> StageHarness.run(new InflateStage(format, data.length - 1), compressed, 4096));
        }
        byte[] zeros = deflate(Format.DEFLATE, new byte[32 << 20], 9);
        long max = 3 * Segments.SIZE + 5;
        for (int size : new int[] {100, 65536, zeros.length}) {
            TestData.Outcome outcome = TestData.runCounting(new InflateStage(Format.DEFLATE, max), StageHarness.split(zeros, size));
            assertNotNull(outcome.failure());
            assertEquals(ProblemType.LIMIT_EXCEEDED, outcome.failure().type());
            assertTrue(outcome.produced() <= max, "handed out " + outcome.produced() + " of a " + max + " limit");
        }
    }

    /** The ratio limit stops a bomb once output passes 1 MiB; below that, or under the ratio, all is well. */
    @Test
    void decompressionRatio() {
        byte[] zeros = new byte[4 << 20];
        for (Format format : FORMATS) {
            byte[] bomb = deflate(format, zeros, 9);
            TransformException e = assertFails(ProblemType.LIMIT_EXCEEDED,
                    () -> StageHarness.run(new InflateStage(format, Long.MAX_VALUE, 200), bomb, 8192));
            assertTrue(e.detail().contains("200 times"), e.detail());
            assertEquals(zeros.length, StageHarness.run(new InflateStage(format, Long.MAX_VALUE, 0), bomb, 8192).length);
            assertEquals(zeros.length, StageHarness.run(new InflateStage(format, Long.MAX_VALUE, 1100), bomb, 8192).length);
            byte[] small = deflate(format, new byte[Math.toIntExact(OutputBudget.RATIO_GRACE_BYTES)], 9);
            assertEquals(OutputBudget.RATIO_GRACE_BYTES, StageHarness.run(new InflateStage(format, Long.MAX_VALUE, 2), small, 100).length);
        }
        byte[] members = concat(TestData.jdkGzip(zeros), TestData.jdkGzip(zeros));
        assertFails(ProblemType.LIMIT_EXCEEDED, () -> StageHarness.run(new GzipDecompressStage(Long.MAX_VALUE, 200), members, 8192));
        assertEquals(2 * zeros.length, StageHarness.run(new GzipDecompressStage(Long.MAX_VALUE, 1100), members, 8192).length);
    }
}
