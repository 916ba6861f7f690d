package dev.annotations.api.automation;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.dataset.Datasets;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.trace.TraceService;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The automation feature's graph, and the timer that runs every enabled automation every {@link #INTERVAL}. */
public final class Automations implements AutoCloseable {
    /** How often automations run. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final AutomationService service;
    private final AutomationController controller;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("automations").factory());

    public Automations(ClickHouseStorage storage, QueueService queues, TraceService traces, Datasets datasets,
                       AccessControl access, JsonBody json, Supplier<UUID> ids, Clock clock) {
        this.service = new AutomationService(new AutomationRepository(storage), queues, traces, datasets.service(),
                datasets.queueFill(), ids, clock);
        this.controller = new AutomationController(service, access, json);
    }

    /** Starts the timer (the composition root does, once the schema is migrated). */
    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                service.runOnce();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Automations.class.getName())
                        .log(java.util.logging.Level.WARNING, "automations could not run", e);
            }
        }, INTERVAL.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    public AutomationService service() {
        return service;
    }

    public AutomationController controller() {
        return controller;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
