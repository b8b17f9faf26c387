package dev.transform.compress.lz4;

import dev.transform.compress.FramedDecompressStage;
import dev.transform.compress.HeldOutput;
import dev.transform.engine.Bytes;
import dev.transform.engine.TransformException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.vertx.core.buffer.Buffer;

/**
 * Decompresses lz4 frames as lz4(1) does: the header, block and content checksums and the content
 * size are verified where the frame has them (see {@link FramedDecompressStage} for what lies between
 * frames).
 *
 * <p>A push decoder over aircompressor's block decompressor: each block is gathered whole (with its
 * checksum) by the {@link dev.transform.compress.InputCursor}, decoded into an array of the frame's
 * block maximum (64 KiB to 4 MiB) that serves the whole stream, and handed out as copies, in
 * segments counted against the limits. An exchange holds one block in and one out.
 */
final class Lz4DecompressStage extends FramedDecompressStage {

    private static final int UNCOMPRESSED = 0x80000000;

    private final HeldOutput held = new HeldOutput();
    private final Lz4Decompressor decompressor = new Lz4Decompressor();
    private byte[] blocks;
    private XxHash32 contentHash;
    private FrameDescriptor frame;
    private long frameOutput;

    Lz4DecompressStage(long maxOutputBytes, int maxRatio) {
        super("lz4", maxOutputBytes, maxRatio);
    }

    @Override
    protected boolean isFrameMagic(int magic, long offset) {
        if (magic == Lz4Codec.LEGACY_MAGIC) {
            throw TransformException.invalidInput("lz4's legacy format (lz4 -l) is not supported; only the frame format is",
                    offset);
        }
        return magic == Lz4Codec.MAGIC;
    }

    @Override
    public Buffer poll() {
        return held.nextDecoding(budget, input, this::step);
    }

    @Override
    protected boolean decodeFrame() {
        return frame == null ? descriptor() : block();
    }

    /** Reads the magic number and the frame descriptor, its checksum verified. */
    private boolean descriptor() {
        long start = input.offset() + 4;
        Bytes flags = input.take(4 + FrameDescriptor.FLG_BD);
        if (flags == null) {
            return truncatedIfEnded("lz4 frame header is truncated");
        }
        FrameDescriptor.checkFlags(flags.array(), flags.offset() + 4, start);
        int length = FrameDescriptor.length(flags.array()[flags.offset() + 4] & 0xff);
        // All of it given back, the magic number too: a descriptor that has not wholly arrived is read
        // again from the frame's start when more input comes.
        input.untake(flags, 4 + FrameDescriptor.FLG_BD);
        Bytes whole = input.take(4 + length);
        if (whole == null) {
            return truncatedIfEnded("lz4 frame header is truncated");
        }
        frame = FrameDescriptor.read(whole.array(), whole.offset() + 4, length, start);
        contentHash = new XxHash32(0);
        frameOutput = 0;
        return true;
    }

    /** Reads one block (or the end mark and the content checksum) and holds what it decodes to. */
    private boolean block() {
        long start = input.offset();
        Bytes sizeBytes = input.take(4);
        if (sizeBytes == null) {
            return truncatedIfEnded("lz4 data is truncated");
        }
        int word = littleEndianInt(sizeBytes.array(), sizeBytes.offset());
        input.untake(sizeBytes, 4);
        if (word == 0) {
            return endOfFrame();
        }
        int size = word & ~UNCOMPRESSED;
        if (size > frame.blockMaxSize()) {
            throw TransformException.invalidInput("lz4 block of " + size + " bytes is larger than the frame's block maximum of "
                    + frame.blockMaxSize(), start);
        }
        int checksumLength = frame.blockChecksums() ? 4 : 0;
        Bytes block = input.take(4 + size + checksumLength);
        if (block == null) {
            return truncatedIfEnded("lz4 data is truncated");
        }
        int data = block.offset() + 4;
        if (checksumLength > 0 && XxHash32.hash(block.array(), data, size, 0) != littleEndianInt(block.array(), data + size)) {
            throw TransformException.invalidInput("lz4 block checksum does not match", start + 4 + size);
        }
        byte[] decoded;
        int from;
        int length;
        if ((word & UNCOMPRESSED) != 0) {
            // Stored as is: its pieces are copied straight from the input, which stays as it is until they
            // are all handed out (a stage is given no input while it has output to give: Stage's protocol).
            decoded = block.array();
            from = data;
            length = size;
        } else {
            decoded = blockBuffer();
            from = 0;
            try {
                length = decompressor.decompress(block.array(), data, size, decoded, 0, frame.blockMaxSize());
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw TransformException.invalidInput("corrupt lz4 block: " + e.getMessage(), start + 4);
            }
        }
        contentHash.update(decoded, from, length);
        frameOutput += length;
        held.holdReused(decoded, from, from + length);
        return true;
    }

    /**
     * The array every block of the stream is decoded into, as large as the frame's block maximum: one
     * per stream rather than one per block, since blocks of up to 4 MiB each made a new array that
     * large (in the native executable, a memory mapping of its own and its page faults). Its pieces
     * leave as copies.
     */
    private byte[] blockBuffer() {
        if (blocks == null || blocks.length < frame.blockMaxSize()) {
            blocks = new byte[frame.blockMaxSize()];
        }
        return blocks;
    }

    private boolean endOfFrame() {
        long start = input.offset();
        Bytes end = input.take(4 + (frame.contentChecksum() ? 4 : 0));
        if (end == null) {
            return truncatedIfEnded("lz4 data is truncated");
        }
        if (frame.contentSize() != FrameDescriptor.UNKNOWN_SIZE && frame.contentSize() != frameOutput) {
            throw TransformException.invalidInput("lz4 frame holds " + frameOutput + " bytes, not the " + frame.contentSize()
                    + " its header declares", start);
        }
        if (frame.contentChecksum() && contentHash.value() != littleEndianInt(end.array(), end.offset() + 4)) {
            throw TransformException.invalidInput("lz4 content checksum does not match the data", start + 4);
        }
        frame = null;
        frameEnded();
        return true;
    }

    @Override
    protected boolean outputDrained() {
        return held.isEmpty();
    }
}
