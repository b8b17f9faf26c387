package dev.transform.digest;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageDefinition;
import dev.transform.catalogue.StageFamily;
import dev.transform.catalogue.StageSettings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The {@code digest} stage: every requested algorithm over the input in one pass. */
@RegisterForReflection // made by ServiceLoader, in the native executable too
public final class DigestDefinition implements StageFamily {

    /** Made by {@link java.util.ServiceLoader}, as every {@link StageFamily}. */
    public DigestDefinition() {
    }

    @Override
    public List<StageDefinition> definitions(StageSettings settings) {
        return List.of(create());
    }

    public static StageDefinition create() {
        Param algorithm = Param.choice("algorithm", "Digest algorithm; repeat it for several, all computed in one pass",
                "sha-256", Arrays.stream(Algorithm.values()).map(Algorithm::id).toList()).repeated();
        return new StageDefinition("digest",
                "Digests the input; outputs {\"bytes\": N, \"digests\": {\"<algorithm>\": \"<value>\"}}. CRC32 and"
                        + " CRC32C are their 4-byte big-endian value. Only the last step of a pipeline.",
                algorithm,
                List.of(Param.choice("encoding", "How digest values are written", "hex", List.of("hex", "base64"))),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.JSON), true,
                arguments -> new DigestStage(arguments.all("algorithm").stream().map(Algorithm::byId).toList(),
                        arguments.get("encoding").equals("base64")));
    }
}
