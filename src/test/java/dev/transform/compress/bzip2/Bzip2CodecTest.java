package dev.transform.compress.bzip2;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.Codec;
import dev.transform.compress.CodecContract;
import dev.transform.engine.ProblemType;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.ReferenceTool;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * bzip2 against the bzip2 CLI (1.0.8) and python's bz2 module: the contract, every level, streams as
 * pbzip2 writes them (one per block), and the block and stream CRCs.
 */
class Bzip2CodecTest extends CodecContract {

    private static final Bzip2Codec BZIP2 = new Bzip2Codec();

    @Override
    protected Codec codec() {
        return BZIP2;
    }

    @Override
    protected String[] referenceCompress() {
        return new String[] {"bzip2", "-c"};
    }

    @Override
    protected String[] referenceDecompress() {
        return new String[] {"bzip2", "-d", "-c"};
    }

    @Test
    void everyLevelRoundTripsThroughTheCliAndPython() {
        byte[] data = mixedBytes(new Random(11), 250_000);
        for (int level = 1; level <= 9; level++) {
            byte[] compressed = StageHarness.run(BZIP2.compressor(level), data, 8191);
            assertTrue(compressed[3] == '0' + level, "block size digit of level " + level);
            assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()), "level " + level);
        }
        byte[] compressed = StageHarness.run(BZIP2.compressor(1), data, 1000);
        assertArrayEquals(data, ReferenceTool.run(compressed, "python3", "-c",
                "import bz2, sys; sys.stdout.buffer.write(bz2.decompress(sys.stdin.buffer.read()))"));
    }

    @Test
    void manyStreamsAsPbzip2WritesThemDecodeWhole() {
        // pbzip2 compresses each block as a stream of its own; python's bz2 writes the same shape here.
        byte[] data = mixedBytes(new Random(12), 400_000);
        byte[] streams = ReferenceTool.run(data, "python3", "-c", "import bz2, sys\n"
                + "d = sys.stdin.buffer.read()\n"
                + "sys.stdout.buffer.write(b''.join(bz2.compress(d[i:i + 100000], 1) for i in range(0, len(d), 100000)))");
        assertArrayEquals(data, ReferenceTool.run(streams, referenceDecompress()), "bzip2 agrees");
        for (int size : new int[] {1, 13, 4096, 65536}) {
            assertArrayEquals(data, decompress(streams, size), "chunk size " + size);
        }
        byte[] small = ascii("pbzip2");
        byte[] three = concat(referenceCompressed(small), referenceCompressed(new byte[0]), referenceCompressed(small));
        assertAllChunkings(concat(small, small), () -> BZIP2.decompressor(Long.MAX_VALUE, 0), three);
    }

    @Test
    void crcMismatchesAreRejected() {
        byte[] data = mixedBytes(new Random(13), 100_000);
        byte[] stream = referenceCompressed(data);
        stream[stream.length - 2] ^= 0x01;
        TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> decompress(stream, 7));
        assertTrue(e.detail().contains("CRC"), e.detail());

        byte[] block = referenceCompressed(data);
        // The block CRC: the 4 bytes after "BZh9" and the block magic.
        block[10] ^= 0x40;
        e = assertFails(ProblemType.INVALID_INPUT, () -> decompress(block, 4096));
        assertTrue(e.detail().contains("CRC"), e.detail());
    }

    @Test
    void emptyInputCompressesToTheEmptyStream() {
        byte[] empty = StageHarness.run(BZIP2.compressor(9), new byte[0], 1);
        assertArrayEquals(referenceCompressed(new byte[0]), empty);
    }
}
