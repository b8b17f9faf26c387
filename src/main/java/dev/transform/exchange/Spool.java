package dev.transform.exchange;

import dev.transform.http.BufferCache;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The upload an exchange has read but its stages have not taken yet, in order: for clients that
 * send the whole body before they read any of the answer (most do), whose upload would otherwise
 * stall behind a response nobody reads.
 *
 * <p>Chunks are held in memory up to {@code transform.spool.memory-size}; past that, once the
 * response has been blocked with no byte read for {@code spill-after} (the client is not reading),
 * they are written to a {@link SpoolFile}, within the per-exchange and per-instance caps. A chunk
 * keeps its bytes until its write is done, and is served from memory if it is wanted before then,
 * so a failed write loses nothing. When a cap is reached or the disk fails, the spool takes no more
 * and the exchange falls back to backpressure ({@link #canTake()} says no), logged once.
 *
 * <p>All calls come from the exchange's event loop; the file's completions arrive there too.
 */
final class Spool {

    private static final Logger LOG = Logger.getLogger(Spool.class);

    /**
     * A read is handed on in views of at most a network read ({@link BufferCache#CHUNK}), so the stages
     * get the chunks they get from a client that streams, and make output of the same bounded size from each.
     */
    static final int HAND_OUT = BufferCache.CHUNK;

    /**
     * Most bytes one disk read brings back: fewer trips to the worker pool than chunk-sized reads, and
     * below 256 KiB, from where the native image's garbage collector gives an array a memory mapping of
     * its own (application.properties, {@code -H:LargeArrayThreshold}).
     */
    static final int READ_SIZE = 3 * HAND_OUT;

    /** One chunk of the upload: in memory ({@code data}), on disk ({@code position}), or both while being written. */
    private static final class Piece {
        final int length;
        Buffer data;
        long position = -1;
        boolean writing;
        boolean taken;

        Piece(Buffer data) {
            this.length = data.length();
            this.data = data;
        }
    }

    /** What the spool tells the input that owns it. */
    interface Listener {
        /** A disk read has brought back bytes for {@link #poll()}. */
        void readable();

        /** A write finished: the spool may have room again. */
        void roomMade();

        /** Reading the spool back failed: the exchange cannot go on. */
        void readFailed(Throwable error);
    }

    private final Vertx vertx;
    private final SpoolBudget budget;
    private final LongSupplier readerSilentNanos;
    private final Listener listener;
    private final String name;
    private final ArrayDeque<Piece> pieces = new ArrayDeque<>();
    /** Bytes of the head piece already handed out. */
    private int headOffset;
    private long memoryBytes;
    private long writingBytes;
    private SpoolFile file;
    private long fileEnd;
    private int piecesOnDisk;
    private boolean reading;
    private Buffer readAhead;
    /** What is left of the read being handed on; the next read may be on its way meanwhile. */
    private Buffer handing;
    private boolean diskFailed;
    private boolean fellBack;
    private boolean released;
    /**
     * Inside {@link #poll()} or {@link #offer}: a file operation the page cache answers at once
     * completes before its future's handler is even attached, and Vert.x then runs the handler
     * right away. Its news is not passed on from there; the caller sees it in what it gets back.
     */
    private boolean calling;

    /**
     * @param readerSilentNanos how long the response has been blocked without its client reading, or -1 when it is not blocked
     * @param name the exchange, for the log
     */
    Spool(Vertx vertx, SpoolBudget budget, LongSupplier readerSilentNanos, Listener listener, String name) {
        this.vertx = vertx;
        this.budget = budget;
        this.readerSilentNanos = readerSilentNanos;
        this.listener = listener;
        this.name = name;
    }

    boolean isEmpty() {
        return pieces.isEmpty() && readAhead == null && handing == null && !reading;
    }

    /** Whether the spool has room for one more chunk of the upload; if not, the upload waits. */
    boolean canTake() {
        if (released) {
            return false;
        }
        if (memoryBytes - writingBytes < budget.memoryBytes) {
            return true;
        }
        // Once the disk has been refused (a cap, a failed write) it stays refused: a few bytes left under
        // a cap are no room for the next chunk, which would stay in memory, and the next, without end.
        return !fellBack && mayWrite(0) && writingBytes < budget.memoryBytes;
    }

    /**
     * Whether a disk write is on its way, so that {@link Listener#roomMade()} follows. When {@link #canTake()}
     * is false and nothing is being written, room comes only from the reader.
     */
    boolean writing() {
        return writingBytes > 0;
    }

    /**
     * How long until the disk opens to this spool, when only the reader's silence holds it back
     * (the memory part is full, the response blocked); -1 otherwise.
     */
    long nanosUntilSpill() {
        long silent = readerSilentNanos.getAsLong();
        if (released || diskFailed || !budget.enabled() || silent < 0 || silent >= budget.spillAfterNanos
                || memoryBytes - writingBytes < budget.memoryBytes) {
            return -1;
        }
        return budget.spillAfterNanos - silent;
    }

    /** Adds the next chunk of the upload: to memory while there is room, else to disk if allowed, else to memory anyway. */
    void offer(Buffer chunk) {
        calling = true;
        try {
            add(new Piece(chunk));
        } finally {
            calling = false;
        }
    }

    private void add(Piece piece) {
        pieces.add(piece);
        memoryBytes += piece.length;
        if (memoryBytes - writingBytes > budget.memoryBytes && writingBytes < budget.memoryBytes && mayWrite(piece.length)) {
            if (budget.tryReserve(piece.length)) {
                write(piece);
            } else {
                fallBackInstanceFull();
            }
        }
    }

    /** The next chunk in upload order, or null: empty, or a disk read is on its way ({@code readable} follows). */
    Buffer poll() {
        calling = true;
        try {
            Buffer next = takeRead();
            if (next == null && !reading && !pieces.isEmpty() && pieces.peek().data != null) {
                next = takeHeadFromMemory();
            }
            readAheadFromDisk();
            if (next == null) {
                next = takeRead(); // a read the page cache answered at once
            }
            closeFileIfDrained();
            return next;
        } finally {
            calling = false;
        }
    }

    /** Frees everything, however the exchange ended: memory, the file and its share of the budget. */
    void release() {
        released = true;
        pieces.clear();
        readAhead = null;
        handing = null;
        memoryBytes = 0;
        piecesOnDisk = 0;
        reading = false;
        closeFileIfDrained();
    }

    /** The next view of the read being handed on, which the read ahead becomes once the last one is all handed on. */
    private Buffer takeRead() {
        if (handing == null) {
            handing = readAhead;
            readAhead = null;
        }
        if (handing == null || handing.length() <= HAND_OUT) {
            Buffer last = handing;
            handing = null;
            return last;
        }
        Buffer next = handing.slice(0, HAND_OUT);
        handing = handing.slice(HAND_OUT, handing.length());
        return next;
    }

    private Buffer takeHeadFromMemory() {
        Piece head = pieces.poll();
        head.taken = true;
        if (!head.writing) {
            memoryBytes -= head.length; // a piece being written holds its bytes until the write is done
        }
        if (head.position >= 0) {
            piecesOnDisk--;
        }
        Buffer data = headOffset == 0 ? head.data : head.data.slice(headOffset, head.length);
        headOffset = 0;
        return data;
    }

    /** Whether the next {@code bytes} may go to disk: the reader is silent long enough and no cap is reached. */
    private boolean mayWrite(long bytes) {
        if (diskFailed || !budget.enabled() || readerSilentNanos.getAsLong() < budget.spillAfterNanos) {
            return false;
        }
        long next = Math.max(bytes, 1);
        if (fileEnd + next > budget.maxPerExchange) {
            fallBack("it holds the per-exchange maximum of " + budget.maxPerExchange + " bytes (transform.limits.max-spool-size)");
            return false;
        }
        if (!budget.hasRoom(next)) {
            fallBackInstanceFull();
            return false;
        }
        return true;
    }

    private void write(Piece piece) {
        if (file == null) {
            file = SpoolFile.open(vertx, budget.directory);
        }
        piece.position = fileEnd;
        fileEnd += piece.length;
        piecesOnDisk++;
        piece.writing = true;
        writingBytes += piece.length;
        budget.meters.spooled(piece.length);
        file.write(piece.data, piece.position).onComplete(written -> {
            piece.writing = false;
            writingBytes -= piece.length;
            if (released) {
                return;
            }
            if (written.failed()) {
                // An untaken piece keeps its bytes and is served from memory; nothing more goes to disk.
                diskFailed = true;
                fallBack("the disk refused a write: " + written.cause());
            } else if (!piece.taken) {
                piece.data = null;
            }
            if (piece.taken || written.succeeded()) {
                memoryBytes -= piece.length;
            }
            if (!calling) {
                listener.roomMade();
            }
        });
    }

    /** Starts one read of the pieces at the head that are only on disk, if none is running. */
    private void readAheadFromDisk() {
        if (released || reading || readAhead != null || pieces.isEmpty() || pieces.peek().data != null) {
            return;
        }
        long from = pieces.peek().position + headOffset;
        int length = 0;
        while (!pieces.isEmpty() && pieces.peek().data == null && length < READ_SIZE) {
            Piece head = pieces.peek();
            int part = Math.min(head.length - headOffset, READ_SIZE - length);
            length += part;
            if (headOffset + part == head.length) {
                pieces.poll().taken = true;
                piecesOnDisk--;
                headOffset = 0;
            } else {
                headOffset += part;
            }
        }
        reading = true;
        int wanted = length;
        file.read(from, length).onComplete(read -> {
            if (released) {
                return;
            }
            reading = false;
            if (read.failed() || read.result().length() != wanted) {
                listener.readFailed(read.failed() ? read.cause()
                        : new java.io.IOException("the spool file gave " + read.result().length() + " of " + wanted + " bytes"));
                return;
            }
            readAhead = read.result();
            closeFileIfDrained();
            if (!calling) {
                listener.readable();
            }
        });
    }

    /** A file with nothing left to read is closed, freeing its disk at once; the next spill opens a new one. */
    private void closeFileIfDrained() {
        if (file != null && piecesOnDisk == 0 && !reading) {
            file.close();
            file = null;
            budget.release(fileEnd);
            fileEnd = 0;
        }
    }

    private void fallBackInstanceFull() {
        fallBack("the instance's spools hold their maximum of " + budget.maxTotal + " bytes (transform.limits.max-spool-total)");
    }

    private void fallBack(String why) {
        if (!fellBack) {
            fellBack = true;
            budget.meters.fellBack();
            LOG.warnf("%s: the upload waits for the response from now on (backpressure): the spool cannot take more, %s",
                    name, why);
        }
    }
}
