package dev.transform.catalogue;

import java.util.List;

/**
 * One parameter of a stage, as the catalogue, the step parser and the endpoints all see it.
 *
 * @param defaultValue the value when absent, or {@code null} when absence means something else
 * @param choices the allowed values of a {@link Kind#CHOICE}, otherwise empty
 */
public record Param(String name, Kind kind, String description, String defaultValue, Long minimum, Long maximum,
        List<String> choices, boolean repeatable) {

    public enum Kind { INT32, INT64, BOOLEAN, CHOICE }

    public static Param integer(String name, Kind kind, String description, String defaultValue, Long minimum, Long maximum) {
        return new Param(name, kind, description, defaultValue, minimum, maximum, List.of(), false);
    }

    public static Param bool(String name, String description, boolean defaultValue) {
        return new Param(name, Kind.BOOLEAN, description, String.valueOf(defaultValue), null, null, List.of(), false);
    }

    public static Param choice(String name, String description, String defaultValue, List<String> choices) {
        return new Param(name, Kind.CHOICE, description, defaultValue, null, null, List.copyOf(choices), false);
    }

    public Param repeated() {
        return new Param(name, kind, description, defaultValue, minimum, maximum, choices, true);
    }

    /** Checks one raw value and returns it in canonical form. */
    String check(String value) {
        return switch (kind) {
            case INT32, INT64 -> String.valueOf(checkInteger(value));
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw Arguments.invalid(this, value, "must be true or false");
                }
                yield value;
            }
            case CHOICE -> {
                if (!choices.contains(value)) {
                    throw Arguments.invalid(this, value, "must be one of " + String.join(", ", choices));
                }
                yield value;
            }
        };
    }

    private long checkInteger(String value) {
        long number;
        try {
            number = kind == Kind.INT32 ? Integer.parseInt(value) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Arguments.invalid(this, value, "must be a whole number" + (kind == Kind.INT32 ? " of 32 bits" : ""));
        }
        if (minimum != null && number < minimum || maximum != null && number > maximum) {
            throw Arguments.invalid(this, value, "must be in " + (minimum == null ? "(-inf" : "[" + minimum) + ", "
                    + (maximum == null ? "inf)" : maximum + "]"));
        }
        return number;
    }
}
