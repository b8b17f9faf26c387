package dev.transform.compress.parallel;

import dev.transform.compress.Format;
import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Compresses to gzip, zlib or raw deflate on several cores, as pigz does: the input is cut into
 * {@link DeflateBlock}s of 128 KiB, each primed with the 32 KiB before it and deflated on a worker,
 * and their outputs are handed out strictly in input order. The checksum is computed here, over the
 * input as it comes. The result is one ordinary gzip member or zlib stream, within a fraction of a
 * percent of the single-threaded size at the same level.
 *
 * <p>Memory is bounded by blocks: one filling here and at most {@code threads} handed to the workers
 * (compressing, or done and waiting for those before them). While those are all taken, the stage
 * wants no input ({@link #wantsInput()}), and the worker that finishes a block wakes its driver.
 *
 * <p>{@link #release()} may come while blocks are on workers (a client gone, an abort): the zlib
 * streams are then ended by the workers as they finish (see {@link DeflaterPool}), and blocks not
 * yet started are skipped.
 */
public final class ParallelDeflateStage implements Stage {

    private final Executor workers;
    private final int threads;
    private final DeflaterPool deflaters;
    private final Framing framing;
    private final ArrayDeque<DeflateBlock> submitted = new ArrayDeque<>();
    /** Windows of blocks handed out, for the next blocks (at most threads + 1 are ever made). */
    private final ArrayDeque<byte[]> spareWindows = new ArrayDeque<>();
    private Runnable wakeUp = () -> {
    };
    private DeflateBlock filling;
    private Bytes pending;
    private int pendingAt;
    private boolean inputEnded;
    private boolean lastSubmitted;
    private boolean finished;

    /**
     * @param threads how many blocks of this stream may be on {@code workers} at once (at least 1)
     * @param workers the pool shared by all streams; its threads bound what all of them use
     */
    public ParallelDeflateStage(Format format, int level, int threads, Executor workers) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.workers = workers;
        this.threads = threads;
        this.deflaters = new DeflaterPool(level);
        this.framing = new Framing(format, level);
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void accept(Buffer chunk) {
        pending = Bytes.of(chunk);
        pendingAt = pending.offset();
        framing.update(pending.array(), pending.offset(), pending.length());
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
    }

    @Override
    public Buffer poll() {
        if (finished) {
            return null;
        }
        fill();
        DeflateBlock head = submitted.peek();
        if (head == null || !head.isDone()) {
            return null;
        }
        submitted.remove();
        spareWindows.push(head.window());
        finished = head.isLast();
        return head.output();
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    /** No more input while the chunk given last is not all in blocks, or once the input has ended. */
    @Override
    public boolean wantsInput() {
        return pending == null && !inputEnded;
    }

    @Override
    public void release() {
        deflaters.close();
        submitted.clear();
        filling = null;
    }

    /** Moves the pending chunk into blocks, handing each full block (and the last) to the workers while they may take it. */
    private void fill() {
        while (!lastSubmitted) {
            if (filling == null) {
                filling = new DeflateBlock(window(), null, deflaters, wakeUp);
                filling.header(framing.header());
            }
            if (pending != null) {
                pendingAt += filling.fill(pending.array(), pendingAt, pending.end() - pendingAt);
                if (pendingAt == pending.end()) {
                    pending = null;
                }
            }
            // A full block always ends with a sync flush, and the last block is what follows it, even
            // if that is nothing: so where blocks end never depends on when the input's end was seen.
            boolean last = pending == null && inputEnded && !filling.isFull();
            if (!(filling.isFull() || last) || submitted.size() >= threads) {
                return;
            }
            if (last) {
                filling.last(framing.trailer());
                lastSubmitted = true;
            }
            DeflateBlock full = filling;
            workers.execute(full);
            submitted.add(full);
            // Made now, while the block before is still held, so its end is there to be the dictionary.
            filling = last ? null : new DeflateBlock(window(), full, deflaters, wakeUp);
        }
    }

    private byte[] window() {
        return spareWindows.isEmpty() ? new byte[DeflateBlock.WINDOW_SIZE] : spareWindows.pop();
    }
}
