package dev.transform.compress.lz4;

import dev.transform.engine.TransformException;

/**
 * An lz4 frame descriptor: FLG, BD, the optional content size and dictionary id, and the header
 * checksum (the second byte of the xxHash32 of the descriptor).
 */
record FrameDescriptor(boolean blockChecksums, boolean contentChecksum, long contentSize,
        int blockMaxSize) {

    static final int FLG_BD = 2;

    private static final int VERSION_MASK = 0xc0;
    private static final int VERSION_01 = 0x40;
    private static final int BLOCK_INDEPENDENCE = 0x20;
    private static final int BLOCK_CHECKSUM = 0x10;
    private static final int CONTENT_SIZE = 0x08;
    private static final int CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int DICTIONARY_ID = 0x01;
    private static final int BD_RESERVED = 0x8f;

    /** No content size in the header. */
    static final long UNKNOWN_SIZE = -1;

    /** The length of the whole descriptor, checksum included, from FLG. */
    static int length(int flg) {
        return FLG_BD + ((flg & CONTENT_SIZE) != 0 ? 8 : 0) + ((flg & DICTIONARY_ID) != 0 ? 4 : 0) + 1;
    }

    /** Checks FLG and BD, which start at {@code bytes[at]}; {@code offset} is FLG's input offset. */
    static void checkFlags(byte[] bytes, int at, long offset) {
        int flg = bytes[at] & 0xff;
        int bd = bytes[at + 1] & 0xff;
        if ((flg & VERSION_MASK) != VERSION_01) {
            throw TransformException.invalidInput("unsupported lz4 frame version " + (flg >>> 6), offset);
        }
        if ((flg & FLG_RESERVED) != 0 || (bd & BD_RESERVED) != 0 || (bd >>> 4) < 4) {
            throw TransformException.invalidInput("reserved lz4 frame descriptor bits are set", offset);
        }
        if ((flg & DICTIONARY_ID) != 0) {
            throw TransformException.invalidInput("the lz4 frame needs a dictionary, which is not supported", offset);
        }
        if ((flg & BLOCK_INDEPENDENCE) == 0) {
            throw TransformException.invalidInput("the lz4 frame has linked blocks, which are not supported;"
                    + " compress with independent blocks (lz4 -BI, the lz4 CLI's default)", offset);
        }
    }

    /** Reads a descriptor of {@link #length} bytes at {@code bytes[at]}, its checksum verified. */
    static FrameDescriptor read(byte[] bytes, int at, int length, long offset) {
        int expected = headerChecksum(bytes, at, length - 1) & 0xff;
        if ((bytes[at + length - 1] & 0xff) != expected) {
            throw TransformException.invalidInput("lz4 frame header checksum does not match", offset + length - 1);
        }
        int flg = bytes[at] & 0xff;
        long contentSize = UNKNOWN_SIZE;
        if ((flg & CONTENT_SIZE) != 0) {
            contentSize = 0;
            for (int i = 7; i >= 0; i--) {
                contentSize = contentSize << 8 | (bytes[at + FLG_BD + i] & 0xff);
            }
        }
        return new FrameDescriptor((flg & BLOCK_CHECKSUM) != 0, (flg & CONTENT_CHECKSUM) != 0, contentSize,
                1 << (8 + 2 * ((bytes[at + 1] & 0xff) >>> 4)));
    }

    /** The header checksum byte over {@code bytes[at, at + length)}. */
    static int headerChecksum(byte[] bytes, int at, int length) {
        return (XxHash32.hash(bytes, at, length, 0) >>> 8) & 0xff;
    }
}
