package dev.transform.catalogue;

import java.util.List;
import java.util.Optional;

/**
 * What shapes a family's definitions: the limits its parameters are checked against, and the
 * resources its stages share where a running service has them.
 *
 * @param maxDecompressionRatio see {@code config.Limits#maxDecompressionRatio()}; 0 for no limit
 * @param shared the service's {@link SharedResource} beans; none at build time and in unit tests,
 *        where each family falls back to what it can do on its own
 */
public record StageSettings(long maxTailWindow, long maxDecompressedSize, int maxDecompressionRatio,
        List<SharedResource> shared) {

    /** The shared resource of {@code type}, if the service has one. */
    public <T> Optional<T> shared(Class<T> type) {
        return shared.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * A bean whose one instance the stages of a family share (the parallel deflate workers). The
     * catalogue collects them all without knowing their types, and each family picks its own.
     */
    public interface SharedResource {
    }
}
