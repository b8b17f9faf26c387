package dev.transform.catalogue;

import dev.transform.engine.TransformException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A stage's parameter values, checked against its {@link Param}s, with defaults filled in. */
public final class Arguments {

    private final Map<String, List<String>> values = new HashMap<>();

    Arguments(StageDefinition stage, Map<String, List<String>> raw) {
        for (String name : raw.keySet()) {
            if (stage.param(name) == null) {
                throw TransformException.badRequest("unknown parameter " + Quoted.shortened(name, 40) + " for stage " + stage.name()
                        + "; it takes " + String.join(", ", stage.paramNames()));
            }
        }
        for (Param param : stage.allParams()) {
            List<String> given = raw.getOrDefault(param.name(), List.of());
            if (given.size() > 1 && !param.repeatable()) {
                throw TransformException.badRequest("parameter '" + param.name() + "' of stage " + stage.name()
                        + " may be given only once");
            }
            List<String> checked = given.stream().map(param::check).toList();
            if (checked.isEmpty() && param.defaultValue() != null) {
                checked = List.of(param.defaultValue());
            }
            if (checked.isEmpty() && param == stage.choice()) {
                throw TransformException.badRequest("stage " + stage.name() + " needs its " + param.name()
                        + ": one of " + String.join(", ", param.choices()));
            }
            values.put(param.name(), checked);
        }
    }

    /** The value of a parameter that has a default. */
    public String get(String name) {
        return values.get(name).get(0);
    }

    /** The values of a repeatable parameter, in the order given. */
    public List<String> all(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return !values.get(name).isEmpty();
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public int getInt(String name) {
        return Integer.parseInt(get(name));
    }

    public boolean getBoolean(String name) {
        return Boolean.parseBoolean(get(name));
    }

    static TransformException invalid(Param param, String value, String rule) {
        return TransformException.badRequest("parameter '" + param.name() + "' is " + Quoted.shortened(value, 40)
                + " but " + rule);
    }
}
