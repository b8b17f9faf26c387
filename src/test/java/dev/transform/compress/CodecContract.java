package dev.transform.compress;

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
import dev.transform.testing.ReferenceTool;
import dev.transform.testing.TestData;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every compressed format's stages must do, checked against the format's reference tool (the
 * zstd, lz4 or brotli CLI): decode what the tool makes and make what the tool decodes, across chunk
 * boundaries; reject truncated input, corrupt input and trailing data with a 422 at the right offset;
 * stop a bomb at the output and ratio limits. A format's test class adds what is its own.
 */
public abstract class CodecContract {

    protected abstract Codec codec();

    /** The reference tool's command that compresses stdin to stdout (at its default level). */
    protected abstract String[] referenceCompress();

    /** The reference tool's command that decompresses stdin to stdout. */
    protected abstract String[] referenceDecompress();

    /** The levels to try compressing at (a format without levels: just 0). */
    protected int[] levels() {
        Codec.Levels levels = codec().levels();
        return levels == null ? new int[] {0} : new int[] {levels.min(), levels.defaultLevel(), levels.max()};
    }

    /**
     * Whether a failure names the exact offset of the bad byte. Brotli's decoder reports only that the
     * input it was handed is bad (trailing data included), so its offsets are where that piece starts.
     */
    protected boolean exactOffsets() {
        return true;
    }

    /** Expects a 422 at {@code offset}, or for a format without {@link #exactOffsets()} at or before it. */
    protected void assertRejectedAt(long offset, org.junit.jupiter.api.function.Executable run) {
        if (exactOffsets()) {
            assertInvalidAt(offset, run);
        } else {
            long at = assertFails(ProblemType.INVALID_INPUT, run).offset();
            assertTrue(at <= offset, "offset " + at + ", after " + offset);
        }
    }

    /** Whether concatenated streams are one stream (zstd and lz4 frames; brotli streams are not). */
    protected boolean concatenates() {
        return true;
    }

    protected static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    protected byte[] referenceCompressed(byte[] data) {
        return ReferenceTool.run(data, referenceCompress());
    }

    protected byte[] decompress(byte[] compressed, int chunkSize) {
        return StageHarness.run(codec().decompressor(Long.MAX_VALUE, 0), compressed, chunkSize);
    }

    protected static List<byte[]> samples(Random random) {
        return List.of(new byte[0], new byte[] {7}, ascii("abcabcabcabc"), mixedBytes(random, 80_000),
                randomBytes(random, 5000), mixedBytes(random, 300_000));
    }

    @Test
    void decompressesWhatTheReferenceToolMakes() {
        for (byte[] data : samples(new Random(8878))) {
            assertAllChunkings(data, () -> codec().decompressor(Long.MAX_VALUE, 0), referenceCompressed(data));
        }
    }

