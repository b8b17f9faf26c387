package dev.transform.slice;

import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.transform.catalogue.StageDefinition;
import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceDefinitionTest {

    private static final long MAX_TAIL = 1000;
    private static final StageDefinition SLICE = SliceDefinition.create(MAX_TAIL);
    private static final byte[] INPUT = randomBytes(new Random(1), 500);

    private static void assertSlice(byte[] expected, Map<String, List<String>> parameters) {
        assertAllChunkings(expected, () -> SLICE.build(parameters).stage(), INPUT);
    }

    @Test
    void positiveOffsetAndLength() {
        assertSlice(INPUT, Map.of());
        assertSlice(Arrays.copyOfRange(INPUT, 10, 30), Map.of("offset", List.of("10"), "length", List.of("20")));
        assertSlice(Arrays.copyOfRange(INPUT, 0, 0), Map.of("length", List.of("0")));
        assertSlice(new byte[0], Map.of("offset", List.of("500")));
        assertSlice(new byte[0], Map.of("offset", List.of(String.valueOf(Long.MAX_VALUE))));
    }

    @Test
    void negativeOffsetCountsFromTheEnd() {
        assertSlice(Arrays.copyOfRange(INPUT, 490, 500), Map.of("offset", List.of("-10")));
        // Tail and length: the first bytes of the tail.
        assertSlice(Arrays.copyOfRange(INPUT, 400, 403), Map.of("offset", List.of("-100"), "length", List.of("3")));
        assertSlice(Arrays.copyOfRange(INPUT, 400, 500), Map.of("offset", List.of("-100"), "length", List.of("1000")));
        assertSlice(new byte[0], Map.of("offset", List.of("-100"), "length", List.of("0")));
        // A window larger than the input: the whole input.
        assertSlice(INPUT, Map.of("offset", List.of("-" + MAX_TAIL)));
        assertSlice(Arrays.copyOf(INPUT, 7), Map.of("offset", List.of("-600"), "length", List.of("7")));
    }

    @Test
    void tailWindowOverTheMaximumIsALimit() {
        TransformException e = assertFails(ProblemType.LIMIT_EXCEEDED,
                () -> SLICE.build(Map.of("offset", List.of("-" + (MAX_TAIL + 1)))));
        assertEquals(null, e.offset());
        assertFails(ProblemType.LIMIT_EXCEEDED, () -> SLICE.build(Map.of("offset", List.of(String.valueOf(Long.MIN_VALUE)))));
    }

    @Test
    void badParameters() {
        assertFails(ProblemType.BAD_REQUEST, () -> SLICE.build(Map.of("length", List.of("-1"))));
        assertFails(ProblemType.BAD_REQUEST, () -> SLICE.build(Map.of("offset", List.of("ten"))));
        assertFails(ProblemType.BAD_REQUEST, () -> SLICE.build(Map.of("offset", List.of("1.5"))));
        assertFails(ProblemType.BAD_REQUEST, () -> SLICE.build(Map.of("offset", List.of("99999999999999999999"))));
        assertFails(ProblemType.BAD_REQUEST, () -> SLICE.build(Map.of("offset", List.of("1", "2"))));
        assertFails(ProblemType.BAD_REQUEST, () -> SLICE.build(Map.of("start", List.of("1"))));
    }
}
