package dev.annotations.api.automation;

import java.time.Instant;

/** What one run of an automation did, and when. */
public record AutomationRun(Instant at, int matched, int added, int alreadyPresent, int datasetVersion,
                            long cursorNanos, String error) {
}
