package dev.transform.compress.bzip2;

import dev.transform.compress.HeldDecompressStage;
import dev.transform.engine.Bytes;
import dev.transform.engine.TransformException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.Bzip2Decoder;
import java.util.Arrays;

/**
 * Decompresses bzip2 as bzip2(1) does: one or more streams back to back (pbzip2 writes one per
 * block), each block's and each stream's CRC verified (by Netty's decoder); anything else after a
 * stream is trailing data, rejected at its offset; input that ends inside a stream is truncated.
 *
 * <p>Netty's {@link Bzip2Decoder}, driven through an {@link EmbeddedHandler} and made to decode one
 * block per call, gets the input in pieces of {@value #PIECE} bytes (the last one shorter) and gives a whole block
 * at a time, which is handed out in segments counted against the limits. A block is at most 900 kB
 * before bzip2's first run-length stage, which can expand it up to 51 times: a block of long runs
 * is held whole (the decoder makes it at once), and a bomb is stopped after its first such block.
 * The decoder says only that the data it was handed is bad, so a corruption's offset is where the
 * last piece handed to it starts. Where a stream ends is found by {@link StreamEnd}.
 */
final class Bzip2DecompressStage extends HeldDecompressStage {

    private static final int PIECE = 16 * 1024;

    /**
     * The most one block can decode to: 900 kB after the first run-length stage, which turns each 5
     * bytes (4 of a byte and a count) into up to 4 + 255. A block that makes more is corrupt, and the
     * decoder's buffers are capped here so it fails there instead of taking the heap.
     */
    static final int MAX_BLOCK_OUTPUT = 900_000 / 5 * (4 + 255) + 4;

    /**
     * Bytes fed before a piece that are kept to find a stream's end in: the decoder may find the end
     * only once it has the next piece (it decodes nothing while it holds no unread byte), and the
     * end-of-stream bits may start up to 11 bytes before the piece they end in.
     */
    private static final int HISTORY = PIECE + 16;

    private Bzip2Decoder decoder;
    private EmbeddedHandler handler;
    private StreamEnd end;
    private Bytes piece;
    private byte[] fed = new byte[0];
    private long pieceStart;
    private boolean blockMade;
    private long streams;

    Bzip2DecompressStage(long maxOutputBytes, int maxRatio) {
        super(maxOutputBytes, maxRatio);
    }

    @Override
    protected boolean step() {
        return handler == null ? nextStream() : decode();
    }

    private boolean nextStream() {
        long start = input.offset();
        Bytes magic = input.take(4);
        if (magic == null) {
            if (!input.ended()) {
                return false;
            }
            if (input.received() == start) {
                if (streams == 0) {
                    throw TransformException.invalidInput("no bzip2 data", start);
                }
                return false;
            }
            magic = input.take((int) (input.received() - start));
            byte[] prefix = Arrays.copyOfRange(magic.array(), magic.offset(), magic.end());
            if (streams > 0 && !Arrays.equals(prefix, 0, prefix.length, new byte[] {'B', 'Z', 'h'}, 0, prefix.length)) {
                throw TransformException.invalidInput("unexpected data after the end of the bzip2 stream", start);
            }
            throw TransformException.invalidInput("bzip2 stream header is truncated", input.received());
        }
        input.untake(magic, 4);
        if (!Bzip2Codec.isStreamStart(magic.array(), magic.offset(), 4)) {
            throw TransformException.invalidInput(streams == 0 ? "not bzip2 data: bad magic number"
                    : "unexpected data after the end of the bzip2 stream", start);
        }
        decoder = new Bzip2Decoder();
        // One block per call: the decoder would otherwise make every block in the input it holds at once.
        decoder.setSingleDecode(true);
        handler = new EmbeddedHandler(decoder, MAX_BLOCK_OUTPUT);
        end = new StreamEnd();
        fed = new byte[0];
        blockMade = false;
        return true;
    }

    /** Lets the decoder make a block from what it holds, or gives it the next piece of input. */
    private boolean decode() {
        if (blockMade) {
            // It may hold the next block already: ask (an empty write makes it decode on).
            blockMade = run(Unpooled.EMPTY_BUFFER);
            return blockMade || decoder.isClosed() ? afterRun() : feed();
        }
        return feed();
    }

    private boolean feed() {
        if (decoder.isClosed()) {
            return afterRun();
        }
        // Whole pieces while input comes (however small its chunks), what is left once it has ended.
        Bytes next = input.take(PIECE);
        if (next == null) {
            if (!input.ended()) {
                return false;
            }
            next = input.takeUpTo(PIECE);
            if (next == null) {
                throw TransformException.invalidInput("bzip2 data is truncated", input.received());
            }
        }
        piece = next;
        pieceStart = input.offset() - next.length();
        int keep = Math.min(HISTORY, fed.length);
        byte[] window = new byte[keep + next.length()];
        System.arraycopy(fed, fed.length - keep, window, 0, keep);
        System.arraycopy(next.array(), next.offset(), window, keep, next.length());
        fed = window;
        // A copy of its own: the decoder keeps what it has not read, and compacts it in place.
        blockMade = run(Unpooled.copiedBuffer(next.array(), next.offset(), next.length()));
        afterRun();
        return true;
    }

    /** Hands the decoder {@code bytes}; returns whether it made a block, now held. */
    private boolean run(ByteBuf bytes) {
        byte[] block;
        try {
            handler.inbound(bytes);
            block = handler.nextInbound();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw TransformException.invalidInput("corrupt bzip2 data (" + cause.getMessage() + ") in the bytes from this offset",
                    pieceStart);
        }
        if (block == null) {
            return false;
        }
        end.block(block);
        held.hold(block, 0, block.length);
        return true;
    }

    /** After the decoder ran: if its stream has ended, gives back what it read past the end. Progress either way. */
    private boolean afterRun() {
        if (!decoder.isClosed()) {
            return true;
        }
        int at = end.find(fed, fed.length);
        int pieceFrom = fed.length - piece.length();
        if (at < 0) {
            throw new IllegalStateException("the end of the bzip2 stream is not in the last bytes fed");
        }
        if (at >= pieceFrom) {
            input.untake(piece, fed.length - at);
        } else {
            input.untake(piece, piece.length());
            input.giveBack(fed, at, pieceFrom - at);
        }
        handler.release();
        handler = null;
        decoder = null;
        piece = null;
        streams++;
        return true;
    }

    @Override
    public boolean isFinished() {
        return handler == null && streams > 0 && input.exhausted() && held.isEmpty();
    }

    @Override
    public void release() {
        if (handler != null) {
            handler.release();
        }
    }
}
