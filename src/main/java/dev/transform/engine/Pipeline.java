package dev.transform.engine;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Stages in a row, itself a {@link Stage}: output is pulled from the last stage, which pulls from
 * the one before it, back to the single input chunk the caller handed in. Nothing is queued between
 * stages, so the memory a pipeline holds is the sum of what its stages hold.
 *
 * <p>A failure names the step it happened in. A pipeline may start with a prelude of stages that are
 * no client's steps (the decoding of the request's content codings): steps are counted after it, and
 * a prelude stage's failure names no step (those stages say what they are themselves).
 */
public final class Pipeline implements Stage {

    private final Stage[] stages;
    private final boolean[] inputEnded;
    private final int preludeLength;
    private Buffer input;
    private boolean sourceEnded;
    /** Whether the last pull stopped at a stage that is waiting for work of its own, not for input. */
    private boolean waiting;

    public Pipeline(List<? extends Stage> stages) {
        this(List.of(), stages);
    }

    /** {@code prelude}, then {@code steps}, whose failures are counted from the first of {@code steps}. */
    public Pipeline(List<? extends Stage> prelude, List<? extends Stage> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        this.stages = Stream.concat(prelude.stream(), steps.stream()).toArray(Stage[]::new);
        this.inputEnded = new boolean[this.stages.length];
        this.preludeLength = prelude.size();
    }

    public int size() {
        return stages.length;
    }

    @Override
    public void accept(Buffer chunk) {
        input = chunk;
    }

    @Override
    public void endOfInput() {
        sourceEnded = true;
    }

    @Override
    public Buffer poll() {
        waiting = false;
        return pull(stages.length - 1);
    }

    /** False when the last {@link #poll()} stopped at a waiting stage: input would go nowhere yet. */
    @Override
    public boolean wantsInput() {
        return !waiting;
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        for (Stage stage : stages) {
            stage.wakeUpWith(wakeUp);
        }
    }

    @Override
    public boolean isFinished() {
        return stages[stages.length - 1].isFinished();
    }

    /** Whether the first stage wants no more input, so the rest of the upload can be skipped. */
    public boolean isInputNeeded() {
        return !stages[0].isFinished();
    }

    @Override
    public void responseHeaders(BiConsumer<String, String> header) {
        for (Stage stage : stages) {
            stage.responseHeaders(header);
        }
    }

    @Override
    public void release() {
        for (Stage stage : stages) {
            stage.release();
        }
    }

    private Buffer pull(int index) {
        Stage stage = stages[index];
        while (true) {
            Buffer out = attributed(index, stage::poll);
            if (out != null || stage.isFinished()) {
                return out;
            }
            if (!stage.wantsInput()) {
                waiting = true;
                return null;
            }
            if (inputEnded[index]) {
                throw new IllegalStateException("stage " + index + " neither produced nor finished after its input ended");
            }
            Buffer in = index == 0 ? takeInput() : pull(index - 1);
            if (in != null) {
                attributed(index, () -> {
                    stage.accept(in);
                    return null;
                });
            } else if (index == 0 ? sourceEnded : stages[index - 1].isFinished()) {
                inputEnded[index] = true;
                attributed(index, () -> {
                    stage.endOfInput();
                    return null;
                });
            } else {
                return null;
            }
        }
    }

    /** Runs one call into a stage, so that its failure names the step it happened in (none for the prelude). */
    private Buffer attributed(int index, Supplier<Buffer> call) {
        try {
            return call.get();
        } catch (TransformException e) {
            throw index < preludeLength ? e : e.atStep(index - preludeLength);
        }
    }

    private Buffer takeInput() {
        Buffer in = input;
        input = null;
        return in;
    }
}
