package dev.transform.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link DigestEndpointTest} against the packaged application: the native executable with
 * {@code ./mvnw verify -Dquarkus.native.enabled=true}. Skipped in the default build (skipITs).
 */
@QuarkusIntegrationTest
class DigestEndpointIT extends DigestEndpointTest {
}
