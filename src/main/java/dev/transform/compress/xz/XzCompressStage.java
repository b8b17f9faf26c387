package dev.transform.compress.xz;

import dev.transform.compress.BlockCompressStage;
import dev.transform.compress.PendingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses to one xz stream (LZMA2, a CRC64 check, as xz(1) writes by default) with XZ for Java's
 * encoder, a push encoder: input goes to it per 64 KiB and what it writes lands in the pending output.
 */
final class XzCompressStage extends BlockCompressStage {

    private static final int INPUT_BLOCK = 64 * 1024;

    private final LZMA2Options options;
    private XZOutputStream encoder;

    XzCompressStage(int preset) {
        super(INPUT_BLOCK);
        options = options(preset);
    }

    /** The encoder's options at {@code preset}, its dictionary capped. */
    static LZMA2Options options(int preset) {
        try {
            LZMA2Options options = new LZMA2Options(preset);
            options.setDictSize(Math.min(options.getDictSize(), XzCodec.MAX_DICTIONARY_MIB << 20));
            return options;
        } catch (UnsupportedOptionsException e) {
            throw new IllegalArgumentException("xz preset " + preset, e);
        }
    }

    @Override
    protected void start(PendingOutput out) {
        try {
            encoder = new XZOutputStream(out, options, XZ.CHECK_CRC64, XzCodec.ARRAYS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void encode(byte[] block, int length, PendingOutput out) {
        try {
            encoder.write(block, 0, length);
        } catch (IOException e) {
            // PendingOutput never fails: this is the encoder's own failure, a bug.
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void finish(PendingOutput out) {
        try {
            encoder.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lets go of the encoder, whose match finder is most of the ~94 MiB a preset-6 stream reserves: an
     * ended exchange, and this stage with it, can stay reachable for a while after its reservation is
     * given back, and a stream cut off before its end would otherwise hold all of it until then.
     */
    @Override
    public void release() {
        encoder = null;
    }
}
