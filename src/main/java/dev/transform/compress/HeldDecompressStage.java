package dev.transform.compress;

import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;

/**
 * A decompress stage whose decoder makes a whole piece of output at once (a snappy chunk, a bzip2
 * block): input through an {@link InputCursor}, output held in a {@link HeldOutput} and handed out
 * in segments counted against the {@link OutputBudget}; a subclass decodes one step at a time.
 */
public abstract class HeldDecompressStage implements Stage {

    protected final InputCursor input = new InputCursor();
    protected final OutputBudget budget;
    protected final HeldOutput held = new HeldOutput();

    protected HeldDecompressStage(long maxOutputBytes, int maxRatio) {
        this.budget = new OutputBudget(maxOutputBytes, maxRatio);
    }

    /** Decodes on (called only while nothing is held); returns whether it made progress. */
    protected abstract boolean step();

    @Override
    public void accept(Buffer chunk) {
        input.feed(chunk);
    }

    @Override
    public void endOfInput() {
        input.end();
    }

    @Override
    public Buffer poll() {
        return held.nextDecoding(budget, input, this::step);
    }
}