    @Test
    void referenceToolDecompressesWhatItCompresses() {
        Random random = new Random(7932);
        for (int level : levels()) {
            for (byte[] data : samples(random)) {
                byte[] compressed = StageHarness.runRandomlyChunked(codec().compressor(level), data, random, 1 + data.length / 5);
                assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()), "level " + level);
                assertArrayEquals(data, StageHarness.run(codec().decompressor(Long.MAX_VALUE, 0), compressed, 4093));
            }
        }
        byte[] data = mixedBytes(random, 200_000);
        for (int size : new int[] {1, 3, 65537}) {
            byte[] compressed = StageHarness.run(codec().compressor(levels()[0]), data, size);
            assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()), "chunk size " + size);
        }
    }

    @Test
    void compressesRepetitiveDataWell() {
        byte[] data = mixedBytes(new Random(1), 500_000);
        byte[] compressed = StageHarness.run(codec().compressor(levels()[levels().length - 1]), data, 65536);
        assertTrue(compressed.length < data.length / 2, codec().id() + " made " + compressed.length + " bytes of " + data.length);
    }

    @Test
    void concatenatedStreamsDecodeWhole() {
        if (!concatenates()) {
            return;
        }
        byte[] first = mixedBytes(new Random(2), 70_000);
        byte[] second = ascii("and the second one");
        byte[] input = concat(referenceCompressed(first), referenceCompressed(second), referenceCompressed(new byte[0]));
        assertAllChunkings(concat(first, second), () -> codec().decompressor(Long.MAX_VALUE, 0), input);
    }

    /**
     * The reference tool's command that compresses in the format's smallest blocks or window, so a
     * decoder's buffers fill and are reused many times within one stream; the default command where
     * the format has no such choice.
     */
    protected String[] referenceCompressInSmallBlocks() {
        return referenceCompress();
    }

    @Test
    void piecesHandedOutStayAsTheyWereWhileLaterOnesAreDecoded() {
        // The exchange may still hold a piece (queued for a slow client, kept by a later stage) when the
        // decoder makes the next: a decoder that reuses its memory must not hand out views of it. Small
        // blocks reuse it within a stream; two streams, where they concatenate, from one to the next.
        byte[] first = mixedBytes(new Random(4), 1_500_000);
        byte[] second = concatenates() ? mixedBytes(new Random(5), 700_000) : new byte[0];
        byte[] input = ReferenceTool.run(first, referenceCompressInSmallBlocks());
        if (concatenates()) {
            input = concat(input, ReferenceTool.run(second, referenceCompressInSmallBlocks()));
        }
        List<Buffer> pieces = new ArrayList<>();
        StageHarness.drive(codec().decompressor(Long.MAX_VALUE, 0), StageHarness.split(input, 65536), pieces::add);
        Buffer joined = Buffer.buffer();
        pieces.forEach(joined::appendBuffer);
        assertArrayEquals(concat(first, second), joined.getBytes());
    }

    @Test
    void truncatedInputIsRejectedWhereItEnds() {
        byte[] compressed = referenceCompressed(mixedBytes(new Random(3), 100_000));
        for (int cut : new int[] {0, 1, 3, 5, 12, compressed.length / 2, compressed.length - 4, compressed.length - 1}) {
            byte[] truncated = Arrays.copyOf(compressed, cut);
            for (int size : new int[] {1, 7, 65536}) {
                assertInvalidAt(cut, () -> decompress(truncated, size));
            }
        }
    }

    /** Data that must not pass for more of the format after a whole stream. */
    protected List<byte[]> trailingData() {
        return List.of(ascii("junk"), new byte[] {0}, new byte[13]);
    }

    @Test
    void trailingDataIsRejectedAtItsOffset() {
        byte[] compressed = referenceCompressed(ascii("hello, trailing data"));
        for (byte[] trailing : trailingData()) {
            byte[] input = concat(compressed, trailing);
            for (int size : TestData.CHUNK_SIZES) {
                assertRejectedAt(compressed.length, () -> decompress(input, size));
            }
        }
    }

    @Test
    void dataOfAnotherFormatIsRejected() {
        for (byte[] input : List.of(ascii("hello world, not compressed"), TestData.jdkGzip(ascii("gzip")))) {
            assertRejectedAt(exactOffsets() ? 0 : input.length, () -> decompress(input, 3));
        }
        assertInvalidAt(0, () -> StageHarness.run(codec().decompressor(Long.MAX_VALUE, 0), List.of()));
    }

    @Test
    void randomGarbageNeverPassesUnnoticedOrHangs() {
        Random random = new Random(31);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = randomBytes(random, 1 + random.nextInt(300));
            assertFails(ProblemType.INVALID_INPUT, () -> decompress(garbage, 1 + random.nextInt(40)));
        }
    }

    @Test
    void bombsStopAtTheOutputLimit() {
        byte[] zeros = new byte[8 << 20];
        byte[] bomb = referenceCompressed(zeros);
        for (long max : new long[] {0, 1, 65536, 1_000_001}) {
            TestData.Outcome outcome = TestData.runCounting(codec().decompressor(max, 0), StageHarness.split(bomb, 4096));
            assertNotNull(outcome.failure(), "limit " + max);
            assertEquals(ProblemType.LIMIT_EXCEEDED, outcome.failure().type());
            assertTrue(outcome.produced() <= max, outcome.produced() + " bytes out with the limit at " + max);
        }
        assertEquals(zeros.length, StageHarness.run(codec().decompressor(zeros.length, 0), bomb, 65536).length);
    }

    @Test
    void bombsStopAtTheRatioLimit() {
        byte[] bomb = referenceCompressed(new byte[8 << 20]);
        TestData.Outcome outcome = TestData.runCounting(codec().decompressor(Long.MAX_VALUE, 20), StageHarness.split(bomb, 4096));
        assertNotNull(outcome.failure());
        assertEquals(ProblemType.LIMIT_EXCEEDED, outcome.failure().type());
        assertTrue(outcome.failure().detail().contains("20 times"), outcome.failure().detail());
        assertTrue(outcome.produced() <= OutputBudget.RATIO_GRACE_BYTES + 20L * bomb.length, "stopped at " + outcome.produced());
    }

    /** Input cut into chunks of every size in {@code sizes}, for tests that need chunk lists. */
    protected static List<byte[]> chunks(byte[] input, int... sizes) {
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        for (int i = 0; pos < input.length; i++) {
            int n = Math.min(sizes[i % sizes.length], input.length - pos);
            chunks.add(Arrays.copyOfRange(input, pos, pos + n));
            pos += n;
        }
        return chunks;
    }
}
