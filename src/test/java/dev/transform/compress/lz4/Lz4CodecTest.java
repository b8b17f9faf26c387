package dev.transform.compress.lz4;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.Codec;
import dev.transform.compress.CodecContract;
import dev.transform.engine.ProblemType;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.ReferenceTool;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** lz4 frames against the lz4 CLI (v1.9): the contract, and block sizes, checksums and what is refused. */
class Lz4CodecTest extends CodecContract {

    private static final Lz4Codec LZ4 = new Lz4Codec();

    @Override
    protected Codec codec() {
        return LZ4;
    }

    @Override
    protected String[] referenceCompress() {
        return new String[] {"lz4", "-q", "-c"};
    }

    @Override
    protected String[] referenceDecompress() {
        return new String[] {"lz4", "-q", "-d", "-c"};
    }

    @Override
    protected String[] referenceCompressInSmallBlocks() {
        return new String[] {"lz4", "-q", "-c", "-B4"};
    }

    @Test
    void everyBlockSizeAndChecksumOptionOfTheCli() {
        byte[] data = mixedBytes(new Random(9), 1_500_000);
        for (String blockSize : new String[] {"-B4", "-B5", "-B6", "-B7"}) {
            for (String[] options : new String[][] {{}, {"-BX"}, {"--no-frame-crc"}, {"--content-size"}}) {
                String[] command = concat("lz4 -q -c " + blockSize, options);
                byte[] compressed = ReferenceTool.run(data, command);
                assertArrayEquals(data, decompress(compressed, 65536), String.join(" ", command));
                assertArrayEquals(data, decompress(compressed, 7919), String.join(" ", command));
            }
        }
        byte[] small = mixedBytes(new Random(10), 70_000);
        assertAllChunkings(small, () -> LZ4.decompressor(Long.MAX_VALUE, 0), ReferenceTool.run(small, "lz4", "-q", "-c", "-BX", "-B4"));
        // A descriptor with the content size (11 bytes) arriving a byte at a time (found by the fuzzer);
        // the CLI writes no content size when it reads a pipe, so it is put in here.
        assertAllChunkings(small, () -> LZ4.decompressor(Long.MAX_VALUE, 0),
                withContentSize(ReferenceTool.run(small, "lz4", "-q", "-c"), small.length));
    }

    /** {@code frame} (one frame, no content size in its descriptor) with {@code size} declared in it. */
    private static byte[] withContentSize(byte[] frame, long size) {
        assertEquals(0, frame[4] & 0x08, "the frame has no content size yet");
        byte[] sized = new byte[frame.length + 8];
        System.arraycopy(frame, 0, sized, 0, 6);
        sized[4] |= 0x08;
        for (int i = 0; i < 8; i++) {
            sized[6 + i] = (byte) (size >>> (8 * i));
        }
        sized[14] = (byte) FrameDescriptor.headerChecksum(sized, 4, 10);
        System.arraycopy(frame, 7, sized, 15, frame.length - 7);
        return sized;
    }

    private static String[] concat(String command, String[] options) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(command.split(" ")), java.util.Arrays.stream(options))
                .toArray(String[]::new);
    }

    @Test
    void everyLevelRoundTripsThroughTheCli() {
        byte[] data = mixedBytes(new Random(11), 150_000);
        for (int level = 1; level <= 12; level++) {
            byte[] compressed = StageHarness.run(LZ4.compressor(level), data, 8191);
            assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()), "level " + level);
        }
    }

    @Test
    void checksumMismatchesAreRejected() {
        byte[] data = mixedBytes(new Random(12), 100_000);
        byte[] content = referenceCompressed(data);
        content[content.length - 1] ^= 1;
        TransformException e = assertInvalidAt(content.length - 4, () -> decompress(content, 3));
        assertTrue(e.detail().contains("content checksum"), e.detail());

        byte[] blocks = ReferenceTool.run(data, "lz4", "-q", "-c", "-BX", "-B4", "--no-frame-crc");
        blocks[blocks.length / 2] ^= 0x10;
        e = assertFails(ProblemType.INVALID_INPUT, () -> decompress(blocks, 1000));
        assertTrue(e.detail().contains("block checksum") || e.detail().contains("lz4 block"), e.detail());

        byte[] header = referenceCompressed(data);
        header[6] ^= 1;
        e = assertInvalidAt(6, () -> decompress(header, 1));
        assertTrue(e.detail().contains("header checksum"), e.detail());
    }

    @Test
    void linkedBlocksAndTheLegacyFormatAreRefusedByName() {
        byte[] data = mixedBytes(new Random(13), 200_000);
        // More than one 64 KiB block: with a single block, lz4 marks the frame independent whatever -BD says.
        TransformException linked = assertInvalidAt(4, () -> decompress(ReferenceTool.run(data, "lz4", "-q", "-c", "-B4", "-BD"), 5));
        assertTrue(linked.detail().contains("linked blocks"), linked.detail());
        TransformException legacy = assertInvalidAt(0, () -> decompress(ReferenceTool.run(data, "lz4", "-q", "-c", "-l"), 5));
        assertTrue(legacy.detail().contains("legacy"), legacy.detail());
    }

    /**
     * Blocks built to reach outside the decoder's arrays (its coder works on raw memory), each in a frame of
     * its own: a match from before the output's start, a match at offset 0, a literal run longer than the
     * block, a match that runs past the frame's 64 KiB block maximum. Each is a 422 at the block.
     */
    @Test
    void hostileBlocksAreRefusedAtTheBlock() {
        byte[] pastTheMaximum = new byte[3 + 300 + 1];
        pastTheMaximum[0] = 0x1f; // one literal, then a match of 15 + the extension bytes
        pastTheMaximum[1] = 'a';
        pastTheMaximum[2] = 1; // offset 1 (little-endian, its second byte below)
        java.util.Arrays.fill(pastTheMaximum, 4, 4 + 299, (byte) 0xff);
        byte[][] blocks = {
            {0x10, 'a', 5, 0, 0x00}, // "a", then 4 bytes from 5 back
            {0x10, 'a', 0, 0, 0x00}, // "a", then a match at offset 0
            {(byte) 0xf0, (byte) 0xff, (byte) 0xff, 10, 'a', 'b', 'c'}, // a literal run of 15 + 255 + 255 + 10, three bytes there
            pastTheMaximum,
        };
        byte[] descriptor = {0x60, 0x40}; // version 01, independent blocks, no checksums; 64 KiB blocks
        byte[] header = concat(Lz4Codec.littleEndian(Lz4Codec.MAGIC), descriptor,
                new byte[] {(byte) FrameDescriptor.headerChecksum(descriptor, 0, 2)});
        for (byte[] block : blocks) {
            byte[] frame = concat(header, Lz4Codec.littleEndian(block.length), block, new byte[4]);
            TransformException e = assertInvalidAt(header.length + 4, () -> decompress(frame, 3));
            assertTrue(e.detail().contains("corrupt lz4 block"), e.detail());
        }
    }

    @Test
    void skippableFramesAreSkipped() {
        byte[] skippable = {0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'};
        byte[] input = concat(skippable, referenceCompressed(ascii("lz4")), skippable);
        assertArrayEquals(ascii("lz4"), ReferenceTool.run(input, referenceDecompress()), "the lz4 CLI agrees");
        assertAllChunkings(ascii("lz4"), () -> LZ4.decompressor(Long.MAX_VALUE, 0), input);
    }
}
