package dev.transform.compress.brotli;

import dev.transform.catalogue.MediaTypes;
import dev.transform.compress.Codec;
import dev.transform.engine.Stage;

/**
 * Brotli (RFC 7932), with Google's C library through brotli4j (JNI; the one native library the
 * service uses). Brotli has no magic number, so decompress/auto cannot recognise it.
 */
public final class BrotliCodec implements Codec {

    private static final Levels LEVELS = new Levels(0, 11, 6, "brotli's quality: 0 fastest, 11 smallest");

    @Override
    public String id() {
        return "brotli";
    }

    @Override
    public String description() {
        return "brotli (RFC 7932; HTTP's br)";
    }

    @Override
    public String mediaType() {
        return MediaTypes.BROTLI;
    }

    @Override
    public Levels levels() {
        return LEVELS;
    }

    @Override
    public Stage compressor(int level) {
        return new BrotliCompressStage(level);
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return new BrotliDecompressStage(maxOutputBytes, maxRatio);
    }
}
