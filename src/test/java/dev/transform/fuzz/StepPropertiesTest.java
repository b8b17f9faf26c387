package dev.transform.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import dev.transform.fuzz.FuzzSupport.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the pipeline-step parser and the plan builder, each case from a seeded
 * {@link Random} whose seed every failure message names: randomly assembled valid steps build and
 * run to the output {@link ReferencePipeline} computes (and a step followed by its inverse gives back
 * the input), random garbage and damaged steps give 400 naming the step, never another exception.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StepPropertiesTest {

    private static final StageCatalogue CATALOGUE = FuzzSupport.catalogue();
    private static final String[] ENCODINGS = {"base64", "base64url", "base32", "hex"};
    private static final String[] FORMATS = {"gzip", "deflate", "deflate-raw"};
    private static final String[] ALGORITHMS = {"md5", "sha-1", "sha-256", "sha-384", "sha-512", "sha3-256", "crc32", "crc32c"};
    private static final Set<String> STAGES = Set.of("slice", "encode", "decode", "compress", "decompress", "digest");

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 50);
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    /** The stage's main choice, positional or as key=value, then its other parameters in random order. */
    private static String step(Random random, String stage, String choiceName, String choice, List<String> params) {
        List<String> args = new ArrayList<>(params);
        Collections.shuffle(args, random);
        if (choice != null) {
            if (random.nextInt(4) == 0) {
                args.add(random.nextInt(args.size() + 1), choiceName + "=" + choice);
            } else {
                args.add(0, choice);
            }
        }
        return args.isEmpty() ? stage : stage + ":" + String.join(",", args);
    }

    /** A random valid step; {@code digest} only when {@code last}. */
    static String validStep(Random random, boolean last) {
        List<String> params = new ArrayList<>();
        switch (random.nextInt(last ? 6 : 5)) {
            case 0 -> {
                long offset = random.nextBoolean() ? random.nextInt(100) : -random.nextInt((int) FuzzSupport.MAX_TAIL + 1);
                maybe(random, params, "offset=" + offset);
                maybe(random, params, "length=" + (random.nextBoolean() ? random.nextInt(100) : Long.MAX_VALUE));
                return step(random, "slice", null, null, params);
            }
            case 1 -> {
                maybe(random, params, "padding=" + random.nextBoolean());
                maybe(random, params, "lineLength=" + random.nextInt(100));
                maybe(random, params, "case=" + pick(random, "lower", "upper"));
                return step(random, "encode", "encoding", pick(random, ENCODINGS), params);
            }
            case 2 -> {
                maybe(random, params, "ignoreWhitespace=" + random.nextBoolean());
                return step(random, "decode", "encoding", pick(random, ENCODINGS), params);
            }
            case 3 -> {
                maybe(random, params, "level=" + random.nextInt(10));
                return step(random, "compress", "format", pick(random, FORMATS), params);
            }
            case 4 -> {
                maybe(random, params, "maxOutputBytes=" + random.nextInt((int) FuzzSupport.MAX_DECOMPRESSED + 1));
                return step(random, "decompress", "format", pick(random, FORMATS), params);
            }
            default -> {
                for (int i = random.nextInt(3); i > 0; i--) {
                    params.add("algorithm=" + pick(random, ALGORITHMS));
                }
                maybe(random, params, "encoding=" + pick(random, "hex", "base64"));
                return step(random, "digest", "algorithm", random.nextBoolean() ? pick(random, ALGORITHMS) : null, params);
            }
        }
    }

    private static void maybe(Random random, List<String> params, String param) {
        if (random.nextBoolean()) {
            params.add(param);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validStepsBuildAndRun(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int count = 1 + random.nextInt(FuzzSupport.MAX_STEPS);
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                steps.add(validStep(random, i == count - 1));
            }
            String context = "seed " + seed + ", round " + round + ": " + steps;
            StageCatalogue.Plan plan;
            try {
                plan = CATALOGUE.pipeline(steps);
            } catch (TransformException e) {
                throw new AssertionError(context + " was rejected: " + e.type() + " " + e.detail() + " at step " + e.step(), e);
            }
            String last = steps.get(count - 1);
            String expectedType = last.startsWith("digest") ? MediaTypes.JSON
                    : last.startsWith("encode") ? MediaTypes.TEXT
                    : last.startsWith("compress") && last.contains("gzip") ? MediaTypes.GZIP : MediaTypes.BINARY;
            assertEquals(expectedType, plan.outputType(), context);
            byte[] input = CodecPropertiesTest.bytes(random, random.nextInt(2000));
            try {
                PipelineStepFuzzTest.checkRun(plan, steps.stream().map(ReferencePipeline::parse).toList(),
                        k -> CATALOGUE.pipeline(steps.subList(0, k + 1)), input, 1 + random.nextInt(300));
            } catch (AssertionError e) {
                throw new AssertionError(context + ": " + e.getMessage(), e);
            }
        }
    }

    /** Steps followed by their inverses, in reverse order, give back the input: the plan is what the steps say. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void stepsThenTheirInversesGiveBackTheInput(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 10; round++) {
            List<String> forward = new ArrayList<>();
            List<String> back = new ArrayList<>();
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                if (random.nextBoolean()) {
                    String encoding = pick(random, ENCODINGS);
                    forward.add("encode:" + encoding + ",padding=" + random.nextBoolean() + ",lineLength=" + random.nextInt(80)
                            + (encoding.equals("hex") ? ",case=" + pick(random, "lower", "upper") : ""));
                    back.add(0, "decode:" + encoding);
                } else {
                    String format = pick(random, FORMATS);
                    forward.add("compress:" + format + ",level=" + random.nextInt(10));
                    back.add(0, "decompress:" + format);
                }
            }
            List<String> steps = new ArrayList<>(forward);
            steps.addAll(back);
            byte[] input = DecompressPropertiesTest.data(random, random.nextInt(20_000));
            String context = "seed " + seed + ", round " + round + ": " + steps;
            StageCatalogue.Plan plan = CATALOGUE.pipeline(steps);
            Outcome outcome = PipelineStepFuzzTest.run(plan, input, 1 + random.nextInt(5000));
            assertTrue(outcome.succeeded(), () -> context + ": " + outcome);
            assertArrayEquals(input, outcome.output(), context);
        }
    }

    /** Random text as steps: a plan or 400 naming the step (413 for a tail window over the limit), never another exception. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void garbageStepsGiveBadRequestNamingTheStep(long seed) {
        Random random = new Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyz-0123456789:,=:,= \u00e9\u0000\n";
        for (int round = 0; round < 200; round++) {
            int count = 1 + random.nextInt(FuzzSupport.MAX_STEPS);
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                StringBuilder text = new StringBuilder();
                for (int n = random.nextInt(30); n > 0; n--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                steps.add(random.nextInt(3) == 0 ? validStep(random, true) : text.toString());
            }
            String context = "seed " + seed + ", round " + round + ": " + steps;
            int firstUnknown = -1;
            for (int i = 0; i < count && firstUnknown < 0; i++) {
                String stage = steps.get(i).contains(":") ? steps.get(i).substring(0, steps.get(i).indexOf(':')) : steps.get(i);
                if (!STAGES.contains(stage)) {
                    firstUnknown = i;
                }
            }
            try {
                StageCatalogue.Plan plan = PipelineStepFuzzTest.pipeline(steps);
                if (plan != null) {
                    assertTrue(firstUnknown < 0, () -> context + " built a plan");
                    PipelineStepFuzzTest.run(plan, CodecPropertiesTest.bytes(random, random.nextInt(100)), 7);
                } else if (firstUnknown >= 0) {
                    TransformException e = assertThrows(TransformException.class, () -> CATALOGUE.pipeline(steps));
                    assertTrue(e.step() <= firstUnknown, () -> context + ": step " + e.step() + ", " + e.detail());
                    if (e.step() == firstUnknown) {
                        assertEquals(ProblemType.BAD_REQUEST, e.type(), context);
                    }
                }
            } catch (AssertionError e) {
                throw new AssertionError(context + ": " + e.getMessage(), e);
            }
        }
    }

    /** Valid steps with random damage: a plan or the contract's build error, never another exception. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void damagedStepsGiveAPlanOrBadRequest(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            String valid = validStep(random, true);
            byte[] bytes = Mutations.text(valid.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), random);
            String damaged = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            List<String> steps = random.nextBoolean() ? List.of(damaged) : List.of(validStep(random, false), damaged);
            try {
                StageCatalogue.Plan plan = PipelineStepFuzzTest.pipeline(steps);
                if (plan != null) {
                    PipelineStepFuzzTest.run(plan, CodecPropertiesTest.bytes(random, random.nextInt(100)), 3);
                }
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + steps + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A problem's detail quotes the client's step or value cut to 80 or 40 characters, so an answer
     * never echoes a long query back. (Found by this test: three details once quoted an argument or
     * key whole.)
     */
    @Test
    void detailsQuoteAtMostAShortPartOfTheStep() {
        String longText = "x".repeat(3000);
        List<List<String>> cases = List.of(
                List.of("decode:base64," + longText),
                List.of("decode:base64," + longText + "="),
                List.of("encode:hex," + longText + "=1"),
                List.of("encode:" + longText),
                List.of(longText));
        List<String> tooLong = new ArrayList<>();
        for (List<String> steps : cases) {
            TransformException e = assertThrows(TransformException.class, () -> CATALOGUE.pipeline(steps));
            if (e.detail().length() > 400) {
                tooLong.add(e.detail().length() + " characters: " + e.detail().substring(0, 120) + "...");
            }
        }
        assertTrue(tooLong.isEmpty(), () -> "details that quote the whole step:\n" + String.join("\n", tooLong));
    }

    @Test
    void pipelineLengthIsChecked() {
        TransformException none = assertThrows(TransformException.class, () -> CATALOGUE.pipeline(List.of()));
        assertEquals(ProblemType.BAD_REQUEST, none.type());
        assertNull(none.step());
        List<String> tooMany = Collections.nCopies(FuzzSupport.MAX_STEPS + 1, "slice");
        TransformException many = assertThrows(TransformException.class, () -> CATALOGUE.pipeline(tooMany));
        assertEquals(ProblemType.BAD_REQUEST, many.type());
        assertNull(many.step());
        assertNotNull(CATALOGUE.pipeline(Collections.nCopies(FuzzSupport.MAX_STEPS, "slice")));
    }
}
