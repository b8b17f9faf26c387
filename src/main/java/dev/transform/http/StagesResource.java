package dev.transform.http;

import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.catalogue.StageDefinition;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/stages}: the catalogue, from the same definitions that build the stages. */
@Path("/v1/stages")
public class StagesResource {

    private final StageCatalogue catalogue;

    StagesResource(StageCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listStages", summary = "List the stages",
            description = "Every stage with its endpoint, step syntax, choices, parameters (type, default, range)"
                    + " and output media type.")
    @Tag(name = "catalogue")
    public Catalogue stages() {
        return new Catalogue(catalogue.definitions().stream().map(StagesResource::describe).toList());
    }

    private static StageInfo describe(StageDefinition stage) {
        Param choice = stage.choice();
        boolean choiceInPath = choice != null && !choice.repeatable();
        String endpoint = "/v1/" + stage.name() + (choiceInPath ? "/{" + choice.name() + "}" : "");
        return new StageInfo(stage.name(), stage.description(), endpoint, "POST",
                stage.name() + (choice == null ? "" : ":<" + choice.name() + ">") + "[,key=value...]",
                choice == null ? null : describe(choice), stage.params().stream().map(StagesResource::describe).toList(),
                stage.outputTypes(), stage.lastOnly());
    }

    private static ParamInfo describe(Param param) {
        boolean integer = param.kind() == Param.Kind.INT32 || param.kind() == Param.Kind.INT64;
        return new ParamInfo(param.name(), param.description(),
                integer ? "integer" : param.kind() == Param.Kind.BOOLEAN ? "boolean" : "string",
                integer ? param.kind().name().toLowerCase() : null, param.defaultValue(), param.minimum(),
                param.maximum(), param.choices().isEmpty() ? null : param.choices(), param.repeatable());
    }

    /** The catalogue document. */
    public record Catalogue(List<StageInfo> stages) {
    }

    /**
     * One stage: its endpoint, its step syntax, its main choice and parameters, and its output
     * media type by choice ({@code "*"}: any other choice).
     */
    public record StageInfo(String name, String description, String endpoint, String method, String step,
            ParamInfo choice, List<ParamInfo> parameters, Map<String, String> output, boolean lastStepOnly) {
    }

    /** A parameter with JSON-schema-like type, format, default, range and allowed values. */
    public record ParamInfo(String name, String description, String type, String format,
            @com.fasterxml.jackson.annotation.JsonProperty("default") String defaultValue, Long minimum, Long maximum,
            @com.fasterxml.jackson.annotation.JsonProperty("enum") List<String> allowed, boolean repeatable) {
    }
}
