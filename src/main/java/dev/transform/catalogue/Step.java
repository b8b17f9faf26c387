package dev.transform.catalogue;

import dev.transform.engine.TransformException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pipeline step as written: {@code stage [":" arg *("," arg)]}, {@code arg = value / key "=" value}.
 *
 * @param choice the positional argument (the stage's main choice), or {@code null}
 * @param keyed the keyed arguments, a key repeated as often as it was written
 */
record Step(String stage, String choice, Map<String, List<String>> keyed) {

    static Step parse(String text) {
        int colon = text.indexOf(':');
        String stage = colon < 0 ? text : text.substring(0, colon);
        if (stage.isEmpty()) {
            throw malformed(text, "it names no stage");
        }
        String choice = null;
        Map<String, List<String>> keyed = new LinkedHashMap<>();
        if (colon >= 0) {
            String[] args = text.substring(colon + 1).split(",", -1);
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                int equals = arg.indexOf('=');
                if (arg.isEmpty()) {
                    throw malformed(text, "argument " + (i + 1) + " is empty");
                } else if (equals < 0 && i == 0) {
                    choice = arg;
                } else if (equals < 0) {
                    throw malformed(text, "only the first argument may be positional; write "
                            + Quoted.shortened(arg, 40) + " as key=value");
                } else if (equals == 0 || equals == arg.length() - 1) {
                    throw malformed(text, "argument " + Quoted.shortened(arg, 40) + " needs both a key and a value");
                } else {
                    keyed.computeIfAbsent(arg.substring(0, equals), k -> new ArrayList<>()).add(arg.substring(equals + 1));
                }
            }
        }
        return new Step(stage, choice, keyed);
    }

    private static TransformException malformed(String text, String why) {
        return TransformException.badRequest("malformed step " + Quoted.shortened(text, 80) + ": " + why);
    }
}
