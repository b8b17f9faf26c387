package dev.transform.compress.xz;

import dev.transform.catalogue.MediaTypes;
import dev.transform.compress.Codec;
import dev.transform.compress.Sniffer;
import dev.transform.engine.Stage;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;

/**
 * xz (the .xz format of xz(1), LZMA2), with XZ for Java. Levels are xz's presets, their dictionary
 * capped at {@value #MAX_DICTIONARY_MIB} MiB (preset 6's, xz's default), which bounds what one
 * exchange holds: the encoder at most about 94 MiB (presets 5 to 9), the decoder a dictionary.
 */
public final class XzCodec implements Codec {

    /** The largest dictionary either direction uses: presets 7 to 9 are preset 6's search with it. */
    static final int MAX_DICTIONARY_MIB = 8;

    static final byte[] MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

    /**
     * Where a finished encoder or decoder leaves its arrays for the next stream (soft references, an
     * array taken by one stream at a time): a preset-6 encoder would allocate and zero ~94 MiB and a
     * decoder an 8 MiB dictionary for every stream, whatever its size (docs/benchmarks.md, "xz").
     */
    static final ArrayCache ARRAYS = BasicArrayCache.getInstance();

    private static final Levels LEVELS = new Levels(0, 9, 6, "xz's presets, 0 fastest, 6 xz's default; the dictionary is at most "
            + MAX_DICTIONARY_MIB + " MiB, so 7-9 compress as 6");

    @Override
    public String id() {
        return "xz";
    }

    @Override
    public String description() {
        return "xz (concatenated streams and stream padding are read; checks verified; dictionaries up to "
                + MAX_DICTIONARY_MIB + " MiB, what xz -6, its default, and lower write)";
    }

    @Override
    public String mediaType() {
        return MediaTypes.XZ;
    }

    @Override
    public Levels levels() {
        return LEVELS;
    }

    @Override
    public Stage compressor(int level) {
        return new XzCompressStage(level);
    }

    @Override
    public long compressorMemory(int level) {
        return XzCompressStage.options(level).getEncoderMemoryUsage() * 1024L;
    }

    @Override
    public long decompressorMemory() {
        return XzDecompressStage.MEMORY_LIMIT_KIB * 1024L;
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return new XzDecompressStage(maxOutputBytes, maxRatio, ARRAYS);
    }

    @Override
    public Sniffer sniffer() {
        return Sniffer.prefix(0xfd, '7', 'z', 'X', 'Z', 0x00);
    }
}
