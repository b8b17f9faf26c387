package dev.transform.engine;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link ChunkStage} on a worker thread while the exchange's thread takes in the next chunks, so
 * that a stage that costs more per byte than the HTTP path (hashing) and the HTTP path use two cores
 * instead of taking turns on one.
 *
 * <p>The stage is called on the workers one call at a time, in input order, and not by the exchange's
 * thread (but when the pool has been shut down with the service: then the calls run where they are handed
 * over): it needs no locking of its own. Input is taken while fewer than {@link #IN_FLIGHT} bytes are handed
 * over and not yet taken back (input not yet transformed, output not yet polled), so at most that plus one
 * chunk are; past it this stage wants no input, and the worker wakes the driver once half of it is done. A
 * worker keeps at one stream for at most {@link #IN_FLIGHT} bytes before the rest of its input queues
 * behind the other streams' work.
 *
 * <p>For stages that add no response header fields: those would be asked while the worker may be
 * changing the stage. {@link #release()} is passed on in order too, after the work already handed over,
 * which is skipped: so the stage is released a moment after this stage is, on a worker (digests hold
 * nothing that needs it sooner).
 */
public final class OffloadedStage implements Stage {

    /**
     * Bytes in flight. Enough that the worker, which wakes the driver at half of it, still has half a
     * megabyte of work while the driver's next chunks come: with 4 chunks of 64 KiB in flight the worker kept
     * running dry and SHA-256 gained 1.03x over hashing inline, with 32 1.12x (prototypes), with 16 (this)
     * 1.36x ({@code docs/benchmarks.md}, "Hashing beside the upload").
     */
    static final long IN_FLIGHT = 1 << 20;

    /**
     * What the driver hands over besides chunks, in the same order. Not buffers: a static Vert.x buffer
     * cannot be in the native image's heap.
     */
    private enum Signal {
        END, RELEASE
    }

    private final ChunkStage stage;
    private final Executor workers;
    /** Input chunks and {@link Signal}s. */
    private final ConcurrentLinkedQueue<Object> handedOver = new ConcurrentLinkedQueue<>();
    /** Items handed over and not yet done: the hand-over that takes it from 0 to 1 schedules the run that does them. */
    private final AtomicInteger queued = new AtomicInteger();
    private final ConcurrentLinkedQueue<Buffer> outputs = new ConcurrentLinkedQueue<>();
    private final AtomicLong inFlight = new AtomicLong();
    /** Set by the driver when it stopped pulling on this stage: the worker's next progress wakes it. */
    private final AtomicBoolean driverWaiting = new AtomicBoolean();
    private volatile boolean stageFinished;
    private volatile RuntimeException failure;
    private volatile boolean released;
    private Runnable wakeUp = () -> {
    };
    private boolean inputEnded;

    public OffloadedStage(ChunkStage stage, Executor workers) {
        this.stage = stage;
        this.workers = workers;
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void accept(Buffer chunk) {
        inFlight.addAndGet(chunk.length());
        handOver(chunk);
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
        handOver(Signal.END);
    }

    @Override
    public Buffer poll() {
        RuntimeException error = failure;
        if (error != null) {
            throw error;
        }
        Buffer out = outputs.poll();
        if (out != null) {
            inFlight.addAndGet(-out.length());
        }
        return out;
    }

    @Override
    public boolean isFinished() {
        return stageFinished && outputs.isEmpty();
    }

    @Override
    public boolean wantsInput() {
        if (hasRoom()) {
            return true;
        }
        driverWaiting.set(true);
        // The worker may have moved between the check and the flag; then it saw no flag, so wake here.
        if (hasRoom() || !outputs.isEmpty() || stageFinished || failure != null) {
            wakeDriver();
        }
        return false;
    }

    @Override
    public void release() {
        released = true;
        handOver(Signal.RELEASE);
    }

    private boolean hasRoom() {
        return !inputEnded && inFlight.get() < IN_FLIGHT;
    }

    private void handOver(Object item) {
        handedOver.add(item);
        if (queued.getAndIncrement() == 0) {
            schedule();
        }
    }

    private void schedule() {
        try {
            workers.execute(this::work);
        } catch (RejectedExecutionException stopping) {
            work(); // the pool is shut down with the service: finish here rather than leave the stage hanging
        }
    }

    /** On a worker: the items handed over, in order, until none are left or a fair share is done. */
    private void work() {
        long share = IN_FLIGHT;
        boolean produced = false;
        int left;
        do {
            Object item = handedOver.poll();
            try {
                if (item == Signal.RELEASE) {
                    stage.release(); // the last item: nothing is handed over after it
                } else {
                    Buffer chunk = item == Signal.END ? null : (Buffer) item;
                    int taken = chunk == null ? 0 : chunk.length();
                    long given = transform(chunk);
                    inFlight.addAndGet(given - taken);
                    share -= taken;
                    produced |= given > 0;
                }
            } finally {
                // Counted off whatever happened, so that the next hand-over still schedules a run.
                left = queued.decrementAndGet();
            }
            if (inFlight.get() < IN_FLIGHT / 2) {
                wakeDriverIfWaiting();
            }
        } while (left > 0 && share > 0);
        if (produced || stageFinished || failure != null) {
            wakeDriver(); // something to send or say, whether or not the driver stopped on this stage
        }
        if (left > 0) {
            schedule(); // behind the other streams' work, with the rest of this one's still counted
        }
    }

    /** Passes a chunk, or the end of the input ({@code null}), to the stage; the bytes of output it gave. */
    private long transform(Buffer chunk) {
        long produced = 0;
        try {
            if (!released && !stageFinished && failure == null) {
                if (chunk == null) {
                    stage.endOfInput();
                } else {
                    stage.accept(chunk);
                }
                for (Buffer out = stage.poll(); out != null; out = stage.poll()) {
                    outputs.add(out);
                    produced += out.length();
                }
                stageFinished = stage.isFinished();
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            // Still the driver's to report: thrown here, it would end this worker and leave the stream waiting.
            failure = new IllegalStateException(e);
        }
        return produced;
    }

    private void wakeDriverIfWaiting() {
        if (driverWaiting.getAndSet(false)) {
            wake();
        }
    }

    private void wakeDriver() {
        driverWaiting.set(false);
        wake();
    }

    private void wake() {
        try {
            wakeUp.run();
        } catch (RejectedExecutionException stopped) {
            // The exchange's event loop is shut down with the service: no one is left to wake, and this
            // run still has to reschedule the rest of the stream's work (its release) rather than die here.
        }
    }
}
