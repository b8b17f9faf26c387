package dev.transform.compress;

import dev.transform.engine.Bytes;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Decoded output a decoder made all at once (a whole lz4 block, what brotli's ring buffer gave up),
 * handed out in segment-sized pieces, each counted against the stage's {@link OutputBudget} before it
 * goes: so the limits cut the output at the same byte as the zlib stages do.
 */
public final class HeldOutput {

    private byte[] array;
    private int pos;
    private int end;
    private boolean reused;

    /**
     * Holds {@code array[from, to)}, an array that is the decoder's to give away: the pieces are views
     * of it. Whatever was held before must have been handed out.
     */
    public void hold(byte[] array, int from, int to) {
        hold(array, from, to, false);
    }

    /**
     * Holds {@code array[from, to)} of a buffer the decoder writes its next output into, once this is
     * handed out: the pieces are copies, since a view would change under whoever holds it then.
     */
    public void holdReused(byte[] array, int from, int to) {
        hold(array, from, to, true);
    }

    private void hold(byte[] array, int from, int to, boolean reused) {
        this.array = array;
        this.pos = from;
        this.end = to;
        this.reused = reused;
    }

    public boolean isEmpty() {
        return pos == end;
    }

    /** The next piece, at most one segment, or {@code null} when nothing is held; {@code input} is the input read so far. */
    public Buffer next(OutputBudget budget, long input) {
        if (pos == end) {
            return null;
        }
        int n = Math.min(Segments.SIZE, end - pos);
        budget.spend(n, input);
        Buffer piece = reused ? Bytes.wrap(Arrays.copyOfRange(array, pos, pos + n)) : Bytes.wrap(array, pos, n);
        pos += n;
        return piece;
    }

    /**
     * A decoder's poll: the next piece held, decoding more with {@code decodeMore} (which returns
     * whether it made progress) while nothing is held; {@code null} when it can make none.
     */
    public Buffer nextDecoding(OutputBudget budget, InputCursor input, BooleanSupplier decodeMore) {
        while (true) {
            Buffer piece = next(budget, input.offset());
            if (piece != null || !decodeMore.getAsBoolean()) {
                return piece;
            }
        }
    }
}
