package dev.transform.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Optional API-key access control; off unless keys are configured (TRANSFORM_ACCESS_API_KEYS=k1,k2). */
@ConfigMapping(prefix = "transform.access")
public interface AccessConfig {

    /** Keys accepted in the {@code X-API-Key} header; none (the default) leaves the service open. */
    Optional<List<String>> apiKeys();

    /** Whether health, OpenAPI and Swagger UI ({@code /q/...}) stay open when keys are set. */
    @WithDefault("true")
    boolean openServiceEndpoints();
}
