package dev.transform.compress.lz4;

import dev.transform.compress.BlockCompressStage;
import dev.transform.compress.PendingOutput;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4RawCompressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Compresses to one lz4 frame: independent 64 KiB blocks (the smallest block size, so an exchange holds
 * little), each stored raw when compressing would not shrink it, and a content checksum, as lz4(1)
 * writes by default. Levels as lz4(1): 1 and 2 the fast coder (aircompressor's, on the arrays), 3 to
 * 12 LZ4HC at that level (lz4-java's safe instance; aircompressor has no HC coder).
 */
final class Lz4CompressStage extends BlockCompressStage {

    static final int BLOCK_SIZE = 64 * 1024;

    /** Version 01, independent blocks, content checksum; block maximum 64 KiB. */
    private static final int FLAGS = 0x40 | 0x20 | 0x04;
    private static final int BLOCK_DESCRIPTOR = 4 << 4;
    private static final int UNCOMPRESSED = 0x80000000;

    /** The shape both libraries' block compressors share: the compressed size, written at {@code out[outOffset]}. */
    private interface BlockCompressor {
        int compress(byte[] in, int offset, int length, byte[] out, int outOffset, int maxLength);
    }

    private final BlockCompressor compressor;
    private final XxHash32 contentHash = new XxHash32(0);
    private final byte[] compressed;

    Lz4CompressStage(int level) {
        super(BLOCK_SIZE);
        this.compressor = level < 3 ? new Lz4Compressor()::compress : LZ4Factory.safeInstance().highCompressor(level)::compress;
        // lz4's bound on a block's compressed size, the same whichever coder wrote it.
        this.compressed = new byte[Lz4RawCompressor.maxCompressedLength(BLOCK_SIZE)];
    }

    @Override
    protected void start(PendingOutput out) {
        byte[] descriptor = {(byte) FLAGS, (byte) BLOCK_DESCRIPTOR};
        out.write(Lz4Codec.littleEndian(Lz4Codec.MAGIC), 0, 4);
        out.write(descriptor, 0, 2);
        out.write(FrameDescriptor.headerChecksum(descriptor, 0, 2));
    }

    @Override
    protected void encode(byte[] block, int length, PendingOutput out) {
        if (length == 0) {
            return;
        }
        contentHash.update(block, 0, length);
        int size = compressor.compress(block, 0, length, compressed, 0, compressed.length);
        if (size < length) {
            out.write(Lz4Codec.littleEndian(size), 0, 4);
            out.write(compressed, 0, size);
        } else {
            out.write(Lz4Codec.littleEndian(length | UNCOMPRESSED), 0, 4);
            out.write(block, 0, length);
        }
    }

    @Override
    protected void finish(PendingOutput out) {
        out.write(new byte[4], 0, 4);
        out.write(Lz4Codec.littleEndian(contentHash.value()), 0, 4);
    }
}
