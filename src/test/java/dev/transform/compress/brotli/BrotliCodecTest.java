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
