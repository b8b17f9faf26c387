package dev.transform.compress.brotli;

import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import dev.transform.compress.HeldOutput;
import dev.transform.compress.OutputBudget;
import dev.transform.engine.Bytes;
import dev.transform.engine.NativeResource;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Decompresses one brotli stream with brotli4j's push decoder: input is copied into the decoder's
 * native buffer, what it decodes is pulled out (at most its ring buffer, the stream's window) and
 * copied out of the decoder's memory in segments counted against the limits. Data after the
 * stream's end is rejected, and so is input that ends inside it. The decoder says only that a piece
 * of input it was handed is bad (a corruption, or data after the stream's end within the same
 * piece), so that offset is where the piece starts; data after the end in a later chunk is found at
 * its exact offset.
 */
final class BrotliDecompressStage implements Stage {

    private static final int INPUT_BUFFER = 64 * 1024;

    private final DecoderJNI.Wrapper decoder;
    private final OutputBudget budget;
    private final HeldOutput held = new HeldOutput();
    private Bytes input = new Bytes(new byte[0], 0, 0);
    private int pos;
    private long pushed;
    private long lastPush;
    private boolean inputEnded;
    private boolean resumedWithoutInput;
    private boolean done;
    private boolean released;

    BrotliDecompressStage(long maxOutputBytes, int maxRatio) {
        BrotliLibrary.ensureLoaded();
        try {
            decoder = new DecoderJNI.Wrapper(INPUT_BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException("brotli decoder could not be made", e);
        }
        NativeResource.BROTLI_DECODER.opened();
        this.budget = new OutputBudget(maxOutputBytes, maxRatio);
    }

    @Override
    public void accept(Buffer chunk) {
        input = Bytes.of(chunk);
        pos = input.offset();
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
    }

    @Override
    public Buffer poll() {
        while (true) {
            Buffer piece = held.next(budget, pushed);
            if (piece != null) {
                return piece;
            }
            switch (decoder.getStatus()) {
                case DONE -> {
                    done = true;
                    if (pos < input.end()) {
                        throw TransformException.invalidInput("unexpected data after the end of the brotli stream", pushed);
                    }
                    return null;
                }
                case OK -> decoder.push(0);
                case NEEDS_MORE_OUTPUT -> pull();
                case NEEDS_MORE_INPUT -> {
                    if (decoder.hasOutput()) {
                        pull();
                    } else if (pos < input.end()) {
                        push();
                    } else if (!resumedWithoutInput) {
                        // After a pull the wrapper says it needs input once it has taken all it was given, even
                        // when the decoder still holds unread bits of it (the stream's last meta-block, say):
                        // it is resumed once with none before the stream is called truncated or more is awaited.
                        resumedWithoutInput = true;
                        decoder.push(0);
                    } else if (inputEnded) {
                        throw TransformException.invalidInput(pushed == 0 ? "no brotli data" : "brotli data is truncated", pushed);
                    } else {
                        return null;
                    }
                }
                default -> throw TransformException.invalidInput("corrupt brotli data (or data after the end of the"
                        + " stream) in the " + (pushed - lastPush) + " bytes from this offset", lastPush);
            }
        }
    }

    private void push() {
        int n = Math.min(INPUT_BUFFER, input.end() - pos);
        ByteBuffer buffer = decoder.getInputBuffer();
        buffer.clear();
        buffer.put(input.array(), pos, n);
        pos += n;
        lastPush = pushed;
        pushed += n;
        resumedWithoutInput = false;
        decoder.push(n);
    }

    /**
     * Holds what the decoder gives up, in its own native memory (up to the stream's window), which stays
     * as it is until the decoder is next called: the pieces are copied straight out of it. One copy of
     * it all at once would be an array of up to the window's size per pull.
     */
    private void pull() {
        ByteBuffer decoded = decoder.pull();
        resumedWithoutInput = false;
        held.holdReused(decoded);
    }

    @Override
    public boolean isFinished() {
        return done && inputEnded && pos == input.end() && held.isEmpty();
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            held.clear();
            decoder.destroy();
            NativeResource.BROTLI_DECODER.released();
        }
    }
}
