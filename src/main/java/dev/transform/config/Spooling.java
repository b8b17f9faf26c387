package dev.transform.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and when an exchange keeps reading an upload that its response cannot take yet, for clients
 * that send the whole body before they read (see {@code dev.transform.exchange.Spool}). How much it
 * may spool is a limit ({@link Limits#maxSpoolSize()}, {@link Limits#maxSpoolTotal()}). Defaults are
 * in application.properties; env TRANSFORM_SPOOL_...
 */
@ConfigMapping(prefix = "transform.spool")
public interface Spooling {

    /** The directory of the spool files; unset, {@code java.io.tmpdir}. Files are unlinked as soon as they are open. */
    Optional<String> directory();

    /** Upload bytes an exchange holds in memory before it writes any to disk. */
    @WithDefault("1M")
    MemorySize memorySize();

    /**
     * How long the response must have been blocked, its client reading nothing, before the upload
     * goes to disk. A client that reads while it sends drains the response well within this, so it
     * gets plain backpressure and never touches the disk.
     */
    @WithDefault("250ms")
    Duration spillAfter();
}
