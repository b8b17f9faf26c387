package dev.transform.http;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.catalogue.StageDefinition;
import dev.transform.catalogue.StageSettings;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;

/**
 * Writes each transform operation's parameters and raw request body into the OpenAPI document from the stage
 * catalogue, so the document, the endpoints, the pipeline steps and {@code GET /v1/stages} can never
 * disagree about a name, a type, a default or a range. Runs once, at build time; the limits that
 * shape parameters are read from the build's configuration (their documented defaults).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class CatalogueParameters implements OASFilter {

    private final Map<String, StageDefinition> stages;
    private final int maxPipelineSteps;

    public CatalogueParameters() {
        Config config = ConfigProvider.getConfig();
        this.stages = StageCatalogue.definitions(new StageSettings(size(config, "transform.limits.max-tail-window", "16M"),
                        size(config, "transform.limits.max-decompressed-size", "4G"), 0, List.of())).stream()
                .collect(Collectors.toMap(StageDefinition::name, Function.identity()));
        this.maxPipelineSteps = config.getOptionalValue("transform.limits.max-pipeline-steps", Integer.class).orElse(16);
    }

    @Override
    public Operation filterOperation(Operation operation) {
        String id = operation.getOperationId();
        if (TransformResource.PIPELINE_OPERATION.equals(id)) {
            List<Parameter> parameters = new ArrayList<>(List.of(stepParameter(), contentEncoding()));
            parameters.addAll(DigestFieldsDocument.requestFields());
            operation.setParameters(parameters);
            operation.setRequestBody(rawBody());
            DigestFieldsDocument.describe(operation.getResponses().getAPIResponse("200"));
        } else if (id != null && stages.containsKey(id)) {
            List<Parameter> parameters = parameters(stages.get(id));
            parameters.add(contentEncoding());
            parameters.addAll(DigestFieldsDocument.requestFields());
            operation.setParameters(parameters);
            operation.setRequestBody(rawBody());
            DigestFieldsDocument.describe(operation.getResponses().getAPIResponse("200"));
        }
        return operation;
    }

    /** The body of every transform: raw bytes (the endpoints read it as a stream, so no annotation can say so). */
    private static RequestBody rawBody() {
        return OASFactory.createRequestBody()
                .required(true)
                .description("The bytes to transform; any Content-Type is accepted, with Content-Length or chunked")
                .content(OASFactory.createContent().addMediaType(MediaTypes.BINARY, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("binary"))));
    }

    /** The request's content codings (RFC 9110 §8.4), decoded before the first stage. */
    private static Parameter contentEncoding() {
        return OASFactory.createParameter()
                .name("Content-Encoding")
                .in(Parameter.In.HEADER)
                .description("Content codings of the body, in the order they were applied: gzip (or x-gzip), deflate"
                        + " (zlib), br (brotli), zstd or identity. They are decoded before the first stage, under the decompress stage's"
                        + " limits (maximum decompressed size and ratio); any other coding is a 415 problem.")
                // No example: Swagger UI fills "Try it out" with it, and a plain file sent as "gzip" is a 422.
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static List<Parameter> parameters(StageDefinition stage) {
        List<Parameter> parameters = new ArrayList<>();
        for (Param param : stage.allParams()) {
            boolean inPath = param == stage.choice() && !param.repeatable();
            parameters.add(OASFactory.createParameter()
                    .name(param.name())
                    .in(inPath ? Parameter.In.PATH : Parameter.In.QUERY)
                    .required(inPath ? Boolean.TRUE : null)
                    .description(param.description())
                    .explode(param.repeatable() ? Boolean.TRUE : null)
                    .schema(param.repeatable() ? OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                            .items(schema(param)).defaultValue(List.of(typed(param, param.defaultValue())))
                            : schema(param).defaultValue(typed(param, param.defaultValue()))));
        }
        return parameters;
    }

    private Parameter stepParameter() {
        return OASFactory.createParameter()
                .name("step")
                .in(Parameter.In.QUERY)
                .required(true)
                .explode(true)
                .description("The steps, in order: stage[:choice][,key=value...], with the same choices and"
                        + " parameters as the stage's own endpoint; digest only as the last step.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).minItems(1).maxItems(maxPipelineSteps)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.STRING).minLength(1)))
                .example(List.of("decompress:gzip", "slice:offset=0,length=1024", "encode:hex,case=upper"));
    }

    private static Schema schema(Param param) {
        Schema schema = OASFactory.createSchema();
        switch (param.kind()) {
            case INT32, INT64 -> schema.addType(Schema.SchemaType.INTEGER)
                    .format(param.kind() == Param.Kind.INT32 ? "int32" : "int64")
                    .minimum(param.minimum() == null ? null : BigDecimal.valueOf(param.minimum()))
                    .maximum(param.maximum() == null ? null : BigDecimal.valueOf(param.maximum()));
            case BOOLEAN -> schema.addType(Schema.SchemaType.BOOLEAN);
            case CHOICE -> schema.addType(Schema.SchemaType.STRING).enumeration(new ArrayList<>(param.choices()));
        }
        return schema;
    }

    private static Object typed(Param param, String value) {
        if (value == null) {
            return null;
        }
        return switch (param.kind()) {
            case INT32 -> Integer.valueOf(value);
            case INT64 -> Long.valueOf(value);
            case BOOLEAN -> Boolean.valueOf(value);
            case CHOICE -> value;
        };
    }

    private static long size(Config config, String name, String fallback) {
        return new MemorySizeConverter().convert(config.getOptionalValue(name, String.class).orElse(fallback)).asLongValue();
    }
}
