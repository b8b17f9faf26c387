package dev.transform.compress.zstd;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.Codec;
import dev.transform.compress.CodecContract;
import dev.transform.engine.ProblemType;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.ReferenceTool;
import dev.transform.testing.TestData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** zstd against the zstd CLI (v1.5): the contract, and skippable frames, checksums and the window limit. */
class ZstdCodecTest extends CodecContract {

    private static final ZstdCodec ZSTD = new ZstdCodec();

    @Override
    protected Codec codec() {
        return ZSTD;
    }

    @Override
    protected String[] referenceCompress() {
        return new String[] {"zstd", "-q", "-c"};
    }

    @Override
    protected String[] referenceDecompress() {
        return new String[] {"zstd", "-q", "-d", "-c"};
    }

    /** A skippable frame (RFC 8878 §3.1.2) with magic nibble {@code nibble} around {@code payload}. */
    private static byte[] skippable(int nibble, byte[] payload) {
        int n = payload.length;
        return concat(new byte[] {(byte) (0x50 | nibble), 0x2a, 0x4d, 0x18, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)},
                payload);
    }

    @Test
    void skippableFramesAreSkippedWhereverTheyAre() {
        byte[] data = mixedBytes(new Random(5), 50_000);
        byte[] input = concat(skippable(0, ascii("metadata")), referenceCompressed(data), skippable(15, new byte[70_000]),
                referenceCompressed(ascii("more")), skippable(7, new byte[0]));
        byte[] expected = concat(data, ascii("more"));
        assertArrayEquals(expected, ReferenceTool.run(input, referenceDecompress()), "the zstd CLI agrees");
        assertAllChunkings(expected, () -> ZSTD.decompressor(Long.MAX_VALUE, 0), input);
        assertAllChunkings(new byte[0], () -> ZSTD.decompressor(Long.MAX_VALUE, 0), skippable(3, ascii("only")));
        byte[] cut = java.util.Arrays.copyOf(skippable(0, new byte[100]), 50);
        assertInvalidAt(50, () -> StageHarness.run(ZSTD.decompressor(Long.MAX_VALUE, 0), cut, 7));
    }

    @Test
    void aContentChecksumMismatchIsRejected() {
        byte[] compressed = referenceCompressed(mixedBytes(new Random(6), 20_000));
        compressed[compressed.length - 1] ^= 1;
        for (int size : TestData.CHUNK_SIZES) {
            TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> StageHarness.run(ZSTD.decompressor(Long.MAX_VALUE, 0),
                    compressed, size));
            assertTrue(e.detail().contains("checksum"), e.detail());
            assertTrue(e.offset() >= compressed.length - 4 && e.offset() <= compressed.length, "offset " + e.offset());
        }
    }

    @Test
    void corruptBlocksAreRejected() {
        byte[] data = mixedBytes(new Random(7), 100_000);
        byte[] compressed = referenceCompressed(data);
        for (int at : new int[] {compressed.length / 3, compressed.length / 2, compressed.length * 3 / 4}) {
            byte[] corrupt = compressed.clone();
            corrupt[at] ^= 0x55;
            TransformException e = assertFails(ProblemType.INVALID_INPUT,
                    () -> StageHarness.run(ZSTD.decompressor(Long.MAX_VALUE, 0), corrupt, 1000));
            assertTrue(e.offset() <= compressed.length, "offset " + e.offset());
            assertTrue(ReferenceTool.runAllowingFailure(corrupt, referenceDecompress()).exitCode() != 0, "the zstd CLI rejects it too");
        }
    }

    @Test
    void framesNeedingTooLargeAWindowAreRefused() {
        // Frame header descriptor 0 (no single segment, no checksum), window descriptor for 2^24 bytes.
        byte[] header = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) ((24 - 10) << 3), 1, 0, 0};
        TransformException e = assertInvalidAt(5, () -> StageHarness.run(ZSTD.decompressor(Long.MAX_VALUE, 0), header, 1));
        assertTrue(e.detail().contains("window of 16777216 bytes"), e.detail());
        byte[] large = ReferenceTool.run(new byte[100], "zstd", "-q", "-c", "--zstd=wlog=24", "--no-content-size");
        assertInvalidAt(5, () -> StageHarness.run(ZSTD.decompressor(Long.MAX_VALUE, 0), large, 3));
        byte[] allowed = ReferenceTool.run(new byte[100], "zstd", "-q", "-c", "--zstd=wlog=23", "--no-content-size");
        assertArrayEquals(new byte[100], StageHarness.run(ZSTD.decompressor(Long.MAX_VALUE, 0), allowed, 3));
    }

    @Test
    void ourFramesCarryChecksumsTheCliVerifies() {
        byte[] data = mixedBytes(new Random(8), 300_000);
        byte[] compressed = StageHarness.run(ZSTD.compressor(0), data, 65536);
        String listing = new String(ReferenceTool.run(compressed, "zstd", "-q", "-t", "-v", "-"));
        assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()));
        assertNull(ZSTD.levels(), "aircompressor has one level");
        assertTrue(listing.isEmpty() || !listing.contains("Error"), listing);
    }
}
