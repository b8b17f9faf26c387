package dev.transform.compress.parallel;

import dev.transform.compress.Format;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

/**
 * What a format puts around the raw deflate data: gzip's 10-byte header and its CRC-32 and length
 * trailer (RFC 1952), zlib's 2-byte header and its Adler-32 trailer (RFC 1950), nothing for raw
 * deflate. The blocks are deflated raw and apart, so the checksum is kept here, over the input in
 * order, on the exchange's thread (both are intrinsics, many times faster than deflate).
 */
final class Framing {

    /** No modification time, no flags, OS unknown: as {@code CompressStage} writes it. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Format format;
    private final int level;
    private final Checksum checksum;
    private long length;

    Framing(Format format, int level) {
        this.format = format;
        this.level = level;
        this.checksum = switch (format) {
            case GZIP -> new CRC32();
            case DEFLATE -> new Adler32();
            case DEFLATE_RAW -> null;
        };
    }

    void update(byte[] bytes, int offset, int count) {
        if (checksum != null) {
            checksum.update(bytes, offset, count);
        }
        length += count;
    }

    byte[] header() {
        return switch (format) {
            case GZIP -> GZIP_HEADER.clone();
            // CMF: deflate with a 32 KiB window; FLG: the level class zlib itself writes, then the check bits.
            case DEFLATE -> {
                int flags = zlibLevelClass() << 6;
                flags += (31 - (0x78 << 8 | flags) % 31) % 31;
                yield new byte[] {0x78, (byte) flags};
            }
            case DEFLATE_RAW -> new byte[0];
        };
    }

    /** The trailer, once all input has been {@link #update}d. */
    byte[] trailer() {
        return switch (format) {
            case GZIP -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) checksum.getValue()).putInt((int) length).array();
            case DEFLATE -> ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
            case DEFLATE_RAW -> new byte[0];
        };
    }

    /** zlib's FLEVEL: 0 for levels 0 and 1, 1 for 2 to 5, 2 for 6, 3 for 7 to 9 (deflate.c). */
    private int zlibLevelClass() {
        if (level < 2) {
            return 0;
        }
        return level < 6 ? 1 : level == 6 ? 2 : 3;
    }
}
