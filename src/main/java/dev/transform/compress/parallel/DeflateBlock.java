package dev.transform.compress.parallel;

import dev.transform.engine.Bytes;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * One block of a parallel-deflate stream: up to {@link #SIZE} input bytes after the {@link
 * #DICTIONARY_SIZE} bytes before them, filled on the exchange's thread, then deflated on a worker
 * into a piece of the one deflate stream, which {@link #output()} hands back.
 *
 * <p>The block is primed with the 32 KiB before it (deflate's whole window), so its matches reach
 * back across the cut as a single-threaded stream's would; it ends with a sync flush, which ends
 * on a byte boundary, so the pieces concatenate; the last ends the stream instead. The first may
 * carry the format's header and the last its trailer, so that neither is a tiny write of its own.
 *
 * <p>Fields are written by the exchange's thread before the block is handed to a worker, and the
 * worker's results are published by the volatile {@link #done}.
 */
final class DeflateBlock implements Runnable {

    /** Input bytes per block, as pigz's default: big enough that the flush costs well under 0.1%. */
    static final int SIZE = 128 * 1024;

    /** The window of deflate: what a match can reach back. */
    static final int DICTIONARY_SIZE = 32 * 1024;

    /** The array a block fills: the dictionary, then the block's own bytes. */
    static final int WINDOW_SIZE = DICTIONARY_SIZE + SIZE;

    /**
     * Each worker deflates into an array of its own, deflate's worst case for a block (stored blocks
     * add 5 bytes per 64 KiB, the flush 5) plus a header and a trailer; more is made if ever needed.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SIZE + SIZE / 1024 + 64]);

    private static final byte[] NONE = new byte[0];

    private final byte[] window;
    private final int dictionaryLength;
    private final DeflaterPool deflaters;
    private final Runnable wakeUp;
    private int length;
    private byte[] header = NONE;
    private byte[] trailer;
    private byte[] output;
    private Throwable failure;
    private volatile boolean done;

    /**
     * @param window {@link #WINDOW_SIZE} bytes to fill (reused: its old contents are overwritten)
     * @param before the (full) block before, whose end becomes this one's dictionary; {@code null} for the first
     */
    DeflateBlock(byte[] window, DeflateBlock before, DeflaterPool deflaters, Runnable wakeUp) {
        this.window = window;
        this.deflaters = deflaters;
        this.wakeUp = wakeUp;
        if (before == null) {
            dictionaryLength = 0;
        } else {
            System.arraycopy(before.window, WINDOW_SIZE - DICTIONARY_SIZE, window, 0, DICTIONARY_SIZE);
            dictionaryLength = DICTIONARY_SIZE;
        }
    }

    /** Copies up to {@code length} bytes in; returns how many fitted. */
    int fill(byte[] bytes, int offset, int length) {
        int taken = Math.min(length, SIZE - this.length);
        System.arraycopy(bytes, offset, window, DICTIONARY_SIZE + this.length, taken);
        this.length += taken;
        return taken;
    }

    boolean isFull() {
        return length == SIZE;
    }

    /** The block's own bytes, after its dictionary in {@link #window()}. */
    int length() {
        return length;
    }

    /** How much of the window before the block's bytes is its dictionary: 32 KiB, or none for the first. */
    int dictionaryLength() {
        return dictionaryLength;
    }

    /** The window, for the next block's dictionary and, once this block is handed out, for reuse. */
    byte[] window() {
        return window;
    }

    void header(byte[] header) {
        this.header = header;
    }

    /** The format's header this block puts before its output: the first block's, none for the others. */
    byte[] header() {
        return header;
    }

    /** Makes this the last block, ending the stream, followed by {@code trailer}. */
    void last(byte[] trailer) {
        this.trailer = trailer;
    }

    boolean isLast() {
        return trailer != null;
    }

    boolean isDone() {
        return done;
    }

    /** On a worker: deflates the block, then wakes the stage's driver. */
    @Override
    public void run() {
        Deflater deflater = deflaters.take();
        try {
            if (deflater != null) {
                deflate(deflater);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            if (deflater != null) {
                deflaters.give(deflater);
            }
            done = true;
            wakeUp.run();
        }
    }

    private void deflate(Deflater deflater) {
        deflater.reset();
        if (dictionaryLength > 0) {
            deflater.setDictionary(window, DICTIONARY_SIZE - dictionaryLength, dictionaryLength);
        }
        deflater.setInput(window, DICTIONARY_SIZE, length);
        int reserved = isLast() ? trailer.length : 0;
        byte[] out = SCRATCH.get();
        System.arraycopy(header, 0, out, 0, header.length);
        int written = header.length;
        if (isLast()) {
            deflater.finish();
        }
        while (true) {
            if (out.length - reserved - written == 0) {
                out = Arrays.copyOf(out, out.length + SIZE / 2);
                SCRATCH.set(out);
            }
            int room = out.length - reserved - written;
            if (isLast()) {
                written += deflater.deflate(out, written, room);
                if (deflater.finished()) {
                    break;
                }
            } else {
                // SYNC_FLUSH output that fills the room given may not be all: call again until it is not.
                int flushed = deflater.deflate(out, written, room, Deflater.SYNC_FLUSH);
                written += flushed;
                if (flushed < room) {
                    break;
                }
            }
        }
        if (isLast()) {
            System.arraycopy(trailer, 0, out, written, trailer.length);
            written += trailer.length;
        }
        // Copied out at its size: the scratch is the worker's, and the copy is a fraction of deflate's time.
        output = Arrays.copyOf(out, written);
    }

    /**
     * The deflated block, never empty (a sync flush alone is 5 bytes, a last block at least 2), or
     * {@code null} if the pool was closed before it ran.
     *
     * @throws IllegalStateException if deflating failed on the worker
     */
    Buffer output() {
        if (failure != null) {
            throw new IllegalStateException("deflating a block failed: " + failure, failure);
        }
        return output == null ? null : Bytes.wrap(output);
    }
}
