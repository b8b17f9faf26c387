package dev.transform.catalogue;

import dev.transform.config.Limits;
import dev.transform.engine.Pipeline;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Every stage the service offers, and the one place requests and steps are turned into stages. */
@Singleton
public class StageCatalogue {

    private final Map<String, StageDefinition> stages = new LinkedHashMap<>();
    private final int maxPipelineSteps;

    /** Without the service's shared resources, as unit tests build it: compression single-threaded. */
    public StageCatalogue(Limits limits) {
        this(limits, List.of());
    }

    /** @param shared what the families' stages share in the service (the parallel deflate workers) */
    @Inject
    public StageCatalogue(Limits limits, @Any Instance<StageSettings.SharedResource> shared) {
        this(limits, shared.stream().toList());
    }

    StageCatalogue(Limits limits, List<StageSettings.SharedResource> shared) {
        StageSettings settings = new StageSettings(limits.maxTailWindow().asLongValue(),
                limits.maxDecompressedSize().asLongValue(), limits.maxDecompressionRatio(), shared);
        for (StageDefinition stage : definitions(settings)) {
            stages.put(stage.name(), stage);
        }
        this.maxPipelineSteps = limits.maxPipelineSteps();
    }

    /**
     * Every stage of every registered {@link StageFamily}, in the order they are registered; also
     * what the OpenAPI document is made from.
     */
    public static List<StageDefinition> definitions(StageSettings settings) {
        List<StageDefinition> definitions = new ArrayList<>();
        for (StageFamily family : ServiceLoader.load(StageFamily.class, StageFamily.class.getClassLoader())) {
            definitions.addAll(family.definitions(settings));
        }
        if (definitions.isEmpty()) {
            throw new IllegalStateException("no stage family is registered in META-INF/services/"
                    + StageFamily.class.getName());
        }
        return definitions;
    }

    public Collection<StageDefinition> definitions() {
        return stages.values();
    }

    /** The stage behind a single-stage endpoint, from its path choice and query parameters. */
    public Plan single(String name, Map<String, List<String>> parameters) {
        return single(name, parameters, List.of());
    }

    /**
     * The stage behind a single-stage endpoint, after the decoding of the request's content codings.
     *
     * @param contentEncoding the request's {@code Content-Encoding} field values (see {@link ContentCodings})
     */
    public Plan single(String name, Map<String, List<String>> parameters, List<String> contentEncoding) {
        List<Stage> decoders = decoders(contentEncoding);
        try {
            StageDefinition.Built built = definition(name).build(parameters);
            return new Plan(decoders.isEmpty() ? built.stage() : new Pipeline(decoders, List.of(built.stage())),
                    built.outputType(), false);
        } catch (RuntimeException e) {
            decoders.forEach(Stage::release);
            throw e;
        }
    }

    /** The stages of {@code POST /v1/pipeline}, from its {@code step} parameters in order. */
    public Plan pipeline(List<String> steps) {
        return pipeline(steps, List.of());
    }

    /**
     * The stages of {@code POST /v1/pipeline} after the decoding of the request's content codings;
     * steps are still counted from the client's first.
     */
    public Plan pipeline(List<String> steps, List<String> contentEncoding) {
        if (steps.isEmpty()) {
            throw TransformException.badRequest("a pipeline needs at least one 'step' parameter");
        }
        if (steps.size() > maxPipelineSteps) {
            throw TransformException.badRequest("a pipeline may have at most " + maxPipelineSteps + " steps, not "
                    + steps.size());
        }
        List<Stage> decoders = decoders(contentEncoding);
        List<Stage> built = new ArrayList<>();
        String outputType = null;
        try {
            for (int i = 0; i < steps.size(); i++) {
                try {
                    StageDefinition.Built step = buildStep(steps.get(i), i == steps.size() - 1);
                    built.add(step.stage());
                    outputType = step.outputType();
                } catch (TransformException e) {
                    throw e.atStep(i);
                }
            }
        } catch (RuntimeException e) {
            decoders.forEach(Stage::release);
            built.forEach(Stage::release);
            throw e;
        }
        return new Plan(new Pipeline(decoders, built), outputType, true);
    }

    /**
     * A decompress stage for each content coding, under the decompress stage's own limits (output
     * size and ratio), so a compressed upload can cost no more than a decompress step.
     */
    private List<Stage> decoders(List<String> contentEncoding) {
        List<Stage> decoders = new ArrayList<>();
        try {
            for (ContentCodings.Coding coding : ContentCodings.toDecode(contentEncoding)) {
                Stage decompress = definition("decompress").build(Map.of("format", List.of(coding.format()))).stage();
                decoders.add(new ContentDecodingStage(decompress, coding.name()));
            }
        } catch (RuntimeException e) {
            // A later coding refused (the codec budget, say) must not leave the earlier ones' shares held.
            decoders.forEach(Stage::release);
            throw e;
        }
        return decoders;
    }

    /** What a 415 for an unsupported content coding names in its {@code Accept-Encoding} field. */
    public static String acceptedContentCodings() {
        return ContentCodings.ACCEPTED;
    }

    private StageDefinition.Built buildStep(String text, boolean last) {
        Step step = Step.parse(text);
        StageDefinition definition = definition(step.stage());
        if (definition.lastOnly() && !last) {
            throw TransformException.badRequest("stage " + definition.name() + " may only be the last step");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>(step.keyed());
        if (step.choice() != null) {
            if (definition.choice() == null) {
                throw TransformException.badRequest("stage " + definition.name()
                        + " takes no positional argument; write its parameters as key=value");
            }
            List<String> values = new ArrayList<>(List.of(step.choice()));
            values.addAll(parameters.getOrDefault(definition.choice().name(), List.of()));
            parameters.put(definition.choice().name(), values);
        }
        return definition.build(parameters);
    }

    private StageDefinition definition(String name) {
        StageDefinition definition = stages.get(name);
        if (definition == null) {
            throw TransformException.badRequest("unknown stage " + Quoted.shortened(name, 40)
                    + "; the stages are " + String.join(", ", stages.keySet()));
        }
        return definition;
    }

    /**
     * What an exchange runs: a stage (maybe a whole pipeline) and the media type of its output.
     *
     * @param reportsSteps whether failures name the client's step (only {@code /v1/pipeline} has steps)
     */
    public record Plan(Stage stage, String outputType, boolean reportsSteps) {
    }
}
