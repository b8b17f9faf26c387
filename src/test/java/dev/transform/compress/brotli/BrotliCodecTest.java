package dev.transform.compress.brotli;

import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.Codec;
import dev.transform.compress.CodecContract;
import dev.transform.engine.NativeResource;
import dev.transform.engine.StageHarness;
import dev.transform.testing.ReferenceTool;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** brotli against the brotli CLI (v1.0.9): the contract (brotli streams do not concatenate), every quality, native counts. */
class BrotliCodecTest extends CodecContract {

    private static final BrotliCodec BROTLI = new BrotliCodec();

    @Override
    protected Codec codec() {
        return BROTLI;
    }

    @Override
    protected String[] referenceCompress() {
        return new String[] {"brotli", "-c", "-q", "9"};
    }

    @Override
    protected String[] referenceDecompress() {
        return new String[] {"brotli", "-d", "-c"};
    }

    /** A 64 KiB window: the decoder's ring buffer wraps some twenty times over the test's 1.5 MB. */
    @Override
    protected String[] referenceCompressInSmallBlocks() {
        return new String[] {"brotli", "-c", "-q", "9", "-w", "16"};
    }

    @Override
    protected boolean exactOffsets() {
        return false;
    }

    @Override
    protected boolean concatenates() {
        return false;
    }

    @Test
    void everyQualityAndLargeWindowsRoundTrip() {
        byte[] data = mixedBytes(new Random(14), 120_000);
        for (int quality = 0; quality <= 11; quality++) {
            byte[] compressed = StageHarness.runRandomlyChunked(BROTLI.compressor(quality), data, new Random(quality), 9000);
            assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()), "quality " + quality);
        }
        byte[] large = ReferenceTool.run(data, "brotli", "-c", "-q", "5", "--lgwin=24");
        assertAllChunkings(data, () -> BROTLI.decompressor(Long.MAX_VALUE, 0), large);
    }

    /**
     * A stream whose input is all taken while output is still pending: the decoder still holds the
     * last meta-block's bits once its output is pulled, and must be resumed without input to end
     * (it was called truncated after all 16 MiB had been handed out).
     */
    @Test
    void endsAStreamWhoseLastBitsWereTakenBeforeItsOutput() {
        byte[] zeros = new byte[16 << 20];
        byte[] compressed = ReferenceTool.run(zeros, "brotli", "-c", "-q", "6");
        for (int chunkSize : new int[] {1, 7, compressed.length}) {
            assertArrayEquals(zeros, StageHarness.run(BROTLI.decompressor(Long.MAX_VALUE, 0), compressed, chunkSize),
                    "chunk size " + chunkSize);
        }
    }

    @Test
    void nativeStateIsCountedAndFreed() {
        long encoders = NativeResource.BROTLI_ENCODER.open();
        long decoders = NativeResource.BROTLI_DECODER.open();
        var encoder = BROTLI.compressor(5);
        var decoder = BROTLI.decompressor(100, 0);
        assertEquals(encoders + 1, NativeResource.BROTLI_ENCODER.open());
        assertEquals(decoders + 1, NativeResource.BROTLI_DECODER.open());
        encoder.release();
        decoder.release();
        assertEquals(encoders, NativeResource.BROTLI_ENCODER.open());
        assertEquals(decoders, NativeResource.BROTLI_DECODER.open());
        byte[] out = StageHarness.run(BROTLI.compressor(1), new byte[1000], 10);
        assertTrue(out.length < 100);
        assertEquals(encoders, NativeResource.BROTLI_ENCODER.open(), "a finished stream is freed once");
    }
}
