package dev.transform.compress.bzip2;

/**
 * Where a bzip2 stream ends. Netty's decoder reads past the end of a stream and drops what follows
 * (it expects one stream per channel), so the end is found here instead: the stream's last 80 bits
 * are the end-of-stream magic (0x177245385090) and the combined CRC of its blocks, which is known
 * from the blocks the decoder gave; the stream ends at the next byte boundary. The bits are found
 * among the last bytes fed, at whatever bit offset they lie (a false match is a 2^-80 chance).
 */
final class StreamEnd {

    private static final long END_MAGIC = 0x177245385090L;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? crc << 1 ^ 0x04c11db7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private int combined;

    /** Counts a block the decoder gave (its CRC is bzip2's CRC-32, most significant bit first). */
    void block(byte[] data) {
        int crc = -1;
        for (byte b : data) {
            crc = crc << 8 ^ TABLE[(crc >>> 24 ^ b) & 0xff];
        }
        combined = (combined << 1 | combined >>> 31) ^ ~crc;
    }

    /**
     * The index just past the stream's last byte in {@code bytes[0, length)}, which holds its end:
     * the first place the end-of-stream bits lie; -1 if they are nowhere.
     */
    int find(byte[] bytes, int length) {
        long bitLength = (long) length * 8;
        long crc = combined & 0xffffffffL;
        for (long bit = 0; bit + 80 <= bitLength; bit++) {
            if (bits(bytes, bit, 48) == END_MAGIC && bits(bytes, bit + 48, 32) == crc) {
                return (int) ((bit + 80 + 7) / 8);
            }
        }
        return -1;
    }

    /** {@code count} (at most 56) bits from bit {@code from}, most significant first. */
    private static long bits(byte[] bytes, long from, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            long bit = from + i;
            value = value << 1 | ((bytes[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
        }
        return value;
    }
}
