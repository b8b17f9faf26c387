package dev.transform.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link CompressionEndpointTest} against the packaged application: the native executable with
 * {@code ./mvnw verify -Dquarkus.native.enabled=true}. Skipped in the default build (skipITs).
 */
@QuarkusIntegrationTest
class CompressionEndpointIT extends CompressionEndpointTest {
}
