package dev.transform.access;

import dev.transform.engine.ProblemType;
import dev.transform.http.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks the {@code X-API-Key} header on every request when keys are configured, before any of
 * the body is read. Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, against
 * every configured key, so the time taken says nothing about how much of a key was right.
 */
@Singleton
public class ApiKeyFilter {

    static final String HEADER = "X-API-Key";

    private final List<byte[]> keyDigests;
    private final boolean openServiceEndpoints;
    ApiKeyFilter(AccessConfig config) {
        this.keyDigests = config.apiKeys().orElse(List.of()).stream().map(ApiKeyFilter::sha256).toList();
        this.openServiceEndpoints = config.openServiceEndpoints();
    }

    void register(@Observes Filters filters) {
        if (!keyDigests.isEmpty()) {
            filters.register(this::check, 1000);
        }
    }

    private void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (openServiceEndpoints && path.startsWith("/q/") || isKnown(context.request().getHeader(HEADER))) {
            context.next();
            return;
        }
        String detail = context.request().getHeader(HEADER) == null ? "this service needs an " + HEADER + " header"
                : "the " + HEADER + " header does not hold a valid key";
        // The body is not read: the connection closes after the answer.
        context.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
        ProblemResponses.endAndClose(context, ProblemType.UNAUTHORIZED, detail);
    }

    private boolean isKnown(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean known = false;
        for (byte[] key : keyDigests) {
            known |= MessageDigest.isEqual(digest, key);
        }
        return known;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
