package dev.transform.compress.lz4;

import dev.transform.catalogue.MediaTypes;
import dev.transform.compress.Codec;
import dev.transform.compress.Sniffer;
import dev.transform.engine.Stage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The lz4 frame format (lz4's doc/lz4_Frame_format.md, what the lz4 CLI writes), framed here and
 * compressed in blocks by aircompressor's coder (lz4-java's pure-Java one for the HC levels), checksums
 * by {@link XxHash32}.
 */
// lz4-java's safeInstance() loads its pure-Java coders by name (Class.forName, then their
// INSTANCE field), which a native image only allows for classes registered for reflection (by name:
// they are package-private).
@RegisterForReflection(classNames = {
        "net.jpountz.lz4.LZ4JavaSafeCompressor", "net.jpountz.lz4.LZ4HCJavaSafeCompressor",
        "net.jpountz.lz4.LZ4JavaSafeFastDecompressor", "net.jpountz.lz4.LZ4JavaSafeSafeDecompressor"})
public final class Lz4Codec implements Codec {

    /** The frame magic number, little-endian: 0x184D2204. */
    static final int MAGIC = 0x184D2204;

    /** lz4's legacy format (lz4 -l), recognised only to be named. */
    static final int LEGACY_MAGIC = 0x184C2102;

    private static final Levels LEVELS = new Levels(1, 12, 1, "as lz4(1): 1-2 fast, 3-12 high compression (LZ4HC)");

    @Override
    public String id() {
        return "lz4";
    }

    @Override
    public String description() {
        return "lz4 (the frame format of lz4(1); concatenated and skippable frames are read; independent blocks only)";
    }

    @Override
    public String mediaType() {
        return MediaTypes.LZ4;
    }

    @Override
    public Levels levels() {
        return LEVELS;
    }

    @Override
    public Stage compressor(int level) {
        return new Lz4CompressStage(level);
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return new Lz4DecompressStage(maxOutputBytes, maxRatio);
    }

    @Override
    public Sniffer sniffer() {
        return Sniffer.prefix(0x04, 0x22, 0x4d, 0x18);
    }

    static byte[] littleEndian(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }
}
