package dev.transform.catalogue;

import dev.transform.engine.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stage as clients see it: its name, its main choice (encoding, format or algorithm), its other
 * parameters, its output media type, and how to build it from checked arguments. One definition
 * serves the stage's endpoint, its pipeline step and its catalogue entry alike.
 *
 * @param choice the main choice, given positionally in a step; {@code null} for slice
 * @param outputTypes the output media type for each choice, or for the key {@code "*"}
 * @param lastOnly whether the stage may only end a pipeline (digest's output is a summary)
 */
public record StageDefinition(String name, String description, Param choice, List<Param> params,
        Map<String, String> outputTypes, boolean lastOnly, Function<Arguments, Stage> factory) {

    public static final String ANY_CHOICE = "*";

    public List<Param> allParams() {
        List<Param> all = new ArrayList<>();
        if (choice != null) {
            all.add(choice);
        }
        all.addAll(params);
        return all;
    }

    List<String> paramNames() {
        return allParams().stream().map(Param::name).toList();
    }

    Param param(String name) {
        return allParams().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public String outputType(Arguments arguments) {
        String chosen = choice == null ? ANY_CHOICE : arguments.get(choice.name());
        return outputTypes.getOrDefault(chosen, outputTypes.get(ANY_CHOICE));
    }

    /** Checks raw parameter values and builds the stage. */
    public Built build(Map<String, List<String>> raw) {
        Arguments arguments = new Arguments(this, raw);
        return new Built(factory.apply(arguments), outputType(arguments));
    }

    /** A stage ready to run and the media type of what it outputs. */
    public record Built(Stage stage, String outputType) {
    }
}
