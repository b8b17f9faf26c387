package dev.transform.slice;

import dev.transform.catalogue.Arguments;
import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageDefinition;
import dev.transform.catalogue.StageFamily;
import dev.transform.catalogue.StageSettings;
import dev.transform.engine.Pipeline;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** The {@code slice} stage: a byte range, counted from the start or, with a negative offset, the end. */
@RegisterForReflection // made by ServiceLoader, in the native executable too
public final class SliceDefinition implements StageFamily {

    /** Made by {@link java.util.ServiceLoader}, as every {@link StageFamily}. */
    public SliceDefinition() {
    }

    @Override
    public List<StageDefinition> definitions(StageSettings settings) {
        return List.of(create(settings.maxTailWindow()));
    }

    public static StageDefinition create(long maxTailWindow) {
        return new StageDefinition("slice",
                "Bytes [offset, offset + length) of the input. A negative offset counts from the end and keeps a tail"
                        + " window of that many bytes; an offset past the end gives empty output.",
                null,
                List.of(Param.integer("offset", Param.Kind.INT64,
                                "First byte to keep; negative: that many bytes from the end (at most the configured"
                                        + " tail window, " + maxTailWindow + " bytes)", "0", null, null),
                        Param.integer("length", Param.Kind.INT64, "How many bytes to keep; absent: to the end", null,
                                0L, null)),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.BINARY), false,
                arguments -> build(arguments, maxTailWindow));
    }

    private static Stage build(Arguments arguments, long maxTailWindow) {
        long offset = arguments.getLong("offset");
        long length = arguments.has("length") ? arguments.getLong("length") : Long.MAX_VALUE;
        if (offset >= 0) {
            return new SliceStage(offset, length);
        }
        if (offset < -maxTailWindow) {
            throw TransformException.limitExceeded("offset " + offset + " asks for a tail window of more than the "
                    + "maximum of " + maxTailWindow + " bytes");
        }
        TailStage tail = new TailStage(-offset);
        return length == Long.MAX_VALUE ? tail : new Pipeline(List.of(tail, new SliceStage(0, length)));
    }
}
