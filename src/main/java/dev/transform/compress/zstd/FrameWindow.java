package dev.transform.compress.zstd;

/**
 * The window a zstd frame asks its decoder to keep (RFC 8878 §3.1.1.1), read from the frame header,
 * so a frame that needs more than the service gives one is refused before any of it is decoded.
 */
final class FrameWindow {

    private static final int SINGLE_SEGMENT = 0x20;

    private FrameWindow() {
    }

    /** The length of the frame header after the magic number, from its descriptor (the first byte). */
    static int headerLength(int descriptor) {
        boolean singleSegment = (descriptor & SINGLE_SEGMENT) != 0;
        return 1 + (singleSegment ? 0 : 1) + dictionaryIdLength(descriptor) + contentSizeLength(descriptor);
    }

    /**
     * The window size of the frame whose header (descriptor first) starts at {@code header[at]}: from
     * the window descriptor, or for a single-segment frame its content size.
     */
    static long size(byte[] header, int at, int descriptor) {
        if ((descriptor & SINGLE_SEGMENT) == 0) {
            int windowDescriptor = header[at + 1] & 0xff;
            long base = 1L << (10 + (windowDescriptor >>> 3));
            return base + (base / 8) * (windowDescriptor & 7);
        }
        int from = at + 1 + dictionaryIdLength(descriptor);
        int length = contentSizeLength(descriptor);
        long size = 0;
        for (int i = length - 1; i >= 0; i--) {
            size = size << 8 | (header[from + i] & 0xff);
        }
        // A two-byte content size counts from 256 (RFC 8878 §3.1.1.1.4); an 8-byte one may pass
        // Long.MAX_VALUE, which is as much too large as it is negative.
        return length == 2 ? size + 256 : size < 0 ? Long.MAX_VALUE : size;
    }

    private static int dictionaryIdLength(int descriptor) {
        int flag = descriptor & 3;
        return flag == 0 ? 0 : 1 << (flag - 1);
    }

    private static int contentSizeLength(int descriptor) {
        int flag = descriptor >>> 6;
        return flag == 0 ? ((descriptor & SINGLE_SEGMENT) != 0 ? 1 : 0) : 1 << flag;
    }
}
