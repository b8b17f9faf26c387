package dev.transform.compress.bzip2;

import dev.transform.catalogue.MediaTypes;
import dev.transform.compress.Codec;
import dev.transform.compress.Sniffer;
import dev.transform.engine.Stage;

/**
 * bzip2 (what bzip2(1) and pbzip2 write), coded by Netty's pure-Java bzip2 encoder and decoder.
 * Levels as bzip2(1): the block size in units of 100 kB.
 */
public final class Bzip2Codec implements Codec {

    private static final Levels LEVELS = new Levels(1, 9, 9, "as bzip2(1): the block size in 100 kB, 1 fastest, 9 smallest");

    @Override
    public String id() {
        return "bzip2";
    }

    @Override
    public String description() {
        return "bzip2 (concatenated streams, as pbzip2 writes, are read; block and stream CRCs verified)";
    }

    @Override
    public String mediaType() {
        return MediaTypes.BZIP2;
    }

    @Override
    public Levels levels() {
        return LEVELS;
    }

    @Override
    public Stage compressor(int level) {
        return new Bzip2CompressStage(level);
    }

    /** One block's output, which Netty's decoder builds whole before it hands any of it out. */
    @Override
    public long decompressorMemory() {
        return Bzip2DecompressStage.MAX_BLOCK_OUTPUT;
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return new Bzip2DecompressStage(maxOutputBytes, maxRatio);
    }

    @Override
    public Sniffer sniffer() {
        return (head, length) -> isStreamStart(head, 0, length);
    }

    /** Whether {@code bytes[at, at + length)} starts with a stream header: "BZh" and the block size, '1' to '9'. */
    static boolean isStreamStart(byte[] bytes, int at, int length) {
        return length >= 4 && bytes[at] == 'B' && bytes[at + 1] == 'Z' && bytes[at + 2] == 'h'
                && bytes[at + 3] >= '1' && bytes[at + 3] <= '9';
    }
}
