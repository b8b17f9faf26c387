package dev.transform.catalogue;

import dev.transform.engine.ForwardingStage;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.util.function.BiConsumer;

/**
 * A decompress stage that undoes one of the request's content codings. Its failures say so: the
 * client named no such step, so "corrupt gzip data" alone would leave it guessing which gzip.
 */
final class ContentDecodingStage extends ForwardingStage {

    private final String context;

    ContentDecodingStage(Stage decompress, String coding) {
        super(decompress);
        this.context = "the request body's Content-Encoding " + coding + " cannot be decoded: ";
    }

    @Override
    public void accept(Buffer chunk) {
        try {
            delegate.accept(chunk);
        } catch (TransformException e) {
            throw e.within(context);
        }
    }

    @Override
    public void endOfInput() {
        try {
            delegate.endOfInput();
        } catch (TransformException e) {
            throw e.within(context);
        }
    }

    @Override
    public Buffer poll() {
        try {
            return delegate.poll();
        } catch (TransformException e) {
            throw e.within(context);
        }
    }

    /** Not the decoder's: a header such as decompress/auto's would describe the request, not the answer. */
    @Override
    public void responseHeaders(BiConsumer<String, String> header) {
    }
}
