package dev.transform.compress;

import dev.transform.engine.Bytes;
import io.vertx.core.buffer.Buffer;

/**
 * A decoder's view of its input as one stream of bytes over the chunks: it hands out runs of
 * exactly the length a frame format asks for (a header, a block with its checksum), straight from
 * the chunk when the run lies in it, otherwise gathered into a staging array. So a decoder never
 * holds more than its largest run, and counts offsets in the stage's input wherever chunks were cut.
 */
public final class InputCursor {

    private static final Bytes NONE = new Bytes(new byte[0], 0, 0);

    private Bytes chunk = NONE;
    private int pos;
    private byte[] staging = new byte[16];
    private int stagedStart;
    private int staged;
    private long taken;
    private boolean ended;

    /** The next chunk; the previous one must have been read to its end (a failed {@link #take} stages what is left). */
    public void feed(Buffer buffer) {
        if (pos < chunk.end()) {
            throw new IllegalStateException((chunk.end() - pos) + " bytes of the last chunk were not read");
        }
        chunk = Bytes.of(buffer);
        pos = chunk.offset();
    }

    public void end() {
        ended = true;
    }

    /** Whether the input has ended (more bytes may still be staged or unread). */
    public boolean ended() {
        return ended;
    }

    /** Whether every byte of input has been taken: the input has ended and none is left. */
    public boolean exhausted() {
        return ended && staged == 0 && pos == chunk.end();
    }

    /** Every byte received so far, taken or not: where a truncated input ends. */
    public long received() {
        return taken + staged + chunk.end() - pos;
    }

    /** Bytes taken so far: the input offset of the next byte a decoder sees. */
    public long offset() {
        return taken;
    }

    /**
     * The next {@code n} bytes, contiguous, or {@code null} when they have not all arrived yet (those
     * that have are kept). The returned window is valid until the next call.
     */
    public Bytes take(int n) {
        if (staged == 0 && chunk.end() - pos >= n) {
            Bytes run = new Bytes(chunk.array(), pos, n);
            pos += n;
            taken += n;
            return run;
        }
        if (staged < n) {
            // The window handed out last is no longer in use, so the staged bytes may move to the front.
            if (staging.length - stagedStart < n) {
                byte[] to = staging.length < n ? new byte[Math.max(n, staging.length * 2)] : staging;
                System.arraycopy(staging, stagedStart, to, 0, staged);
                staging = to;
                stagedStart = 0;
            }
            int copied = Math.min(n - staged, chunk.end() - pos);
            System.arraycopy(chunk.array(), pos, staging, stagedStart + staged, copied);
            pos += copied;
            staged += copied;
            if (staged < n) {
                return null;
            }
        }
        Bytes run = new Bytes(staging, stagedStart, n);
        stagedStart += n;
        staged -= n;
        taken += n;
        return run;
    }

    /**
     * The next bytes, as many as have arrived up to {@code max} (staged ones first, then the chunk's),
     * or {@code null} when none have: for a decoder that takes input as it comes. The returned window
     * is valid until the next call.
     */
    public Bytes takeUpTo(int max) {
        int n = staged > 0 ? Math.min(max, staged) : Math.min(max, chunk.end() - pos);
        if (n == 0) {
            return null;
        }
        Bytes run;
        if (staged > 0) {
            run = new Bytes(staging, stagedStart, n);
            stagedStart += n;
            staged -= n;
        } else {
            run = new Bytes(chunk.array(), pos, n);
            pos += n;
        }
        taken += n;
        return run;
    }

    /**
     * Gives back the last {@code n} bytes of the window {@code run} that {@link #take} returned last,
     * so the next take starts with them: a decoder that took more than it could use yet.
     */
    public void untake(Bytes run, int n) {
        if (n == 0) {
            return;
        }
        taken -= n;
        if (run.array() == staging) {
            stagedStart -= n;
            staged += n;
        } else {
            pos -= n;
        }
    }

    /**
     * Puts {@code bytes[from, from + length)}, the last bytes taken before those already given back
     * (with {@link #untake}), back in front of the input: for a decoder that learnt only later where
     * its data ended.
     */
    public void giveBack(byte[] bytes, int from, int length) {
        byte[] to = new byte[Math.max(16, length + staged)];
        System.arraycopy(bytes, from, to, 0, length);
        System.arraycopy(staging, stagedStart, to, length, staged);
        staging = to;
        stagedStart = 0;
        staged += length;
        taken -= length;
    }

    /** Skips up to {@code n} bytes without keeping them; returns how many were skipped. */
    public long skip(long n) {
        int fromStaging = (int) Math.min(n, staged);
        stagedStart += fromStaging;
        staged -= fromStaging;
        int fromChunk = (int) Math.min(n - fromStaging, chunk.end() - pos);
        pos += fromChunk;
        taken += fromStaging + fromChunk;
        return fromStaging + fromChunk;
    }
}
