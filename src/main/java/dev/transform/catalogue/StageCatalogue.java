package dev.transform.catalogue;

import dev.transform.codec.CodecDefinitions;
import dev.transform.compress.DeflateStageFactory;
import dev.transform.compress.formats.CompressionDefinitions;
import dev.transform.config.Limits;
import dev.transform.digest.DigestDefinition;
import dev.transform.engine.Pipeline;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import dev.transform.slice.SliceDefinition;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every stage the service offers, and the one place requests and steps are turned into stages. */
@Singleton
public class StageCatalogue {

    private final Map<String, StageDefinition> stages = new LinkedHashMap<>();
    private final int maxPipelineSteps;

    /** Compression single-threaded, as unit tests build it. */
    public StageCatalogue(Limits limits) {
        this(limits, DeflateStageFactory.SINGLE_THREADED);
    }

    /** @param deflate makes the compress stages: in the service, {@code compress.parallel.DeflateWorkers} */
    @Inject
    public StageCatalogue(Limits limits, DeflateStageFactory deflate) {
        for (StageDefinition stage : definitions(limits.maxTailWindow().asLongValue(),
                limits.maxDecompressedSize().asLongValue(), limits.maxDecompressionRatio(), deflate)) {
            stages.put(stage.name(), stage);
        }
        this.maxPipelineSteps = limits.maxPipelineSteps();
    }

    /**
     * Every stage, with the limits that shape their parameters; also what the OpenAPI document is made from.
     *
     * @param maxDecompressionRatio see {@link Limits#maxDecompressionRatio()}; 0 for no limit
     */
    public static List<StageDefinition> definitions(long maxTailWindow, long maxDecompressedSize, int maxDecompressionRatio) {
        return definitions(maxTailWindow, maxDecompressedSize, maxDecompressionRatio, DeflateStageFactory.SINGLE_THREADED);
    }

    /** As above, with {@code deflate} making the compress stages. */
    private static List<StageDefinition> definitions(long maxTailWindow, long maxDecompressedSize, int maxDecompressionRatio,
            DeflateStageFactory deflate) {
        return List.of(
                SliceDefinition.create(maxTailWindow),
                CodecDefinitions.encode(),
                CodecDefinitions.decode(),
                CompressionDefinitions.compress(deflate),
                CompressionDefinitions.decompress(maxDecompressedSize, maxDecompressionRatio),
                DigestDefinition.create());
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
        for (ContentCodings.Coding coding : ContentCodings.toDecode(contentEncoding)) {
            Stage decompress = definition("decompress").build(Map.of("format", List.of(coding.format()))).stage();
            decoders.add(new ContentDecodingStage(decompress, coding.name()));
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
