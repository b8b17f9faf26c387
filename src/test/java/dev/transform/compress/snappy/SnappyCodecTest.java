package dev.transform.compress.snappy;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.Codec;
import dev.transform.compress.CodecContract;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.ReferenceTool;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Snappy's framing format against cramjam (python3; cramjam.snappy.compress and decompress are the
 * framing format, on the C++ snappy library): the contract, and checksums and chunk types.
 */
class SnappyCodecTest extends CodecContract {

    private static final SnappyCodec SNAPPY = new SnappyCodec();
    private static final String STDIN_TO_STDOUT = "import sys, cramjam; sys.stdout.buffer.write(bytes(cramjam.snappy.%s(sys.stdin.buffer.read())))";

    @BeforeEach
    void oracle() {
        ReferenceTool.assumePythonModule("cramjam", "cramjam");
    }

    @Override
    protected Codec codec() {
        return SNAPPY;
    }

    @Override
    protected String[] referenceCompress() {
        return new String[] {"python3", "-c", STDIN_TO_STDOUT.formatted("compress")};
    }

    @Override
    protected String[] referenceDecompress() {
        return new String[] {"python3", "-c", STDIN_TO_STDOUT.formatted("decompress")};
    }

    /**
     * cramjam writes nothing at all for empty input; a framing stream starts with its identifier (what
     * this service writes and reads, refusing empty input as "no snappy data" as for every format), so
     * that is the empty stream here.
     */
    @Override
    protected byte[] referenceCompressed(byte[] data) {
        byte[] compressed = super.referenceCompressed(data);
        return compressed.length == 0 ? SnappyCodec.STREAM_IDENTIFIER.clone() : compressed;
    }

    /** A lone 0 byte after a stream is the start of a compressed chunk's header: a truncated chunk, where the input ends. */
    @Override
    protected List<byte[]> trailingData() {
        return List.of(ascii("junk"), new byte[13], new byte[] {2, 0, 0, 0});
    }

    @Test
    void checksumMismatchesAreRejectedAtTheChecksum() {
        byte[] data = mixedBytes(new Random(12), 100_000);
        byte[] compressed = referenceCompressed(data);
        byte[] flipped = compressed.clone();
        flipped[14] ^= 1;
        TransformException e = assertInvalidAt(14, () -> decompress(flipped, 3));
        assertTrue(e.detail().contains("checksum"), e.detail());

        byte[] stored = SnappyCodec.STREAM_IDENTIFIER.clone();
        byte[] raw = concat(stored, new byte[] {1, 7, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c'});
        assertInvalidAt(14, () -> decompress(raw, 1));
    }

    @Test
    void paddingAndSkippableChunksAreSkippedAndReservedOnesRefused() {
        byte[] hello = StageHarness.run(SNAPPY.compressor(0), ascii("hello"), 64);
        byte[] padding = {(byte) 0xfe, 3, 0, 0, 0, 0, 0};
        byte[] skippable = {(byte) 0x80, 2, 0, 0, 'x', 'y'};
        byte[] input = concat(hello, padding, skippable, hello);
        assertArrayEquals(ascii("hellohello"), ReferenceTool.run(input, referenceDecompress()), "cramjam agrees");
        assertAllChunkings(ascii("hellohello"), () -> SNAPPY.decompressor(Long.MAX_VALUE, 0), input);

        byte[] reserved = concat(hello, new byte[] {0x02, 1, 0, 0, 0});
        TransformException e = assertInvalidAt(hello.length, () -> decompress(reserved, 2));
        assertTrue(e.detail().contains("reserved unskippable"), e.detail());
    }

    @Test
    void blocksBeyondTheChunkBoundsAreRefused() {
        byte[] id = SnappyCodec.STREAM_IDENTIFIER;
        // A compressed chunk whose block declares 65537 bytes (varint 81 80 04).
        byte[] tooLong = concat(id, new byte[] {0, 7, 0, 0, 0, 0, 0, 0, (byte) 0x81, (byte) 0x80, 0x04});
        assertInvalidAt(id.length + 8, () -> decompress(tooLong, 1));
        // An uncompressed chunk longer than 64 KiB of data.
        byte[] huge = concat(id, new byte[] {1, 5, 0, 1});
        assertInvalidAt(id.length, () -> decompress(huge, 5));
        // A block that declares 10 bytes but holds a 3-byte literal.
        byte[] shortBlock = concat(id, new byte[] {0, 9, 0, 0, 0, 0, 0, 0, 10, 0x08, 'a', 'b', 'c'});
        assertInvalidAt(id.length + 8, () -> decompress(shortBlock, 4));
        // A stream that does not start with the identifier.
        assertInvalidAt(0, () -> decompress(new byte[] {1, 4, 0, 0, 0, 0, 0, 0}, 1));
    }

    /**
     * Blocks built to reach outside the decoder's arrays (its coder works on raw memory): a literal whose
     * 4-byte length is negative, after a literal that fills the output to its last bytes; a copy from
     * before the output's start; a copy that runs past the declared length. Each is a 422 at the block.
     */
    @Test
    void hostileBlocksAreRefusedAtTheBlock() {
        byte[] id = SnappyCodec.STREAM_IDENTIFIER;
        int filled = 65530;
        byte[] nearTheEnd = new byte[3 + 5 + filled + 5 + 16];
        int at = 0;
        for (byte b : new byte[] {(byte) 0x80, (byte) 0x80, 0x04, (byte) 0xfc, (byte) (filled - 1), (byte) ((filled - 1) >>> 8), 0, 0}) {
            nearTheEnd[at++] = b;
        }
        at += filled;
        for (byte b : new byte[] {(byte) 0xfc, 0, 0, 0, (byte) 0x80}) {
            nearTheEnd[at++] = b;
        }
        byte[][] blocks = {
            nearTheEnd,
            {8, 0x00, 'a', 0x09, 0x05}, // a literal "a", then a copy of 6 from 5 bytes back: before the start
            {4, 0x0c, 'a', 'b', 'c', 'd', 0x01, 0x04}, // "abcd", then a copy of 4 more: past the declared 4
        };
        for (byte[] block : blocks) {
            int chunkLength = 4 + block.length;
            byte[] chunk = concat(id, new byte[] {0, (byte) chunkLength, (byte) (chunkLength >>> 8), 0, 0, 0, 0, 0}, block);
            TransformException e = assertInvalidAt(id.length + 8, () -> decompress(chunk, 7));
            assertTrue(e.detail().contains("corrupt snappy block"), e.detail());
        }
    }

    @Test
    void incompressibleInputIsStoredAndEmptyInputIsJustTheIdentifier() {
        assertArrayEquals(SnappyCodec.STREAM_IDENTIFIER, StageHarness.run(SNAPPY.compressor(0), new byte[0], 1));
        byte[] noise = dev.transform.testing.TestData.randomBytes(new Random(5), 70_000);
        byte[] compressed = StageHarness.run(SNAPPY.compressor(0), noise, 999);
        assertTrue(compressed.length < noise.length + 40, compressed.length + " bytes");
        assertArrayEquals(noise, ReferenceTool.run(compressed, referenceDecompress()));
    }
}
