package dev.transform.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.knative.serving.v1.RevisionSpec;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes and deploy/knative, as kustomize renders them, are valid resources (strict parsing into the
 * fabric8 model) and keep the policies the service relies on: non-root, read-only root filesystem, probes,
 * resources, a grace period that lets streams in flight finish, a spool volume larger than the spool may grow.
 * No policy scanner is reachable from the build machines, so these assertions are the scan. The container images
 * (src/main/docker) must agree with the manifests on user, port and spool directory.
 */
class DeployManifestsTest {

    /** What the service spools per instance when transform.limits.max-spool-total is not set (README). */
    private static final String DEFAULT_MAX_SPOOL_TOTAL = "4G";

    private static Properties properties;

    @BeforeAll
    static void readApplicationProperties() throws IOException {
        properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
    }

    @Test
    void everyCommittedManifestParsesStrictly() {
        try (Stream<Path> files = Stream.of("deploy/kubernetes", "deploy/knative").flatMap(DeployManifestsTest::list)) {
            List<Path> manifests = files
                    .filter(f -> f.toString().matches(".*\\.ya?ml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .filter(f -> !f.getFileName().toString().equals("service-patch.yaml")) // a JSON patch: checked rendered
                    .toList();
            assertTrue(manifests.size() >= 5, "manifests found: " + manifests);
            for (Path manifest : manifests) {
                assertFalse(StrictManifests.parseFile(manifest).isEmpty(), manifest + " has no resource");
            }
        }
    }

    @Test
    void anUnknownFieldIsRejected() {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          securityContext: {readOnlyRootFileSystem: true}
                """;
        assertThrows(UnrecognizedPropertyException.class, () -> StrictManifests.parse(misspelt));
    }

    @Test
    void kubernetesDeploymentKeepsThePolicies() throws Exception {
        List<HasMetadata> rendered = render("deploy/kubernetes");
        Deployment deployment = StrictManifests.only(rendered, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = only(pod.getContainers());

        assertNonRootReadOnly(pod.getSecurityContext(), container);
        assertProbes(container);
        assertResources(container);
        assertSpool(pod.getVolumes(), container);

        // SIGTERM comes after preStop; then the service gives streams in flight quarkus.shutdown.timeout.
        assertNotNull(container.getLifecycle().getPreStop(), "a preStop pause, so endpoints drain before SIGTERM");
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        assertTrue(preStop >= 3, "preStop sleep " + preStop + " s");
        Duration shutdown = Duration.parse("PT" + setting(container, "quarkus.shutdown.timeout").toUpperCase());
        long grace = pod.getTerminationGracePeriodSeconds();
        assertTrue(grace > preStop + shutdown.toSeconds(),
                "terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop + " s + shutdown " + shutdown);

        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        io.fabric8.kubernetes.api.model.Service service =
                StrictManifests.only(rendered, io.fabric8.kubernetes.api.model.Service.class);
        assertSelects(service.getSpec().getSelector(), podLabels, "Service");
        PodDisruptionBudget pdb = StrictManifests.only(rendered, PodDisruptionBudget.class);
        assertSelects(pdb.getSpec().getSelector().getMatchLabels(), podLabels, "PodDisruptionBudget");
        HorizontalPodAutoscaler hpa = StrictManifests.only(rendered, HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "at least two replicas, so one can be disrupted");
    }

    @Test
    void knativeServiceKeepsThePolicies() throws Exception {
        Service service = StrictManifests.only(render("deploy/knative"), Service.class);
        RevisionSpec revision = service.getSpec().getTemplate().getSpec();
        Container container = only(revision.getContainers());

        assertNonRootReadOnly(null, container);
        assertProbes(container);
        assertResources(container);
        assertSpool(revision.getVolumes(), container);

        // One more request than the service runs streams would be a 503; Knative routes it elsewhere instead.
        assertEquals(Long.parseLong(setting(container, "transform.limits.max-concurrent-streams")),
                revision.getContainerConcurrency(), "containerConcurrency = transform.limits.max-concurrent-streams");
        assertTrue(revision.getTimeoutSeconds() >= 300, "a request timeout fit for large streams: " + revision.getTimeoutSeconds());
    }

    @Test
    void imagesMatchTheManifests() throws Exception {
        Container container = only(StrictManifests.only(StrictManifests.parseFile(Path.of("deploy/kubernetes/kubernetes.yml")),
                Deployment.class).getSpec().getTemplate().getSpec().getContainers());
        String port = properties.getProperty("quarkus.http.port", "8080");
        assertEquals(Integer.valueOf(port), container.getPorts().get(0).getContainerPort());
        String spool = setting(container, "transform.spool.directory");
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
            String dockerfile = Files.readString(Path.of("src/main/docker", name));
            assertEquals(port, last(dockerfile, "(?m)^EXPOSE\\s+(\\d+)"), name + " EXPOSE");
            String user = last(dockerfile, "(?m)^USER\\s+(\\S+)");
            assertTrue(user.matches("\\d+") && !user.equals("0"),
                    name + ": USER must be a numeric non-root uid (runAsNonRoot can only check those): " + user);
            assertEquals(spool, last(dockerfile, "(?m)^ENV\\s+TRANSFORM_SPOOL_DIRECTORY=(\\S+)"), name + " spool directory");
            assertEquals(spool, last(dockerfile, "(?m)^VOLUME\\s+(\\S+)"), name + " VOLUME");
        }
    }

    private static void assertNonRootReadOnly(PodSecurityContext pod, Container container) {
        boolean nonRoot = Boolean.TRUE.equals(container.getSecurityContext().getRunAsNonRoot())
                || pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot());
        assertTrue(nonRoot, "runAsNonRoot");
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
    }

    private static void assertProbes(Container container) {
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertProbe(container.getLivenessProbe(), "/q/health/live");
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path + " probe");
        assertEquals(path, probe.getHttpGet().getPath());
    }

    private static void assertResources(Container container) {
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = container.getResources().getRequests().get(resource);
            Quantity limit = container.getResources().getLimits().get(resource);
            assertNotNull(request, resource + " request");
            assertNotNull(limit, resource + " limit");
            assertTrue(Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) >= 0,
                    resource + " limit below its request");
        }
    }

    /** The spool directory is an emptyDir mount whose sizeLimit exceeds what the service may spool. */
    private static void assertSpool(List<Volume> volumes, Container container) {
        String directory = setting(container, "transform.spool.directory");
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(directory))
                .findFirst().orElseThrow(() -> new AssertionError("no volume mounted at the spool directory " + directory));
        Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), "the spool is an emptyDir");
        assertNotNull(volume.getEmptyDir().getSizeLimit(), "the spool emptyDir has a sizeLimit");
        String total = container.getEnv().stream().filter(e -> e.getName().equals("TRANSFORM_LIMITS_MAX_SPOOL_TOTAL"))
                .map(EnvVar::getValue).findFirst()
                .orElse(properties.getProperty("transform.limits.max-spool-total", DEFAULT_MAX_SPOOL_TOTAL));
        BigInteger size = Quantity.getAmountInBytes(volume.getEmptyDir().getSizeLimit()).toBigInteger();
        assertTrue(size.compareTo(bytes(total)) > 0, "spool sizeLimit " + volume.getEmptyDir().getSizeLimit()
                + " must exceed transform.limits.max-spool-total " + total + " (passing it evicts the pod)");
        // Every other writable path is a volume too: the root filesystem is read-only.
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "/tmp mounted");
    }

    private static void assertSelects(Map<String, String> selector, Map<String, String> labels, String what) {
        assertFalse(selector.isEmpty(), what + " selects nothing");
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), what + " selector " + selector + " misses " + labels);
    }

    /** A property as the container gets it: its environment variable, else application.properties. */
    private static String setting(Container container, String property) {
        String variable = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        return container.getEnv().stream().filter(e -> e.getName().equals(variable)).map(EnvVar::getValue).findFirst()
                .orElseGet(() -> {
                    String value = properties.getProperty(property);
                    assertNotNull(value, property + ": neither " + variable + " nor application.properties sets it");
                    return value;
                });
    }

    private static List<HasMetadata> render(String dir) throws Exception {
        String yaml = StrictManifests.kustomize(dir);
        if (yaml == null) {
            String message = "*** SKIPPED: kubectl is not installed; " + dir + " not rendered or policy-checked ***";
            assertFalse("true".equals(System.getenv("CI")), "CI needs kubectl: " + message);
            System.out.println(message);
            Assumptions.abort(message);
        }
        return StrictManifests.parse(yaml);
    }

    private static Stream<Path> list(String dir) {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.sorted().toList().stream();
        } catch (IOException e) {
            throw new AssertionError(dir, e);
        }
    }

    private static Container only(List<Container> containers) {
        assertEquals(1, containers.size(), "one container");
        return containers.get(0);
    }

    private static String last(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        assertNotNull(found, "no match for " + regex);
        return found;
    }

    /** "4G" and the like, as the service's sizes are written (powers of 1024). */
    private static BigInteger bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([KMGT]?)").matcher(size.trim().toUpperCase());
        assertTrue(m.matches(), "a size: " + size);
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return new BigInteger(m.group(1)).shiftLeft(shift);
    }
}
