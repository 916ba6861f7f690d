package dev.annotations.api;

import dev.annotations.api.config.AppConfig;

import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the configuration from the environment and runs the service until the process is stopped. Exits
 * with 2 on a configuration error and 1 when start-up cannot proceed (README "Reliability").
 */
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
        AnnotationService service;
        try {
            service = AnnotationService.start(config, Clock.systemUTC(), Main::announceBootstrapKey);
        } catch (RuntimeException | Error e) {
            // Jetty's threads would keep a half-started process alive (/health 200, /ready 503 for ever):
            // exit instead, so a supervisor sees the failure and the reason is the last line of the log.
            LOG.log(Level.SEVERE, "start-up failed", e);
            System.err.println("annotation-api cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
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
