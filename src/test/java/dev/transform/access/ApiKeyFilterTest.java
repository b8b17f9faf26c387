package dev.transform.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With keys configured, transforms need one of them; health and OpenAPI stay open. */
@QuarkusTest
@TestProfile(ApiKeyFilterTest.WithKeys.class)
class ApiKeyFilterTest {

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("transform.access.api-keys", "first-key,second-key");
        }
    }

    @Test
    void aConfiguredKeyIsLetThrough() {
        for (String key : new String[] {"first-key", "second-key"}) {
            given().header("X-API-Key", key).body("hello").post("/v1/encode/hex")
                    .then().statusCode(200).body(equalTo("68656c6c6f"));
        }
    }

    @Test
    void aMissingKeyIs401ProblemDetails() {
        given().body("hello").post("/v1/encode/hex").then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("type", equalTo("urn:transform-api:problem:unauthorized"))
                .body("detail", equalTo("this service needs an X-API-Key header"));
    }

    @Test
    void aWrongKeyIs401() {
        given().header("X-API-Key", "first-ke").body("hello").post("/v1/encode/hex").then().statusCode(401)
                .body("detail", equalTo("the X-API-Key header does not hold a valid key"));
        given().header("X-API-Key", "FIRST-KEY").get("/v1/stages").then().statusCode(401);
    }

    @Test
    void healthAndOpenApiStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
