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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    void aReleasedStageLetsGoOfWhatItHeldWhileItsWrapperIsStillReachable() {
        // More such stages than the heap holds, each released and all kept: only if the wrapper drops
        // the stage can the collector take their arrays (without that, this runs out of heap).
        long heap = Runtime.getRuntime().maxMemory();
        int size = (int) Math.min(heap / 3, Integer.MAX_VALUE - 8);
        CodecMemory unlimited = new CodecMemory(Long.MAX_VALUE);
        List<Stage> kept = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Stage stage = unlimited.reserve(size, "large", () -> new Holding(size));
            stage.release();
            kept.add(stage);
        }
        assertEquals(6, kept.size());
        assertEquals(0, unlimited.held());
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

    /** A stage that holds an array, as a codec holds its window. */
    private static final class Holding extends Pass {
        private final byte[] state;

        Holding(int size) {
            state = new byte[size];
            state[size - 1] = 1;
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
