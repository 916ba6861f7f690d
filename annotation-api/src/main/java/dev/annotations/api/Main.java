package dev.annotations.api;

import dev.annotations.api.config.AppConfig;

import java.time.Clock;
import java.util.logging.Logger;

/** Reads the configuration from the environment and runs the service until the process is stopped. */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("starting with " + config);
        AnnotationService service = AnnotationService.start(config, Clock.systemUTC(), Main::announceBootstrapKey);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
        LOG.info("annotation-api ready on port " + service.port());
    }

    private static void announceBootstrapKey(String secret) {
        System.out.println("""

                ================================================================
                 Created the default project and its bootstrap admin key.
                 It is shown this once; store it now:

                   %s

                 Use it as:  Authorization: Bearer <key>
                ================================================================
                """.formatted(secret));
    }
}
