package dev.transform.catalogue;

import java.util.List;

/**
 * A family of stages (slicing, the text codecs, compression, digests) and the definitions it offers.
 *
 * <p>Families register themselves in {@code META-INF/services/dev.transform.catalogue.StageFamily},
 * the JDK's own registry of implementations ({@link java.util.ServiceLoader}). The running service,
 * unit tests and the build-time OpenAPI filter (which has no CDI container) all read that one list,
 * so the catalogue names no family and no family's package depends on another: a new family is a
 * package of its own and a line there. The file's order is the order clients see the stages in.
 * Implementations need a public constructor without parameters.
 */
public interface StageFamily {

    List<StageDefinition> definitions(StageSettings settings);
}
