package dev.transform.engine;

import io.vertx.core.buffer.Buffer;
import java.util.function.BiConsumer;

/** A stage that passes every call on to another: the base of decorators that change one or two of them. */
public abstract class ForwardingStage implements Stage {

    /** Not final: a decorator may swap the stage out (a reserved codec lets go of its state when released). */
    protected Stage delegate;

    protected ForwardingStage(Stage delegate) {
        this.delegate = delegate;
    }

    @Override
    public void accept(Buffer chunk) {
        delegate.accept(chunk);
    }

    @Override
    public void endOfInput() {
        delegate.endOfInput();
    }

    @Override
    public Buffer poll() {
        return delegate.poll();
    }

    @Override
    public boolean isFinished() {
        return delegate.isFinished();
    }

    @Override
    public void responseHeaders(BiConsumer<String, String> header) {
        delegate.responseHeaders(header);
    }

    @Override
    public boolean wantsInput() {
        return delegate.wantsInput();
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        delegate.wakeUpWith(wakeUp);
    }

    @Override
    public void release() {
        delegate.release();
    }
}
