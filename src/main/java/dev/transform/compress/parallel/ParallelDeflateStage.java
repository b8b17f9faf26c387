package dev.transform.compress.parallel;

import dev.transform.compress.CompressStage;
import dev.transform.compress.Format;
import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

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
 * <p>Before it hands a block to the workers the stage asks how many threads it would be given now
 * ({@code share}); once that is one (other streams have opened and the cores are theirs), it goes on
 * as one ordinary deflate stream on its own thread, after the blocks already handed out, primed with
 * the 32 KiB before: with every core busy, blocks only add their costs (each primes a dictionary,
 * ends with a flush and goes through a worker). A stream's share can shrink so, never grow; at level
 * 0 (stored, nothing to gain) it stays in blocks.
 *
 * <p>{@link #release()} may come while blocks are on workers (a client gone, an abort): the zlib
 * streams are then ended by the workers as they finish (see {@link DeflaterPool}), and blocks not
 * yet started are skipped.
 */
public final class ParallelDeflateStage implements Stage {

    private final Executor workers;
    private final int threads;
    private final IntSupplier share;
    private final int level;
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
     * After the stream went on on its own thread: the one deflate stream, the format's header if no
     * block handed out carried it, and the rest of the chunk the stream has yet to take.
     */
    private CompressStage alone;
    private Buffer aloneHeader;
    private Buffer aloneRest;

    /**
     * @param threads how many blocks of this stream may be on {@code workers} at once (at least 1)
     * @param workers the pool shared by all streams; its threads bound what all of them use
     */
    public ParallelDeflateStage(Format format, int level, int threads, Executor workers) {
        this(format, level, threads, workers, () -> threads);
    }

    /**
     * @param share the threads this stream would be given now, asked before each block is handed out;
     *     at 1 the stream goes on alone on its own thread
     */
    public ParallelDeflateStage(Format format, int level, int threads, Executor workers, IntSupplier share) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.workers = workers;
        this.threads = threads;
        this.share = share;
        this.level = level;
        this.deflaters = new DeflaterPool(level);
        this.framing = new Framing(format, level);
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void accept(Buffer chunk) {
        Bytes bytes = Bytes.of(chunk);
        framing.update(bytes.array(), bytes.offset(), bytes.length());
        if (alone != null) {
            alone.accept(chunk);
        } else {
            pending = bytes;
            pendingAt = bytes.offset();
        }
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
        if (alone != null) {
            alone.endOfInput();
        }
    }

    @Override
    public Buffer poll() {
        if (finished) {
            return null;
        }
        if (alone == null) {
            fill();
        }
        DeflateBlock head = submitted.peek();
        if (head == null) {
            return alone == null ? null : pollAlone();
        }
        if (!head.isDone()) {
            return null;
        }
        submitted.remove();
        spareWindows.push(head.window());
        finished = head.isLast();
        return head.output();
    }

    /** The stream on its own thread, once every block handed out before has been handed on. */
    private Buffer pollAlone() {
        if (aloneHeader != null) {
            Buffer header = aloneHeader;
            aloneHeader = null;
            return header;
        }
        while (true) {
            Buffer out = alone.poll();
            if (out != null) {
                return out;
            }
            if (alone.isFinished()) {
                finished = true;
                byte[] trailer = framing.trailer();
                return trailer.length == 0 ? null : Bytes.wrap(trailer);
            }
            if (aloneRest == null) {
                return null;
            }
            alone.accept(aloneRest);
            aloneRest = null;
            if (inputEnded) {
                alone.endOfInput();
            }
        }
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    /** No more input while the chunk given last is not all in blocks, or once the input has ended. */
    @Override
    public boolean wantsInput() {
        if (alone != null) {
            return submitted.isEmpty() && aloneRest == null && !inputEnded;
        }
        return pending == null && !inputEnded;
    }

    @Override
    public void release() {
        deflaters.close();
        submitted.clear();
        filling = null;
        if (alone != null) {
            alone.release();
        }
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
            // Not at level 0: zlib's stored blocks follow the chunks it is given, so one stream's output
            // would depend on the chunking, where the blocks' does not.
            if (!last && level > 0 && share.getAsInt() == 1) {
                goOnAlone();
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

    /**
     * Hands the full block being filled, and the rest of the chunk given last, to one deflate stream on
     * this thread instead, primed with the block's dictionary; its output follows the blocks handed out.
     */
    private void goOnAlone() {
        byte[] window = filling.window();
        int dictionary = filling.dictionaryLength();
        alone = CompressStage.continuing(level, window, DeflateBlock.DICTIONARY_SIZE - dictionary, dictionary);
        if (filling.header().length > 0) {
            aloneHeader = Bytes.wrap(filling.header());
        }
        alone.accept(Bytes.wrap(window, DeflateBlock.DICTIONARY_SIZE, filling.length()));
        if (pending != null && pendingAt < pending.end()) {
            aloneRest = Bytes.wrap(pending.array(), pendingAt, pending.end() - pendingAt);
        } else if (inputEnded) {
            alone.endOfInput();
        }
        pending = null;
        filling = null;
    }

    private byte[] window() {
        return spareWindows.isEmpty() ? new byte[DeflateBlock.WINDOW_SIZE] : spareWindows.pop();
    }
}
