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
 * must end in output or a 413/422 {@link TransformException}, and it releases its stages.
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
        StageCatalogue.Plan plan;
        if (lines.get(0).equals("@single")) {
            plan = single(lines);
        } else {
            plan = pipeline(lines);
        }
        if (plan != null) {
            run(plan, body, chunkSize);
        }
    }

    /** Builds a single-stage endpoint's plan, or checks why it cannot be built. */
    static StageCatalogue.Plan single(List<String> lines) {
        String name = lines.size() > 1 ? lines.get(1) : "";
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals);
            String value = equals < 0 ? "" : line.substring(equals + 1);
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
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

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
