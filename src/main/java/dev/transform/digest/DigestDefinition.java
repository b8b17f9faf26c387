package dev.transform.digest;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageDefinition;
import dev.transform.catalogue.StageFamily;
import dev.transform.catalogue.StageSettings;
import dev.transform.engine.OffloadedStage;
import dev.transform.engine.Stage;
import dev.transform.workers.CoreWorkers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The {@code digest} stage: every requested algorithm over the input in one pass. */
@RegisterForReflection // made by ServiceLoader, in the native executable too
public final class DigestDefinition implements StageFamily {

    /** What a hashing stream keeps busy where it may: its own thread, taking the upload in, and a worker's, hashing. */
    private static final int HASHING_THREADS = 2;

    /** Made by {@link java.util.ServiceLoader}, as every {@link StageFamily}. */
    public DigestDefinition() {
    }

    @Override
    public List<StageDefinition> definitions(StageSettings settings) {
        return List.of(create(settings.shared(CoreWorkers.class).orElse(null)));
    }

    /** The definition with every digest on the exchange's own thread. */
    public static StageDefinition create() {
        return create(null);
    }

    /** @param workers where hashing may move to beside the exchange's thread; {@code null} for nowhere */
    public static StageDefinition create(CoreWorkers workers) {
        Param algorithm = Param.choice("algorithm", "Digest algorithm; repeat it for several, all computed in one pass",
                "sha-256", Arrays.stream(Algorithm.values()).map(Algorithm::id).toList()).repeated();
        return new StageDefinition("digest",
                "Digests the input; outputs {\"bytes\": N, \"digests\": {\"<algorithm>\": \"<value>\"}}. CRC32 and"
                        + " CRC32C are their 4-byte big-endian value. Only the last step of a pipeline.",
                algorithm,
                List.of(Param.choice("encoding", "How digest values are written", "hex", List.of("hex", "base64"))),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.JSON), true,
                arguments -> digest(arguments.all("algorithm").stream().map(Algorithm::byId).toList(),
                        arguments.get("encoding").equals("base64"), workers));
    }

    /**
     * A hash takes a worker's core where the stream is given one: hashing and taking the upload in then
     * run side by side, rather than in turns on the exchange's thread ({@code docs/benchmarks.md},
     * "Hashing beside the upload"). Checksums stay: handing them over costs more than they do.
     */
    private static Stage digest(List<Algorithm> algorithms, boolean base64, CoreWorkers workers) {
        DigestStage digest = new DigestStage(algorithms, base64);
        if (workers == null || algorithms.stream().allMatch(Algorithm::isChecksum)) {
            return digest;
        }
        return workers.open(HASHING_THREADS, threads -> threads == 1 ? digest : new OffloadedStage(digest, workers.executor()));
    }
}
