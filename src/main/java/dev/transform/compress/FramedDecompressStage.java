package dev.transform.compress;

import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;

/**
 * A decompress stage for a format made of frames that each start with a magic number (zstd, lz4):
 * what lies between frames is read here, the same for both. One or more frames; skippable frames
 * (magic 0x184D2A50 to 0x184D2A5F and a 4-byte length, the same in both formats) are skipped;
 * anything else after a frame is trailing data, rejected at its offset; input that ends inside a
 * frame is truncated. A subclass decodes the frames themselves.
 */
public abstract class FramedDecompressStage implements Stage {

    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;

    protected final InputCursor input = new InputCursor();
    protected final OutputBudget budget;
    private final String format;
    private long frames;
    private long skipLeft = -1;
    private boolean inFrame;

    protected FramedDecompressStage(String format, long maxOutputBytes, int maxRatio) {
        this.format = format;
        this.budget = new OutputBudget(maxOutputBytes, maxRatio);
    }

    /** Whether {@code magic} starts a frame of this format; if not, it may throw a more telling 422 itself. */
    protected abstract boolean isFrameMagic(int magic, long offset);

    /**
     * Decodes on inside the current frame, which starts at its magic number: returns whether it made
     * progress, and calls {@link #frameEnded()} at the frame's end.
     */
    protected abstract boolean decodeFrame();

    /** Whether all decoded output has been handed out. */
    protected abstract boolean outputDrained();

    protected final void frameEnded() {
        frames++;
        inFrame = false;
    }

    @Override
    public void accept(Buffer chunk) {
        input.feed(chunk);
    }

    @Override
    public void endOfInput() {
        input.end();
    }

    /** One step of decoding: between frames, skipping one, or in one; returns whether it made progress. */
    protected final boolean step() {
        if (inFrame) {
            return decodeFrame();
        }
        return skipLeft >= 0 ? skip() : nextFrame();
    }

    private boolean nextFrame() {
        long start = input.offset();
        Bytes head = input.take(8);
        if (head == null) {
            if (!input.ended()) {
                return false;
            }
            if (input.received() == start) {
                if (frames == 0) {
                    throw TransformException.invalidInput("no " + format + " data", start);
                }
                return false;
            }
            // Fewer than 8 bytes left: at most a magic number and part of a frame.
            head = input.take((int) (input.received() - start));
            if (frames > 0 && !isFrameMagic(head, start) && !isSkippable(head)) {
                throw TransformException.invalidInput("unexpected data after the last " + format + " frame", start);
            }
            throw TransformException.invalidInput(format + " frame header is truncated", input.received());
        }
        int magic = littleEndianInt(head.array(), head.offset());
        if (isSkippableMagic(magic)) {
            skipLeft = littleEndianInt(head.array(), head.offset() + 4) & 0xffffffffL;
            return true;
        }
        input.untake(head, 8);
        if (isFrameMagic(magic, start)) {
            inFrame = true;
            return true;
        }
        throw TransformException.invalidInput(frames == 0 ? "not " + format + " data: bad magic number"
                : "unexpected data after the last " + format + " frame", start);
    }

    private boolean isFrameMagic(Bytes head, long start) {
        return head.length() >= 4 && isFrameMagic(littleEndianInt(head.array(), head.offset()), start);
    }

    private static boolean isSkippable(Bytes head) {
        return head.length() >= 4 && isSkippableMagic(littleEndianInt(head.array(), head.offset()));
    }

    /** Whether {@code magic} (read little-endian) starts a skippable frame. */
    public static boolean isSkippableMagic(int magic) {
        return (magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC;
    }

    private boolean skip() {
        skipLeft -= input.skip(skipLeft);
        if (skipLeft == 0) {
            skipLeft = -1;
            frameEnded();
            return true;
        }
        return truncatedIfEnded(format + " skippable frame is truncated");
    }

    /** Returns false (more input is needed), or throws if no more will come: the data is truncated. */
    protected final boolean truncatedIfEnded(String detail) {
        if (input.ended()) {
            throw TransformException.invalidInput(detail, input.received());
        }
        return false;
    }

    @Override
    public boolean isFinished() {
        return !inFrame && skipLeft < 0 && frames > 0 && input.exhausted() && outputDrained();
    }

    public static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }
}
