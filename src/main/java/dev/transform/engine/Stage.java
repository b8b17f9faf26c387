package dev.transform.engine;

import io.vertx.core.buffer.Buffer;
import java.util.function.BiConsumer;

/**
 * One streaming transform. The pipeline pulls output from a stage and feeds it input only when it
 * asks for more, so a stage never holds more than one input chunk plus its own bounded state, and
 * a stage that expands its input (inflate) hands out its output in bounded pieces.
 *
 * <p>The protocol, driven by {@link Pipeline}: call {@link #poll()} until it returns {@code null};
 * then, unless {@link #isFinished()}, give the stage the next chunk with {@link #accept(Buffer)} or,
 * when there is none, {@link #endOfInput()}. All calls come from one thread at a time.
 *
 * <p>Most stages answer at once. A stage that works on other threads (parallel deflate) may have
 * nothing to give yet and want no more input either: its {@code poll()} returns {@code null} and
 * {@link #wantsInput()} false. The driver then stops pulling until the stage calls the wake-up it
 * was given with {@link #wakeUpWith(Runnable)}, and starts again with {@code poll()}.
 */
public interface Stage {

    /** Takes the next input chunk. Called only after {@link #poll()} returned {@code null}. */
    void accept(Buffer chunk);

    /** Tells the stage that no more input will come, so it can flush what it holds. */
    void endOfInput();

    /**
     * The next output chunk, never empty; {@code null} when the stage needs more input or has
     * nothing more to give.
     *
     * @throws TransformException when the input cannot be transformed
     */
    Buffer poll();

    /** True once the stage will produce no more output, whatever input might still come. */
    boolean isFinished();

    /**
     * Adds the response header fields this stage has to say (decompress/auto names the format it
     * found). Asked when the response is committed (after the stage has had input, before any output
     * reaches the client), and when the stage is released, by a wrapper that keeps them for a response
     * committed later; the default says nothing.
     */
    default void responseHeaders(BiConsumer<String, String> header) {
    }

    /**
     * After {@link #poll()} returned {@code null} and {@link #isFinished()} is false: whether the stage
     * takes input now ({@link #accept(Buffer)}, or {@link #endOfInput()} when there is none). False
     * while output it has promised is still being made elsewhere; it then calls its wake-up once it
     * can move again.
     */
    default boolean wantsInput() {
        return true;
    }

    /**
     * Gives the stage what to call, from any thread, once it can move again after a {@code poll()}
     * that returned {@code null} while it wanted no input. The driver runs its next pull on its own
     * thread, so a call may come at any time and more often than needed. Called once, before the
     * first {@code poll()}; stages that never wait ignore it.
     */
    default void wakeUpWith(Runnable wakeUp) {
    }

    /** Frees native resources (zlib streams). Called exactly once, however the exchange ends. */
    default void release() {
    }
}
