package dev.transform.compress.snappy;

import dev.transform.compress.FramedDecompressStage;
import dev.transform.compress.HeldDecompressStage;
import dev.transform.engine.Bytes;
import dev.transform.engine.TransformException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Arrays;

/**
 * Decompresses snappy framing streams as snappy's framing_format.txt says: the input starts with the
 * stream identifier (which may recur, so concatenated streams read whole); data chunks are checked
 * against their masked CRC-32C; padding and reserved skippable chunks are skipped; a reserved
 * unskippable chunk, a chunk over the format's bounds, or input that ends inside a chunk is a 422.
 *
 * <p>Each chunk is gathered whole by the {@link InputCursor} (at most 76 KiB: a compressed 64 KiB
 * block and its CRC), decoded by aircompressor's {@code SnappyDecompressor} into an array of the size
 * its preamble declares (at most 64 KiB), and handed out in segments counted against the limits.
 */
final class SnappyDecompressStage extends HeldDecompressStage {

    /** Snappy's bound on a compressed 64 KiB block, plus the CRC: no valid data chunk is longer. */
    private static final int MAX_DATA_CHUNK = 4 + 32 + SnappyCodec.MAX_CHUNK_DATA + SnappyCodec.MAX_CHUNK_DATA / 6;

    private static final int STREAM_IDENTIFIER = 0xff;
    private static final int FIRST_SKIPPABLE = 0x80;

    private final SnappyDecompressor snappy = new SnappyDecompressor();
    private boolean identified;
    private long skipLeft;

    SnappyDecompressStage(long maxOutputBytes, int maxRatio) {
        super(maxOutputBytes, maxRatio);
    }

    @Override
    protected boolean step() {
        if (skipLeft > 0) {
            skipLeft -= input.skip(skipLeft);
            return skipLeft == 0 || truncatedIfEnded();
        }
        long start = input.offset();
        Bytes header = input.take(4);
        if (header == null) {
            if (input.ended() && input.received() == start) {
                if (!identified) {
                    throw TransformException.invalidInput("no snappy data", start);
                }
                return false;
            }
            return truncatedIfEnded();
        }
        byte[] bytes = header.array();
        int at = header.offset();
        int type = bytes[at] & 0xff;
        int length = (bytes[at + 1] & 0xff) | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff) << 16;
        if (!identified && type != STREAM_IDENTIFIER) {
            throw TransformException.invalidInput("not snappy framing data: it does not start with the stream identifier", start);
        }
        if (type >= FIRST_SKIPPABLE && type != STREAM_IDENTIFIER) {
            // Padding (0xfe) and the reserved skippable chunks: nothing to decode, nothing to hold.
            skipLeft = length;
            return true;
        }
        if (type > SnappyCodec.UNCOMPRESSED && type < FIRST_SKIPPABLE) {
            throw TransformException.invalidInput("reserved unskippable snappy chunk type 0x" + Integer.toHexString(type)
                    + " (not snappy framing data, or data after its end)", start);
        }
        int expected = type == STREAM_IDENTIFIER ? SnappyCodec.STREAM_IDENTIFIER.length - 4 : -1;
        int max = type == SnappyCodec.COMPRESSED ? MAX_DATA_CHUNK : 4 + SnappyCodec.MAX_CHUNK_DATA;
        if (expected >= 0 ? length != expected : length < 4 || length > max) {
            throw TransformException.invalidInput("snappy chunk of type 0x" + Integer.toHexString(type) + " has an impossible length of "
                    + length + " bytes", start);
        }
        input.untake(header, 4);
        Bytes chunk = input.take(4 + length);
        if (chunk == null) {
            return truncatedIfEnded();
        }
        if (type == STREAM_IDENTIFIER) {
            if (!Arrays.equals(chunk.array(), chunk.offset(), chunk.end(), SnappyCodec.STREAM_IDENTIFIER, 0,
                    SnappyCodec.STREAM_IDENTIFIER.length)) {
                throw TransformException.invalidInput("corrupt snappy stream identifier", start + 4);
            }
            identified = true;
            return true;
        }
        byte[] decoded = type == SnappyCodec.COMPRESSED ? decode(chunk, start)
                : Arrays.copyOfRange(chunk.array(), chunk.offset() + 8, chunk.end());
        int stored = FramedDecompressStage.littleEndianInt(chunk.array(), chunk.offset() + 4);
        if (SnappyCodec.maskedCrc(decoded, 0, decoded.length) != stored) {
            throw TransformException.invalidInput("snappy chunk checksum (masked CRC-32C) does not match its data", start + 4);
        }
        held.hold(decoded, 0, decoded.length);
        return true;
    }

    /** Decodes the compressed block of a whole chunk: exactly the length its preamble declares, all of the block used. */
    private byte[] decode(Bytes chunk, long start) {
        int from = chunk.offset() + 8;
        int declared = preamble(chunk.array(), from, chunk.end(), start + 8);
        byte[] decoded = new byte[declared];
        try {
            // Into exactly the declared length: the decoder fails a block that decodes to more, or less, or
            // leaves input unused.
            snappy.decompress(chunk.array(), from, chunk.end() - from, decoded, 0, declared);
            return decoded;
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw TransformException.invalidInput("corrupt snappy block: " + e.getMessage(), start + 8);
        }
    }

    /** The block's uncompressed length (a varint of at most 5 bytes), checked against the chunk maximum. */
    private static int preamble(byte[] bytes, int from, int end, long offset) {
        long length = 0;
        for (int i = 0; i < 5 && from + i < end; i++) {
            int b = bytes[from + i] & 0xff;
            length |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (length > SnappyCodec.MAX_CHUNK_DATA) {
                    throw TransformException.invalidInput("snappy block declares " + length + " bytes; a chunk holds at most "
                            + SnappyCodec.MAX_CHUNK_DATA, offset);
                }
                return (int) length;
            }
        }
        throw TransformException.invalidInput("corrupt snappy block length", offset);
    }

    /** Returns false (more input is needed), or throws if no more will come: the data is truncated. */
    private boolean truncatedIfEnded() {
        if (input.ended()) {
            throw TransformException.invalidInput("snappy data is truncated", input.received());
        }
        return false;
    }

    @Override
    public boolean isFinished() {
        return identified && skipLeft == 0 && input.exhausted() && held.isEmpty();
    }
}
