package dev.transform.compress;

import dev.transform.engine.TransformException;
import java.util.zip.CRC32;

/**
 * Reads a gzip member header (RFC 1952 §2.3) one byte at a time, so it may span any number of
 * chunks: the fixed ten bytes, then FEXTRA, FNAME, FCOMMENT and FHCRC as the flags announce them.
 */
final class GzipHeader {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private enum Part { FIXED, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, DONE }

    private final CRC32 crc = new CRC32();
    private Part part = Part.FIXED;
    private int flags;
    private int index;
    private int value;

    boolean isComplete() {
        return part == Part.DONE;
    }

    /** Takes the next header byte, found at {@code offset} in the stage's input. */
    void feed(int b, long offset) {
        if (part != Part.HEADER_CRC) {
            crc.update(b);
        }
        switch (part) {
            case FIXED -> fixed(b, offset);
            case EXTRA_LENGTH -> {
                value |= b << 8 * index++;
                if (index == 2) {
                    index = 0;
                    part = value == 0 ? next(Part.EXTRA) : Part.EXTRA;
                }
            }
            case EXTRA -> {
                if (++index == value) {
                    part = next(Part.EXTRA);
                }
            }
            case NAME, COMMENT -> {
                if (b == 0) {
                    part = next(part);
                }
            }
            case HEADER_CRC -> {
                value |= b << 8 * index++;
                if (index == 2) {
                    if (value != ((int) crc.getValue() & 0xffff)) {
                        throw TransformException.invalidInput("gzip header CRC16 does not match", offset - 1);
                    }
                    part = Part.DONE;
                }
            }
            case DONE -> throw new IllegalStateException("header already complete");
        }
    }

    private void fixed(int b, long offset) {
        switch (index) {
            case 0, 1 -> {
                if (b != (index == 0 ? 0x1f : 0x8b)) {
                    throw TransformException.invalidInput("not gzip data: bad magic number", offset);
                }
            }
            case 2 -> {
                if (b != 8) {
                    throw TransformException.invalidInput("unsupported gzip compression method " + b, offset);
                }
            }
            case 3 -> {
                if ((b & RESERVED) != 0) {
                    throw TransformException.invalidInput("reserved gzip header flags are set", offset);
                }
                flags = b;
            }
            default -> {
                // MTIME, XFL and OS carry nothing the output depends on.
            }
        }
        if (++index == 10) {
            index = 0;
            part = next(Part.FIXED);
        }
    }

    /** The part after {@code done}, skipping those the flags leave out. */
    private Part next(Part done) {
        index = 0;
        value = 0;
        return switch (done) {
            case FIXED -> (flags & FEXTRA) != 0 ? Part.EXTRA_LENGTH : next(Part.EXTRA);
            case EXTRA_LENGTH, EXTRA -> (flags & FNAME) != 0 ? Part.NAME : next(Part.NAME);
            case NAME -> (flags & FCOMMENT) != 0 ? Part.COMMENT : next(Part.COMMENT);
            case COMMENT -> (flags & FHCRC) != 0 ? Part.HEADER_CRC : Part.DONE;
            case HEADER_CRC, DONE -> Part.DONE;
        };
    }
}
