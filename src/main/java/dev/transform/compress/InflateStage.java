package dev.transform.compress;

import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;

/** Decompresses one zlib or raw deflate stream; anything after the stream's end is rejected. */
public final class InflateStage implements Stage {

    private final Format format;
    private final Inflating inflating;
    private long inputBefore;
    private Bytes input;
    private boolean inputEnded;

    public InflateStage(Format format, long maxOutputBytes) {
        this(format, maxOutputBytes, 0);
    }

    /** @param maxRatio the most output bytes per input byte once output passes 1 MiB; 0 for no limit */
    public InflateStage(Format format, long maxOutputBytes, int maxRatio) {
        this.format = format;
        this.inflating = new Inflating(format, maxOutputBytes, maxRatio);
    }

    @Override
    public void accept(Buffer chunk) {
        if (input != null) {
            inputBefore += input.length();
        }
        input = Bytes.of(chunk);
        if (inflating.isStreamEnded()) {
            rejectTrailing(0);
        }
        inflating.setInput(input, input.offset());
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
    }

    @Override
    public Buffer poll() {
        Buffer out = inflating.inflate(0);
        if (out != null) {
            return out;
        }
        if (inflating.isStreamEnded()) {
            rejectTrailing(input == null ? 0 : input.length() - inflating.remaining());
        } else if (inputEnded) {
            throw TransformException.invalidInput(format.id() + " data is truncated", inflating.streamInputBytes());
        }
        return null;
    }

    private void rejectTrailing(int at) {
        if (input != null && at < input.length()) {
            throw TransformException.invalidInput("unexpected data after the end of the " + format.id() + " stream",
                    inputBefore + at);
        }
    }

    @Override
    public boolean isFinished() {
        return inflating.isStreamEnded() && inputEnded;
    }

    @Override
    public void release() {
        inflating.release();
    }
}
