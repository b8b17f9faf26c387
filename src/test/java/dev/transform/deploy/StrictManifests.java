package dev.transform.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads Kubernetes and Knative manifests into the fabric8 model, strictly: a field the API does not have
 * fails, as the API server would refuse it (or, worse, silently drop it: a misspelt {@code readOnlyRootFilesystem}
 * is a policy that never applied). The fabric8 classes collect unknown fields in an "any setter" map; this
 * mapper ignores those setters, so unknown fields are unknown properties again.
 */
final class StrictManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated member) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Model classes by apiVersion and kind: only the kinds deploy/ is meant to contain. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", io.fabric8.kubernetes.api.model.Service.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "serving.knative.dev/v1 Service", Service.class);

    private StrictManifests() {
    }

    /** Every document of a (multi-document) YAML file, each into the model class of its kind. */
    static List<HasMetadata> parseFile(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static List<HasMetadata> parse(String yaml) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (document == null || document.isNull() || document.isEmpty()) {
                continue;
            }
            String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new IllegalArgumentException("unexpected kind in deploy/: " + kind);
            }
            resources.add(YAML.treeToValue(document, type));
        }
        return resources;
    }

    /** The one resource of this type in the list. */
    static <T> T only(List<HasMetadata> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /**
     * {@code kubectl kustomize dir}: what {@code kubectl apply -k} would send. Null when kubectl is not
     * installed (the caller skips, loudly, unless CI=true).
     */
    static String kustomize(String dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return null;
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
