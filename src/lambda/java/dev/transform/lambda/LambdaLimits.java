package dev.transform.lambda;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The limits of the Lambda build (buffered mode: API Gateway HTTP API, payload format 2.0), in
 * force only in the {@code lambda} Maven profile, which alone compiles this class.
 *
 * <p>A Lambda invocation carries at most 6 MB each way, and binary bodies travel base64-encoded
 * (4 bytes for 3), so about 4.5 MB of raw bytes fit; the extension also buffers the whole response.
 * The limits are set a little under that, so a request that passes them gets the contract's 413
 * problem from the service instead of a bare error from the platform. Setting the output limit makes
 * the service hold each output until it is complete (see {@code dev.transform.exchange.ResponseOutput}).
 *
 * <p>Its ordinal (275) is above application.properties (250) and below environment variables (300)
 * and system properties (400): {@code TRANSFORM_LIMITS_*} in the function's environment still win.
 */
public final class LambdaLimits implements ConfigSource {

    static final Map<String, String> DEFAULTS = Map.of(
            "transform.limits.max-body-size", "4M",
            "transform.limits.max-output-size", "4M",
            "transform.limits.max-decompressed-size", "4M",
            "transform.limits.max-tail-window", "4M");

    @Override
    public Set<String> getPropertyNames() {
        return DEFAULTS.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return DEFAULTS.get(propertyName);
    }

    @Override
    public String getName() {
        return "lambda-limits";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
