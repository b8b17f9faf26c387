package dev.transform.engine;

import io.vertx.core.buffer.Buffer;

/**
 * A stage whose output for a chunk is bounded by a small multiple of the chunk: it maps each input
 * chunk to at most one output chunk and may add one last chunk at the end. Slices, encoders,
 * decoders and digests are all of this shape.
 */
public abstract class ChunkStage implements Stage {

    private Buffer pending;
    private boolean inputEnded;
    private boolean flushed;

    /** The output for one input chunk, or {@code null} (or empty) for none. */
    protected abstract Buffer transform(Buffer chunk);

    /** The last output once all input is in, or {@code null}. */
    protected Buffer flush() {
        return null;
    }

    /** Whether the stage is done before its input ends (a slice that has its length). */
    protected boolean isComplete() {
        return false;
    }

    @Override
    public final void accept(Buffer chunk) {
        pending = transform(chunk);
    }

    @Override
    public final void endOfInput() {
        inputEnded = true;
    }

    @Override
    public final Buffer poll() {
        if (pending == null && inputEnded && !flushed) {
            flushed = true;
            pending = flush();
        }
        Buffer out = pending;
        pending = null;
        return out == null || out.length() == 0 ? null : out;
    }

    @Override
    public final boolean isFinished() {
        return pending == null && (flushed || isComplete());
    }
}
