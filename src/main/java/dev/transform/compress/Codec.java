package dev.transform.compress;

import dev.transform.engine.Stage;

/**
 * One compressed format, as the {@code compress} and {@code decompress} stages offer it: everything
 * a format has to say about itself, so that adding one is a class in its own package and a line in
 * the list of formats ({@code compress.formats.Codecs}).
 */
public interface Codec {

    /** The name in paths and steps ({@code /v1/compress/zstd}, {@code decompress:zstd}). */
    String id();

    /** What the format is, for the documentation of the {@code format} parameter. */
    String description();

    /** The media type of compressed output. */
    String mediaType();

    /** The levels {@code compress} takes, or {@code null} when the format's encoder has none (then {@code level} is a 400). */
    Levels levels();

    /** A compress stage; {@code level} is in {@link #levels()} (0 when the format has none). */
    Stage compressor(int level);

    /**
     * A decompress stage that outputs at most {@code maxOutputBytes} and at most {@code maxRatio}
     * bytes per input byte once past {@link OutputBudget#RATIO_GRACE_BYTES} (0: no ratio limit).
     */
    Stage decompressor(long maxOutputBytes, int maxRatio);

    /**
     * The most heap, in bytes, a compressor at {@code level} holds beyond its input and output chunks,
     * where that is enough to count against {@link CodecMemory}; 0 where it is not.
     */
    default long compressorMemory(int level) {
        return 0;
    }

    /** As {@link #compressorMemory(int)}, for a decompressor. */
    default long decompressorMemory() {
        return 0;
    }

    /** How {@code decompress/auto} recognises this format from its first bytes; {@code null} if it cannot. */
    default Sniffer sniffer() {
        return null;
    }

    /**
     * A format's compression levels.
     *
     * @param meaning what the numbers mean, for the documentation (e.g. "1 fastest, 9 smallest")
     */
    record Levels(int min, int max, int defaultLevel, String meaning) {

        public boolean contains(int level) {
            return level >= min && level <= max;
        }
    }
}
