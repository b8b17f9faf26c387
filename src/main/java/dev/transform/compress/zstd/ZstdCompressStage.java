package dev.transform.compress.zstd;

import dev.transform.compress.BlockCompressStage;
import dev.transform.compress.PendingOutput;
import io.airlift.compress.zstd.ZstdCompressor;

/**
 * Compresses to zstd as concatenated frames, one per 128 KiB of input (zstd's largest block), each
 * with its content size and checksum: every zstd decoder reads them as one stream (RFC 8878 §3.1).
 * aircompressor's streaming {@code ZstdOutputStream} would make one frame, but it buffers up to four
 * windows (8 MiB) of input per stream; a frame per block bounds an exchange to one block.
 */
final class ZstdCompressStage extends BlockCompressStage {

    static final int FRAME_INPUT = 128 * 1024;

    private final ZstdCompressor compressor = new ZstdCompressor();
    private byte[] frame = new byte[0];

    ZstdCompressStage() {
        super(FRAME_INPUT);
    }

    @Override
    protected void encode(byte[] block, int length, PendingOutput out) {
        int bound = compressor.maxCompressedLength(length);
        if (frame.length < bound) {
            frame = new byte[bound];
        }
        int written = compressor.compress(block, 0, length, frame, 0, frame.length);
        out.write(frame, 0, written);
    }
}
