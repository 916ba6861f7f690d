package dev.annotations.api.otlp;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.collector.CollectorRepository;
import dev.annotations.api.collector.LogRow;
import dev.annotations.api.collector.LogRows;
import dev.annotations.api.collector.Mapped;
import dev.annotations.api.collector.SpanRow;
import dev.annotations.api.collector.SpanRows;
import dev.annotations.api.evaluation.EvaluationEvent;
import dev.annotations.api.evaluation.EvaluationIngest;
import dev.annotations.api.evaluation.EvaluationRejections;
import dev.annotations.api.project.SpanVisibility;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What an OTLP export does once decoded: map it to the Collector's rows, turn evaluation events into
 * scores, and store what was accepted. Knows nothing of HTTP or encodings; the controller does.
 */
public final class OtlpService {
    private static final Logger LOG = Logger.getLogger(OtlpService.class.getName());

    /** What the sender is told: how many items were refused, and the first few reasons. */
    public record Refused(int count, List<String> problems) {
        static Refused of(int count, List<String> problems) {
            return new Refused(count, List.copyOf(problems.subList(0, Math.min(problems.size(), Mapped.MAX_PROBLEMS_NAMED))));
        }
    }

    private final CollectorRepository collector;
    private final EvaluationIngest evaluations;

    public OtlpService(CollectorRepository collector, EvaluationIngest evaluations) {
        this.collector = collector;
        this.evaluations = evaluations;
    }

    /** Stores the export's valid spans in one INSERT; invalid ones are refused and counted. */
    public Refused exportTraces(Principal sender, ExportTraceServiceRequest request) {
        Mapped<SpanRow> spans = SpanRows.map(request, stamp(sender));
        collector.insertSpans(spans.rows());
        logRefusals("spans", sender, spans.rejected(), spans.problems());
        return Refused.of(spans.rejected(), spans.problems());
    }

    /**
     * Stores the export's log records; evaluation events among them become scores of the sender's project
     * first, and only events whose score was accepted are stored as log records too.
     */
    public Refused exportLogs(Principal sender, ExportLogsServiceRequest request) {
        Mapped<LogRow> logs = LogRows.map(request, stamp(sender));
        List<LogRow> plain = new ArrayList<>();
        List<LogRow> evaluationRows = new ArrayList<>();
        for (LogRow row : logs.rows()) {
            (EvaluationEvent.isEvaluation(row.eventName(), row.logAttributes()) ? evaluationRows : plain).add(row);
        }
        // Scores first: once their INSERT succeeded the events may be stored; a failure before that
        // answers 503 and the retry finds the scores already there (their ids come from the events).
        EvaluationIngest.Outcome outcome = evaluations.ingest(sender.projectId(),
                evaluationRows.stream().map(EvaluationEvent::of).toList(), EvaluationRejections.Path.RECEIVER);
        List<LogRow> stored = new ArrayList<>(plain);
        for (int i = 0; i < evaluationRows.size(); i++) {
            if (outcome.accepted().get(i)) {
                stored.add(evaluationRows.get(i));
            }
        }
        collector.insertLogs(stored);
        int rejected = logs.rejected() + outcome.rejected();
        List<String> problems = new ArrayList<>(logs.problems());
        problems.addAll(outcome.problems());
        logRefusals("log records", sender, rejected, problems);
        return Refused.of(rejected, problems);
    }

    /** The sender's project on every row, so each project's reads find the spans it sent (SpanVisibility). */
    private static Map<String, String> stamp(Principal sender) {
        return Map.of(SpanVisibility.PROJECT_ATTRIBUTE, sender.projectId().toString());
    }

    private static void logRefusals(String what, Principal sender, int rejected, List<String> problems) {
        if (rejected > 0) {
            LOG.info(() -> "refused " + rejected + " " + what + " from key '" + sender.name() + "': " + String.join("; ", problems));
        }
    }
}
