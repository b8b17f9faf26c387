package dev.transform.catalogue;

import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;

/**
 * A decompress stage that undoes one of the request's content codings. Its failures say so: the
 * client named no such step, so "corrupt gzip data" alone would leave it guessing which gzip.
 */
final class ContentDecodingStage implements Stage {

    private final Stage decompress;
    private final String context;

    ContentDecodingStage(Stage decompress, String coding) {
        this.decompress = decompress;
        this.context = "the request body's Content-Encoding " + coding + " cannot be decoded: ";
    }

    @Override
    public void accept(Buffer chunk) {
        try {
            decompress.accept(chunk);
        } catch (TransformException e) {
            throw e.within(context);
        }
    }

    @Override
    public void endOfInput() {
        try {
            decompress.endOfInput();
        } catch (TransformException e) {
            throw e.within(context);
        }
    }

    @Override
    public Buffer poll() {
        try {
            return decompress.poll();
        } catch (TransformException e) {
            throw e.within(context);
        }
    }

    @Override
    public boolean isFinished() {
        return decompress.isFinished();
    }

    @Override
    public void release() {
        decompress.release();
    }
}
