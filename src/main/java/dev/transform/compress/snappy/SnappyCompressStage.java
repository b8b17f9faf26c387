package dev.transform.compress.snappy;

import dev.transform.compress.BlockCompressStage;
import dev.transform.compress.PendingOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.Snappy;

/**
 * Compresses to one snappy framing stream: the stream identifier, then a chunk per 64 KiB of input,
 * compressed unless that saves less than an eighth (as snappy's own framer decides), each with the
 * masked CRC-32C of its uncompressed data. Netty's {@code Snappy} codes the blocks; the buffers it
 * works on wrap this stage's arrays (unpooled heap), so nothing is held past a block.
 */
final class SnappyCompressStage extends BlockCompressStage {

    /** Snappy's bound on a block's compressed size: 32 + n + n / 6. */
    private static final int MAX_COMPRESSED = 32 + SnappyCodec.MAX_CHUNK_DATA + SnappyCodec.MAX_CHUNK_DATA / 6;

    private final Snappy snappy = new Snappy();
    private final byte[] compressed = new byte[MAX_COMPRESSED];

    SnappyCompressStage() {
        super(SnappyCodec.MAX_CHUNK_DATA);
    }

    @Override
    protected void start(PendingOutput out) {
        out.write(SnappyCodec.STREAM_IDENTIFIER, 0, SnappyCodec.STREAM_IDENTIFIER.length);
    }

    @Override
    protected void encode(byte[] block, int length, PendingOutput out) {
        if (length == 0) {
            return;
        }
        ByteBuf in = Unpooled.wrappedBuffer(block, 0, length);
        ByteBuf into = Unpooled.wrappedBuffer(compressed).clear();
        int size;
        try {
            snappy.reset();
            snappy.encode(in, into, length);
            size = into.writerIndex();
        } finally {
            in.release();
            into.release();
        }
        int crc = SnappyCodec.maskedCrc(block, 0, length);
        if (size < length - length / 8) {
            chunk(out, SnappyCodec.COMPRESSED, crc, compressed, size);
        } else {
            chunk(out, SnappyCodec.UNCOMPRESSED, crc, block, length);
        }
    }

    private static void chunk(PendingOutput out, int type, int crc, byte[] data, int length) {
        int chunkLength = 4 + length;
        out.write(new byte[] {(byte) type, (byte) chunkLength, (byte) (chunkLength >>> 8), (byte) (chunkLength >>> 16),
                (byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24)}, 0, 8);
        out.write(data, 0, length);
    }
}
