package dev.transform.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed OpenAPI document is what users download and generate clients from, so it must be
 * exactly what the service generates and serves.
 */
@QuarkusTest
class OpenApiDocumentTest {

    // Compared as trees: the generator orders keys differently between a build and a test run.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFRESH = " differs from the document the service generates; if the change is meant,"
            + " refresh it with: ./mvnw -B package -DskipTests && cp target/openapi/openapi.* openapi/";

    @Test
    void committedYamlIsWhatTheServiceServes() throws Exception {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        assertEquals(YAML.readTree(Files.readString(Path.of("openapi/openapi.yaml"))), YAML.readTree(served),
                "openapi/openapi.yaml" + REFRESH);
    }

    @Test
    void committedJsonIsWhatTheServiceServes() throws Exception {
        String served = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertEquals(JSON.readTree(Files.readString(Path.of("openapi/openapi.json"))), JSON.readTree(served),
                "openapi/openapi.json" + REFRESH);
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
