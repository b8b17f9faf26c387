package dev.transform.compress.bzip2;

import dev.transform.compress.BlockCompressStage;
import dev.transform.compress.PendingOutput;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.Bzip2Encoder;

/**
 * Compresses to one bzip2 stream with Netty's {@link Bzip2Encoder}, which gathers a block of the
 * level's size (100 kB to 900 kB) and writes it compressed once full: an exchange holds that block,
 * its encoding, and the 64 KiB of input gathered here so the encoder is called per 64 KiB, not per
 * chunk, however small the chunks come.
 */
final class Bzip2CompressStage extends BlockCompressStage {

    private static final int INPUT_BLOCK = 64 * 1024;

    private final Bzip2Encoder encoder;
    private final EmbeddedHandler handler;

    Bzip2CompressStage(int level) {
        super(INPUT_BLOCK);
        encoder = new Bzip2Encoder(level);
        // A block of 900 kB compresses to at most a little more: a cap no valid write reaches.
        handler = new EmbeddedHandler(encoder, 2 << 20);
    }

    /** The stream header: the encoder writes it with its first write, so an empty input gets it from an empty one. */
    @Override
    protected void start(PendingOutput out) {
        handler.outbound(Unpooled.EMPTY_BUFFER);
        drain(out);
    }

    @Override
    protected void encode(byte[] block, int length, PendingOutput out) {
        // The encoder copies all of it into its own block before this returns, so it is wrapped, not copied.
        handler.outbound(Unpooled.wrappedBuffer(block, 0, length));
        drain(out);
    }

    @Override
    protected void finish(PendingOutput out) {
        encoder.close();
        drain(out);
    }

    private void drain(PendingOutput out) {
        for (byte[] bytes = handler.nextOutbound(); bytes != null; bytes = handler.nextOutbound()) {
            out.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public void release() {
        handler.release();
    }
}
