package dev.transform;

import dev.transform.http.RequestTarget;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service. The one thing it does before Quarkus starts is hand the check of the request
 * target to the service's own framing filter, so an invalid target is answered with problem details
 * rather than Quarkus's bare 400 (see {@link RequestTarget}); the property must be set before Quarkus's
 * HTTP layer is set up, which is why it is set here and not in configuration.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        System.setProperty(RequestTarget.QUARKUS_CHECK_OFF, "true");
        Quarkus.run(args);
    }
}
