package dev.transform.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a stream may wait on its client. A transform never waits on anything but its client (the
 * stages run synchronously), so an exchange that stops moving bytes is held by a client that stopped
 * sending, stopped reading or trickles: it is closed and logged instead of holding its memory forever.
 * Defaults are in application.properties; env TRANSFORM_TIMEOUTS_...
 */
@ConfigMapping(prefix = "transform.timeouts")
public interface Timeouts {

    /**
     * The window over which an exchange's progress is checked: an exchange that moves no byte (in or
     * out) for this long is closed, within at most twice this time.
     */
    @WithDefault("30s")
    Duration idle();

    /**
     * The slowest transfer (bytes in plus bytes out, per second, averaged over each {@link #idle()}
     * window) an exchange may keep: slower is a trickling client, closed like an idle one.
     */
    @WithDefault("1K")
    MemorySize minRate();
}
