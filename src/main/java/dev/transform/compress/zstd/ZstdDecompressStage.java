package dev.transform.compress.zstd;

import dev.transform.compress.FramedDecompressStage;
import dev.transform.compress.Segments;
import dev.transform.engine.Bytes;
import dev.transform.engine.TransformException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdIncrementalFrameDecompressor;
import io.vertx.core.buffer.Buffer;

/**
 * Decompresses zstd as the zstd CLI does: one or more frames, skippable frames skipped, each frame's
 * content checksum verified when it has one (see {@link FramedDecompressStage} for what lies between).
 *
 * <p>aircompressor's incremental decoder is a push decoder that says how many contiguous bytes it
 * needs next (a frame header, a block header, a whole block of at most 128 KiB); it is given exactly
 * that many, gathered by the {@link dev.transform.compress.InputCursor}, so it stops at each frame's
 * end and what follows is read here. It writes straight into the output segments.
 */
final class ZstdDecompressStage extends FramedDecompressStage {

    /**
     * The largest window a frame may ask for: what aircompressor supports, and what the zstd CLI's
     * levels 1 to 19 use at most without --long. The decoder holds up to four windows (and a block).
     */
    static final int MAX_WINDOW_SIZE = 8 << 20;

    /** The frame header's fixed start: the magic number and the frame header descriptor. */
    private static final int MAGIC_AND_DESCRIPTOR = 5;

    private final Segments out = new Segments();
    private ZstdIncrementalFrameDecompressor decoder;
    private boolean headerChecked;
    private boolean frameStarted;

    ZstdDecompressStage(long maxOutputBytes, int maxRatio) {
        super("zstd", maxOutputBytes, maxRatio);
    }

    @Override
    protected boolean isFrameMagic(int magic, long offset) {
        return magic == ZstdCodec.MAGIC;
    }

    @Override
    public Buffer poll() {
        boolean progress;
        do {
            progress = step();
        } while (progress && !(out.isFull() && out.hasPending()));
        return out.take();
    }

    @Override
    protected boolean decodeFrame() {
        return headerChecked ? decode() : checkHeader();
    }

    /** Refuses a frame that needs a larger window than the service gives one, before decoding any of it. */
    private boolean checkHeader() {
        long start = input.offset();
        Bytes header = input.take(MAGIC_AND_DESCRIPTOR);
        if (header == null) {
            return truncatedIfEnded("zstd frame header is truncated");
        }
        int descriptor = header.array()[header.offset() + 4] & 0xff;
        input.untake(header, MAGIC_AND_DESCRIPTOR);
        int headerLength = 4 + FrameWindow.headerLength(descriptor);
        Bytes whole = input.take(headerLength);
        if (whole == null) {
            return truncatedIfEnded("zstd frame header is truncated");
        }
        long window = FrameWindow.size(whole.array(), whole.offset() + 4, descriptor);
        input.untake(whole, headerLength);
        if (window > MAX_WINDOW_SIZE) {
            throw TransformException.invalidInput("zstd frame needs a window of " + window + " bytes; at most "
                    + MAX_WINDOW_SIZE + " are supported", start + MAGIC_AND_DESCRIPTOR);
        }
        if (decoder == null) {
            decoder = new ZstdIncrementalFrameDecompressor();
        }
        headerChecked = true;
        frameStarted = false;
        return true;
    }

    /** Gives the decoder exactly the bytes it asks for, and room for output. */
    private boolean decode() {
        int required = decoder.getInputRequired();
        Bytes run = input.take(required);
        if (run == null) {
            return truncatedIfEnded("zstd data is truncated");
        }
        long runStart = input.offset() - required;
        byte[] array = out.array(1);
        int position = out.position();
        long address = ArrayAddress.of(run.offset());
        try {
            decoder.partialDecompress(run.array(), address, address + run.length(), array, position, position + out.room());
        } catch (MalformedInputException e) {
            long at = e.getOffset() - address;
            throw TransformException.invalidInput("corrupt zstd data: " + e.getMessage(),
                    runStart + (at >= 0 && at <= run.length() ? at : 0));
        } catch (RuntimeException e) {
            // aircompressor meets some corruptions as broken invariants (IllegalStateException,
            // IllegalArgumentException, an index out of bounds); all are this input's fault.
            throw TransformException.invalidInput("corrupt zstd data: " + e.getMessage(), runStart);
        }
        int consumed = decoder.getInputConsumed();
        input.untake(run, run.length() - consumed);
        int written = decoder.getOutputBufferUsed();
        out.advance(written);
        budget.spend(written, input.offset());
        frameStarted |= consumed > 0;
        if (frameStarted && decoder.isAtStoppingPoint() && decoder.getRequestedOutputSize() == 0) {
            headerChecked = false;
            frameEnded();
            return true;
        }
        return consumed > 0 || written > 0 || decoder.getInputRequired() != required;
    }

    @Override
    protected boolean outputDrained() {
        return !out.hasPending();
    }
}
