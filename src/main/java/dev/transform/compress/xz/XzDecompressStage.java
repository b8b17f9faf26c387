package dev.transform.compress.xz;

import dev.transform.compress.OutputBudget;
import dev.transform.compress.Segments;
import dev.transform.engine.Bytes;
import dev.transform.engine.NativeResource;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Decompresses xz as xz(1) does: one or more streams, with stream padding (zero bytes in fours)
 * between and after them, each block's check and each stream's index verified; anything else after a
 * stream is trailing data, rejected at its offset; input that ends inside a stream is truncated.
 *
 * <p>XZ for Java's decoder only pulls (an {@link InputStream}), so it runs on a thread of its own,
 * started with the stage and ended by {@link #release()}, and meets the push side through a bounded
 * hand-off: the stage copies input chunks in while less than {@value #HAND_OFF} bytes wait for the
 * decoder (one chunk more at most), and the decoder leaves at most {@value #READY} segments of output,
 * waiting while they are not taken. The stage wakes its driver whenever the decoder has made room for
 * input in a full hand-off, made a segment or stopped. Each
 * stream is read by its own decoder, so where one ends, and what follows, is known to the byte.
 */
final class XzDecompressStage implements Stage {

    /** The most memory a decoder may use, in KiB: an {@value XzCodec#MAX_DICTIONARY_MIB} MiB dictionary and its state. */
    static final int MEMORY_LIMIT_KIB = (XzCodec.MAX_DICTIONARY_MIB << 10) + 1024;
    private static final int READY = 2;

    /** Input held for the decoder: the stage takes more while less than this waits, however small the chunks. */
    private static final int HAND_OFF = 64 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final OutputBudget budget;
    private final ArrayCache arrays;
    private final Feed feed = new Feed();
    private volatile Runnable wakeUp = () -> { };
    private Thread worker;

    // Guarded by this.
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private byte[] input = new byte[HAND_OFF];
    private int inputStart;
    private int inputEnd;
    private long received;
    private long consumed;
    private boolean inputEnded;
    private boolean decoded;
    private boolean cancelled;
    private TransformException failure;

    XzDecompressStage(long maxOutputBytes, int maxRatio, ArrayCache arrays) {
        this.budget = new OutputBudget(maxOutputBytes, maxRatio);
        this.arrays = arrays;
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public synchronized void accept(Buffer buffer) {
        Bytes bytes = Bytes.of(buffer);
        int held = inputEnd - inputStart;
        if (input.length - inputEnd < bytes.length()) {
            byte[] to = input.length - held < bytes.length() ? new byte[held + bytes.length()] : input;
            System.arraycopy(input, inputStart, to, 0, held);
            input = to;
            inputStart = 0;
            inputEnd = held;
        }
        System.arraycopy(bytes.array(), bytes.offset(), input, inputEnd, bytes.length());
        inputEnd += bytes.length();
        received += bytes.length();
        notifyAll();
    }

    @Override
    public synchronized void endOfInput() {
        inputEnded = true;
        notifyAll();
    }

    @Override
    public Buffer poll() {
        if (worker == null) {
            Thread thread = new Thread(this::decodeAll, "transform-xz-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start(); // may be refused (OutOfMemoryError): then no thread is counted, nor released
            worker = thread;
            NativeResource.XZ_DECODER_THREAD.opened();
        }
        byte[] piece;
        long input;
        synchronized (this) {
            piece = ready.poll();
            if (piece == null) {
                if (failure != null) {
                    throw failure;
                }
                return null;
            }
            input = consumed;
            notifyAll();
        }
        budget.spend(piece.length, input);
        return Bytes.wrap(piece);
    }

    @Override
    public synchronized boolean wantsInput() {
        return inputEnd - inputStart < HAND_OFF && !inputEnded && failure == null;
    }

    @Override
    public synchronized boolean isFinished() {
        return decoded && ready.isEmpty();
    }

    @Override
    public synchronized void release() {
        cancelled = true;
        ready.clear();
        notifyAll();
        if (worker != null) {
            NativeResource.XZ_DECODER_THREAD.released();
        }
    }

    /** The worker: every stream in the input, then the end; any failure is kept for the driver's next poll. */
    private void decodeAll() {
        try {
            byte[] segment = new byte[Segments.SIZE];
            long streams = 0;
            while (nextStream(streams)) {
                SingleXZInputStream stream = new SingleXZInputStream(feed, MEMORY_LIMIT_KIB, arrays);
                try {
                    for (int n = stream.read(segment, 0, segment.length); n >= 0; n = stream.read(segment, 0, segment.length)) {
                        if (n > 0) {
                            publish(Arrays.copyOf(segment, n));
                        }
                    }
                } finally {
                    stream.close(false); // gives the dictionary back however the stream ended; the feed stays open
                }
                streams++;
            }
            synchronized (this) {
                decoded = true;
            }
        } catch (TransformException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(translate(e));
        } catch (OutOfMemoryError e) {
            // The dictionary is allocated here, off the exchange's thread, where CodecMemory cannot see it:
            // passed on as the budget's own answer, or the exchange would wait for output that never comes.
            fail(TransformException.unavailable("decompress xz: the JVM could not give the decoder its memory now;"
                    + " retry later"));
        } finally {
            wakeUp.run();
        }
    }

    /**
     * Reads what lies before the next stream: stream padding (after a stream) and the magic number,
     * which it gives back for the decoder to read. False at the end of the input.
     */
    private boolean nextStream(long streams) throws IOException {
        long paddingStart = consumed();
        while (true) {
            long start = consumed();
            int first = feed.read();
            if (first < 0) {
                if (streams == 0) {
                    throw TransformException.invalidInput("no xz data", start);
                }
                return false;
            }
            byte[] head = new byte[XzCodec.MAGIC.length];
            head[0] = (byte) first;
            if (first == 0 && streams > 0) {
                int n = feed.readNBytes(head, 1, 3);
                if (n < 3 || head[1] != 0 || head[2] != 0 || head[3] != 0) {
                    throw TransformException.invalidInput("stream padding after an xz stream must be zero bytes in fours",
                            paddingStart);
                }
                continue;
            }
            int n = 1 + feed.readNBytes(head, 1, head.length - 1);
            if (!Arrays.equals(head, 0, n, XzCodec.MAGIC, 0, n)) {
                throw TransformException.invalidInput(streams == 0 ? "not xz data: bad magic number"
                        : "unexpected data after the end of the xz stream", start);
            }
            if (n < head.length) {
                throw TransformException.invalidInput("xz stream header is truncated", consumed());
            }
            feed.unread(head);
            return true;
        }
    }

    private TransformException translate(Exception e) {
        synchronized (this) {
            if (cancelled) {
                return null;
            }
        }
        if (e instanceof EOFException) {
            return TransformException.invalidInput("xz data is truncated", consumed());
        }
        if (e instanceof MemoryLimitException limit) {
            return TransformException.invalidInput("the xz stream needs " + limit.getMemoryNeeded() / 1024 + " MiB to decode, more"
                    + " than the " + MEMORY_LIMIT_KIB / 1024 + " MiB allowed (dictionaries up to " + XzCodec.MAX_DICTIONARY_MIB
                    + " MiB: xz -6, its default, and lower)", consumed());
        }
        // XZ for Java's CorruptedInputException, UnsupportedOptionsException, XZFormatException, and the
        // runtime exceptions some corruptions meet: all the input's fault.
        return TransformException.invalidInput("corrupt xz data: " + e.getMessage(), consumed());
    }

    private synchronized void fail(TransformException e) {
        if (e != null && !cancelled) {
            failure = e;
        }
    }

    private synchronized long consumed() {
        return consumed;
    }

    /** Hands a segment to the driver, waiting while {@value #READY} are not yet taken. */
    private void publish(byte[] piece) throws IOException {
        synchronized (this) {
            while (ready.size() >= READY && !cancelled) {
                await();
            }
            if (cancelled) {
                throw new IOException("released");
            }
            ready.add(piece);
        }
        wakeUp.run();
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** The decoder's input: what the stage was given, read as it comes; a few bytes can be given back. */
    private final class Feed extends InputStream {

        private byte[] givenBack = new byte[0];
        private int givenBackPos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (givenBackPos < givenBack.length) {
                int n = Math.min(length, givenBack.length - givenBackPos);
                System.arraycopy(givenBack, givenBackPos, into, offset, n);
                givenBackPos += n;
                synchronized (XzDecompressStage.this) {
                    consumed += n;
                }
                return n;
            }
            int n;
            boolean roomMade;
            synchronized (XzDecompressStage.this) {
                while (inputStart == inputEnd && !inputEnded && !cancelled) {
                    await();
                }
                if (cancelled) {
                    throw new IOException("released");
                }
                if (inputStart == inputEnd) {
                    return -1;
                }
                boolean wasFull = inputEnd - inputStart >= HAND_OFF;
                n = Math.min(length, inputEnd - inputStart);
                System.arraycopy(input, inputStart, into, offset, n);
                inputStart += n;
                consumed += n;
                // The driver waits for room only while the hand-off is full.
                roomMade = wasFull && inputEnd - inputStart < HAND_OFF;
            }
            if (roomMade) {
                wakeUp.run();
            }
            return n;
        }

        /** Gives {@code bytes}, the last read, back to be read again. */
        void unread(byte[] bytes) {
            givenBack = bytes;
            givenBackPos = 0;
            synchronized (XzDecompressStage.this) {
                consumed -= bytes.length;
            }
        }
    }
}
