package dev.transform.compress.snappy;

import dev.transform.compress.BlockCompressStage;
import dev.transform.compress.PendingOutput;
import io.airlift.compress.snappy.SnappyCompressor;

/**
 * Compresses to one snappy framing stream: the stream identifier, then a chunk per 64 KiB of input,
 * compressed unless that saves less than an eighth (as snappy's own framer decides), each with the
 * masked CRC-32C of its uncompressed data. aircompressor's {@code SnappyCompressor} codes each block
 * from this stage's array into another, reused from block to block.
 */
final class SnappyCompressStage extends BlockCompressStage {

    private final SnappyCompressor snappy = new SnappyCompressor();
    private final byte[] compressed = new byte[snappy.maxCompressedLength(SnappyCodec.MAX_CHUNK_DATA)];

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
        int size = snappy.compress(block, 0, length, compressed, 0, compressed.length);
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
