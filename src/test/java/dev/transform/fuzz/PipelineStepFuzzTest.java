package dev.transform.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import dev.transform.fuzz.FuzzSupport.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the pipeline-step parser and the plan builder ({@code POST
 * /v1/pipeline}'s {@code step} parameters, and the query parameters of the single-stage endpoints),
 * then of the plan built, run over a few bytes.
 *
 * <p>The fuzz input is text, then optionally a NUL byte and the run's input:
 * <ul>
 *   <li>the text (UTF-8) is split at {@code '\n'}: each line is one step, e.g. {@code
 *       decode:base64,ignoreWhitespace=false}; a text whose first line is {@code @single} builds a
 *       single-stage endpoint instead: the second line is the stage, each further line a {@code
 *       key=value} query parameter;
 *   <li>after the NUL: one byte for the chunk size (value + 1), then the bytes the plan runs over.
 * </ul>
 *
 * <p>Building must give a plan or a {@link TransformException} of the contract (400, or 413 for a
 * tail window over the limit), never another exception; a failing step is named. Running the plan
 * must end in output or a 413/422 {@link TransformException}, and it releases its stages; its
 * output is what {@link ReferencePipeline} computes from the steps, and it fails where that fails.
 *
 * <p>Without {@code JAZZER_FUZZ} this is a regression test over the committed inputs in
 * {@code src/test/resources/dev/transform/fuzz/PipelineStepFuzzTestInputs/steps/}.
 */
class PipelineStepFuzzTest {

    /** Output after which a run is stopped (and released, as when a client goes away): pipelines may expand. */
    private static final long STOP_AFTER = 4L << 20;
    private static final int MAX_RUN_INPUT = 4096;

    private static final StageCatalogue CATALOGUE = FuzzSupport.catalogue();

    @BeforeAll
    static void regressionWithoutAgent() {
        FuzzSupport.regressionWithoutAgent();
    }

    @FuzzTest(maxDuration = "30s")
    void steps(byte[] input) {
        FuzzSupport.withinTimeLimit(10, () -> stepsWithin(input));
    }

    private static void stepsWithin(byte[] input) {
        int nul = indexOf(input, (byte) 0);
        String text = new String(input, 0, nul < 0 ? input.length : nul, StandardCharsets.UTF_8);
        byte[] run = nul < 0 ? new byte[0] : Arrays.copyOfRange(input, nul + 1, Math.min(input.length, nul + 2 + MAX_RUN_INPUT));
        int chunkSize = run.length == 0 ? 1 : (run[0] & 0xff) + 1;
        byte[] body = run.length == 0 ? run : Arrays.copyOfRange(run, 1, run.length);
        List<String> lines = List.of(text.split("\n", -1));
        if (lines.get(0).equals("@single")) {
            String name = lines.size() > 1 ? lines.get(1) : "";
            Map<String, List<String>> parameters = singleParameters(lines);
            StageCatalogue.Plan plan = single(lines);
            if (plan != null) {
                checkRun(plan, List.of(new ReferencePipeline.Step(name, parameters)),
                        k -> CATALOGUE.single(name, parameters), body, chunkSize);
            }
        } else {
            StageCatalogue.Plan plan = pipeline(lines);
            if (plan != null) {
                checkRun(plan, lines.stream().map(ReferencePipeline::parse).toList(),
                        k -> CATALOGUE.pipeline(lines.subList(0, k + 1)), body, chunkSize);
            }
        }
    }

    private static Map<String, List<String>> singleParameters(List<String> lines) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals);
            String value = equals < 0 ? "" : line.substring(equals + 1);
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** Builds a single-stage endpoint's plan, or checks why it cannot be built. */
    static StageCatalogue.Plan single(List<String> lines) {
        String name = lines.size() > 1 ? lines.get(1) : "";
        Map<String, List<String>> parameters = singleParameters(lines);
        try {
            StageCatalogue.Plan plan = CATALOGUE.single(name, parameters);
            checkPlan(plan);
            return plan;
        } catch (TransformException e) {
            checkBuildFailure(e);
            if (e.step() != null) {
                throw new AssertionError("a single-stage failure names step " + e.step() + ": " + e.detail(), e);
            }
            return null;
        }
    }

    /** Builds a pipeline's plan from its steps, or checks why it cannot be built. */
    static StageCatalogue.Plan pipeline(List<String> steps) {
        try {
            StageCatalogue.Plan plan = CATALOGUE.pipeline(steps);
            checkPlan(plan);
            return plan;
        } catch (TransformException e) {
            checkBuildFailure(e);
            boolean stepsAllowed = !steps.isEmpty() && steps.size() <= FuzzSupport.MAX_STEPS;
            if (stepsAllowed && (e.step() == null || e.step() < 0 || e.step() >= steps.size())) {
                throw new AssertionError("the failure of a pipeline of " + steps.size() + " steps names step "
                        + e.step() + ": " + e.detail(), e);
            }
            return null;
        }
    }

    private static void checkPlan(StageCatalogue.Plan plan) {
        if (plan.stage() == null || plan.outputType() == null) {
            throw new AssertionError("an incomplete plan: " + plan);
        }
    }

    private static void checkBuildFailure(TransformException e) {
        if (e.type() != ProblemType.BAD_REQUEST && e.type() != ProblemType.LIMIT_EXCEEDED) {
            throw new AssertionError("building failed with " + e.type() + ": " + e.detail(), e);
        }
        FuzzSupport.assertDetail(e);
    }

    /** Runs a plan over {@code body}; it may fail only with the contract's errors, and always releases. */
    static Outcome run(StageCatalogue.Plan plan, byte[] body, int chunkSize) {
        Outcome outcome = FuzzSupport.run(plan.stage(), FuzzSupport.fixed(body, chunkSize), Long.MAX_VALUE, STOP_AFTER);
        if (!outcome.succeeded()) {
            FuzzSupport.assertRunFailure(outcome.failure());
        }
        return outcome;
    }

    /**
     * Runs a plan as {@link #run} does and compares the outcome with the reference's for its steps.
     * Where the reference has the output, the run must give exactly it (only its first
     * {@link #STOP_AFTER} bytes where the run stopped there). Where it has step k fail, the run
     * must fail at step k or later (a later step may fail first on what came through so far), or
     * succeed only if a slice with a length after step k ended the pipeline before the bad input.
     *
     * @param prefix the plan of the steps up to and including step k (for compress, see ReferencePipeline)
     */
    static void checkRun(StageCatalogue.Plan plan, List<ReferencePipeline.Step> steps, IntFunction<StageCatalogue.Plan> prefix,
            byte[] body, int chunkSize) {
        Outcome outcome = run(plan, body, chunkSize);
        ReferencePipeline.Expected expected = ReferencePipeline.run(steps, body, k -> {
            Outcome upTo = FuzzSupport.run(prefix.apply(k).stage(), FuzzSupport.fixed(body, chunkSize), Long.MAX_VALUE,
                    Long.MAX_VALUE);
            return upTo.succeeded() ? upTo.output() : null;
        });
        if (expected == null) {
            return;
        }
        String context = steps + " over " + body.length + " bytes in chunks of " + chunkSize + ": ";
        if (expected.succeeds()) {
            byte[] want = expected.output();
            byte[] got = outcome.output();
            // Past STOP_AFTER the run stops pulling (and keeps at most the first 4 MiB): compare what it kept.
            boolean stopped = want.length >= STOP_AFTER;
            byte[] wanted = stopped ? Arrays.copyOf(want, Math.min(want.length, got.length)) : want;
            if (!outcome.succeeded() || !Arrays.equals(wanted, got) || stopped && got.length == 0) {
                throw new AssertionError(context + "the reference gives " + want.length + " bytes, the plan " + outcome
                        + (outcome.succeeded() ? ", first difference at " + Arrays.mismatch(want, got) : ""));
            }
            return;
        }
        int failing = expected.failingStep();
        if (outcome.succeeded()) {
            boolean cutShort = steps.subList(failing + 1, steps.size()).stream()
                    .anyMatch(step -> step.stage().equals("slice") && step.parameters().containsKey("length"));
            if (!cutShort) {
                throw new AssertionError(context + "the reference fails at step " + failing + ", the plan gave " + outcome);
            }
        } else {
            int step = outcome.failure().step() == null ? 0 : outcome.failure().step();
            if (step < failing) {
                throw new AssertionError(context + "the reference fails at step " + failing + ", the plan at step " + step
                        + ": " + outcome);
            }
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
