package dev.transform.compress.zstd;

import dev.transform.catalogue.MediaTypes;
import dev.transform.compress.Codec;
import dev.transform.compress.FramedDecompressStage;
import dev.transform.compress.Sniffer;
import dev.transform.engine.Stage;

/**
 * Zstandard (RFC 8878), with aircompressor's pure-Java coder. Its encoder has one setting, zstd's
 * level 3 (the zstd CLI's default), so {@code compress/zstd} takes no level.
 */
public final class ZstdCodec implements Codec {

    /** The magic number of a zstd frame, little-endian: 0xFD2FB528. */
    static final int MAGIC = 0xFD2FB528;

    @Override
    public String id() {
        return "zstd";
    }

    @Override
    public String description() {
        return "zstd (RFC 8878; concatenated and skippable frames are read; windows up to "
                + ZstdDecompressStage.MAX_WINDOW_SIZE / (1 << 20) + " MiB)";
    }

    @Override
    public String mediaType() {
        return MediaTypes.ZSTD;
    }

    @Override
    public Levels levels() {
        return null;
    }

    @Override
    public Stage compressor(int level) {
        return new ZstdCompressStage();
    }

    /** Up to four windows and a block (see {@link ZstdDecompressStage#MAX_WINDOW_SIZE}). */
    @Override
    public long decompressorMemory() {
        return 4L * ZstdDecompressStage.MAX_WINDOW_SIZE + (128 << 10);
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return new ZstdDecompressStage(maxOutputBytes, maxRatio);
    }

    @Override
    public Sniffer sniffer() {
        // A skippable frame may open the data (it is zstd's and lz4's alike; auto reads it as zstd's).
        return Sniffer.prefix(0x28, 0xb5, 0x2f, 0xfd).or((head, length) -> length >= 4
                && FramedDecompressStage.isSkippableMagic(FramedDecompressStage.littleEndianInt(head, 0)));
    }
}
