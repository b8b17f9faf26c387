package dev.transform.compress;

import dev.transform.engine.Bytes;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * Decoded output a decoder made all at once (a whole lz4 block, what brotli's ring buffer gave up),
 * handed out in segment-sized pieces, each counted against the stage's {@link OutputBudget} before it
 * goes: so the limits cut the output at the same byte as the zlib stages do.
 */
public final class HeldOutput {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private ByteBuffer held = NOTHING;
    private boolean reused;

    /**
     * Holds {@code array[from, to)}, an array that is the decoder's to give away: the pieces are views
     * of it. Whatever was held before must have been handed out.
     */
    public void hold(byte[] array, int from, int to) {
        hold(ByteBuffer.wrap(array, from, to - from), false);
    }

    /**
     * Holds {@code array[from, to)} of a buffer the decoder writes its next output into, once this is
     * handed out: the pieces are copies, since a view would change under whoever holds it then.
     */
    public void holdReused(byte[] array, int from, int to) {
        hold(ByteBuffer.wrap(array, from, to - from), true);
    }

    /**
     * Holds what remains of {@code buffer}, memory the decoder reuses (or native memory of its own): copied
     * out piece by piece. The decoder must not be called until this {@link #isEmpty()}, and what is held
     * must be {@link #clear() cleared} before the decoder frees that memory.
     */
    public void holdReused(ByteBuffer buffer) {
        hold(buffer, true);
    }

    private void hold(ByteBuffer buffer, boolean reused) {
        this.held = buffer;
        this.reused = reused;
    }

    /** Lets go of what is held, not handed out: its decoder is gone (native memory may be freed with it). */
    public void clear() {
        hold(NOTHING, false);
    }

    public boolean isEmpty() {
        return !held.hasRemaining();
    }

    /** The next piece, at most one segment, or {@code null} when nothing is held; {@code input} is the input read so far. */
    public Buffer next(OutputBudget budget, long input) {
        if (!held.hasRemaining()) {
            return null;
        }
        int n = Math.min(Segments.SIZE, held.remaining());
        budget.spend(n, input);
        if (reused) {
            byte[] piece = new byte[n];
            held.get(piece);
            return Bytes.wrap(piece);
        }
        Buffer piece = Bytes.wrap(held.array(), held.arrayOffset() + held.position(), n);
        held.position(held.position() + n);
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
