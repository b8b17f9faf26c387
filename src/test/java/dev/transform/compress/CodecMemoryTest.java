package dev.transform.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class CodecMemoryTest {

    private final CodecMemory memory = new CodecMemory(100);

    @Test
    void stagesThatFitAreMadeAndGiveTheirShareBackOnce() {
        Stage first = memory.reserve(60, "first", Pass::new);
        Stage second = memory.reserve(40, "second", Pass::new);
        assertEquals(100, memory.held());
        first.release();
        first.release();
        assertEquals(40, memory.held());
        second.release();
        assertEquals(0, memory.held());
    }

    @Test
    void aStageThatDoesNotFitIsA503AndHoldsNothing() {
        Stage held = memory.reserve(60, "first", Pass::new);
        TransformException e = assertThrows(TransformException.class, () -> memory.reserve(41, "compress xz level 6", Pass::new));
        assertEquals(ProblemType.UNAVAILABLE, e.type());
        assertTrue(e.detail().contains("compress xz level 6"), e.detail());
        assertEquals(60, memory.held());
        held.release();
        memory.reserve(100, "all of it", Pass::new).release();
        assertEquals(0, memory.held());
    }

    @Test
    void aStageThatFailsToBeMadeGivesItsShareBack() {
        assertThrows(IllegalStateException.class, () -> memory.reserve(50, "broken", () -> {
            throw new IllegalStateException("no");
        }));
        assertEquals(0, memory.held());
    }

    @Test
    void aJvmThatCannotGiveTheMemoryIsA503NotABug() {
        TransformException made = assertThrows(TransformException.class,
                () -> memory.reserve(50, "compress xz level 6", CodecMemoryTest::outOfMemory));
        assertEquals(ProblemType.UNAVAILABLE, made.type());
        assertEquals("compress xz level 6 needs 0 MiB of working memory, and the JVM could not give it now; retry later,"
                + " or choose a lower level", made.detail());
        assertEquals(0, memory.held());

        // A codec that takes its memory when it first has work (XZ for Java's encoder: at its first write, in poll).
        for (String refused : List.of("accept", "endOfInput", "poll")) {
            Stage lazy = memory.reserve(50, "compress xz level 9", () -> new RefusedIn(refused));
            TransformException e = assertThrows(TransformException.class, () -> {
                lazy.accept(Buffer.buffer("ab"));
                lazy.endOfInput();
                lazy.poll();
            }, refused);
            assertEquals(ProblemType.UNAVAILABLE, e.type(), refused);
            assertTrue(e.detail().startsWith("compress xz level 9 needs"), e.detail());
            assertEquals(50, memory.held(), "the share is the stage's until it is released");
            lazy.release();
            assertEquals(0, memory.held());
        }
    }

    /** What the JVM throws when it cannot place an array, without making a test heap run out. */
    private static Stage outOfMemory() {
        throw new OutOfMemoryError("Java heap space");
    }

    @Test
    void stagesThatHoldLittleAreNeitherCountedNorWrapped() {
        Pass pass = new Pass();
        assertSame(pass, memory.reserve(0, "lz4", () -> pass));
        assertEquals(0, memory.held());
    }

    @Test
    void theWrapperPassesTheStageProtocolOn() {
        Stage stage = memory.reserve(10, "pass", Pass::new);
        stage.accept(Buffer.buffer("ab"));
        assertEquals("ab", stage.poll().toString());
        stage.endOfInput();
        assertTrue(stage.isFinished());
        stage.release();
    }

    @Test
    void aReleasedStageLetsGoOfWhatItHeldWhileItsWrapperIsStillReachable() throws InterruptedException {
        AtomicReference<WeakReference<byte[]>> held = new AtomicReference<>();
        Stage stage = memory.reserve(10, "large", () -> {
            Holding holding = new Holding(1 << 20);
            held.set(new WeakReference<>(holding.state));
            return holding; // from here only the wrapper reaches it
        });
        stage.release();
        WeakReference<byte[]> state = held.get();
        for (int i = 0; i < 50 && state.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(state.get() == null, "the released stage's state is still reachable through its wrapper");
        assertEquals(0, memory.held());
        assertTrue(stage.isFinished()); // and the wrapper itself is still here
    }

    @Test
    void aReleasedStageStillSaysItsHeaderFieldsAndTakesNoInput() {
        Stage stage = memory.reserve(10, "named", Named::new);
        stage.accept(Buffer.buffer("ab"));
        stage.release();
        Map<String, String> fields = new LinkedHashMap<>();
        stage.responseHeaders(fields::put);
        assertEquals(Map.of("Transform-Detected-Format", "zstd"), fields);
        assertNull(stage.poll());
        assertTrue(stage.isFinished());
        assertThrows(IllegalStateException.class, () -> stage.accept(Buffer.buffer("c")));
    }

    /** A stage the JVM refuses memory in one of its calls. */
    private static final class RefusedIn extends Pass {
        private final String call;

        RefusedIn(String call) {
            this.call = call;
        }

        private void refuseIn(String now) {
            if (now.equals(call)) {
                outOfMemory();
            }
        }

        @Override
        public void accept(Buffer chunk) {
            refuseIn("accept");
            super.accept(chunk);
        }

        @Override
        public void endOfInput() {
            refuseIn("endOfInput");
            super.endOfInput();
        }

        @Override
        public Buffer poll() {
            refuseIn("poll");
            return super.poll();
        }
    }

    /** A stage that holds an array, as a codec holds its window. */
    private static final class Holding extends Pass {
        final byte[] state;

        Holding(int size) {
            state = new byte[size];
        }
    }

    /** A stage with a header field to say, as decompress/auto names the format it found. */
    private static final class Named extends Pass {
        @Override
        public void responseHeaders(BiConsumer<String, String> header) {
            header.accept("Transform-Detected-Format", "zstd");
        }
    }

    /** Hands each chunk on as it is. */
    private static class Pass implements Stage {
        private Buffer pending;
        private boolean ended;

        @Override
        public void accept(Buffer chunk) {
            pending = chunk;
        }

        @Override
        public void endOfInput() {
            ended = true;
        }

        @Override
        public Buffer poll() {
            Buffer out = pending;
            pending = null;
            return out;
        }

        @Override
        public boolean isFinished() {
            return ended && pending == null;
        }
    }
}
