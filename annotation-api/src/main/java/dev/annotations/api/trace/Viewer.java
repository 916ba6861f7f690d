package dev.annotations.api.trace;

import dev.annotations.api.project.SpanVisibility;

import java.util.UUID;

/** Who reads spans: the caller's project, and which of the Collector's spans that project sees. */
record Viewer(UUID projectId, SpanVisibility visibility) {
}
