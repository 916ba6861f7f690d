package dev.annotations.grafana.bench;

import dev.annotations.grafana.engine.SqlClient;
import dev.annotations.grafana.fixture.FixtureData;

import java.time.Instant;

/**
 * The benchmark's data, generated inside the engine with {@code INSERT … SELECT … FROM numbers(…)} (no client
 * round trips): agent traces of 5 spans (a server span, two chat completions with GenAI attributes and ~1 KB
 * of messages, a retrieval, a tool call) over 4 services and 4 models, spread evenly over 7 days before
 * {@code now}; scores of every type and source on those spans and traces; queue items with their event log.
 * Every value is a hash of the row number, so two runs build the same data.
 */
final class BenchmarkData {
    static final int SPANS_PER_TRACE = 5;
    static final long SPREAD_MILLIS = 7L * 24 * 3600 * 1000;

    private final SqlClient sql;
    private final Instant now;

    BenchmarkData(SqlClient sql, Instant now) {
        this.sql = sql;
        this.now = now;
    }

    /** The trace's start: the same expression for spans and scores, so scores sit next to their spans. */
    private String traceStart(String traceNumber) {
        return "fromUnixTimestamp64Milli(toInt64(%d - (cityHash64(%s, 'start') %% %d)))".formatted(
                now.toEpochMilli(), traceNumber, SPREAD_MILLIS);
    }

    private static String traceId(String traceNumber) {
        return "lower(hex(MD5(concat('trace-', toString(" + traceNumber + ")))))";
    }

    private static String spanId(String traceNumber, String spanIndex) {
        return "substring(lower(hex(MD5(concat('span-', toString(" + traceNumber + "), '-', toString(" + spanIndex
                + "))))), 1, 16)";
    }

    void spans(long count) {
        long traces = count / SPANS_PER_TRACE;
        sql.execute("""
                INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
                    ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage)
                SELECT
                    toDateTime64(%s, 9) + toIntervalMillisecond(k * 40) AS Timestamp,
                    %s AS TraceId,
                    %s AS SpanId,
                    if(k = 0, '', %s) AS ParentSpanId,
                    [ 'POST /chat', concat('chat ', model), 'retrieval docs', 'execute_tool lookup', concat('chat ', model) ][k + 1] AS SpanName,
                    [ 'Server', 'Client', 'Client', 'Internal', 'Client' ][k + 1] AS SpanKind,
                    service AS ServiceName,
                    map('service.name', service, 'deployment.environment', 'production') AS ResourceAttributes,
                    'io.opentelemetry.javaagent' AS ScopeName,
                    '2.33.1' AS ScopeVersion,
                    multiIf(
                        k IN (1, 4), map('gen_ai.operation.name', 'chat', 'gen_ai.provider.name', provider,
                            'gen_ai.request.model', model, 'gen_ai.response.model', model,
                            'gen_ai.usage.input_tokens', toString(200 + cityHash64(n, 'in') %% 3000),
                            'gen_ai.usage.output_tokens', toString(20 + cityHash64(n, 'out') %% 800),
                            'gen_ai.input.messages', concat('[{"role":"user","parts":[{"type":"text","content":"', text, '"}]}]'),
                            'gen_ai.output.messages', concat('[{"role":"assistant","parts":[{"type":"text","content":"', substring(text, 1, 400), '"}]}]'),
                            'session.id', session, 'user.id', user),
                        k = 2, map('gen_ai.operation.name', 'retrieval', 'gen_ai.data_source.id', 'docs-index', 'session.id', session),
                        k = 3, map('gen_ai.operation.name', 'execute_tool', 'gen_ai.tool.name', 'lookup', 'session.id', session),
                        map('http.request.method', 'POST', 'http.route', '/chat', 'http.response.status_code', if(error, '500', '200'),
                            'session.id', session, 'user.id', user)) AS SpanAttributes,
                    toUInt64(multiIf(k = 0, 300 + cityHash64(n, 'd') %% 9000, k IN (1, 4), 100 + cityHash64(n, 'd') %% 6000,
                        5 + cityHash64(n, 'd') %% 300) * 1000000) AS Duration,
                    if(error AND k IN (0, 1), 'Error', 'Unset') AS StatusCode,
                    if(error AND k IN (0, 1), 'upstream model error', '') AS StatusMessage
                FROM (
                    WITH (
                        -- 64 paragraphs of ~110 support-chat words (~700 characters), drawn per span: text that compresses like text
                        SELECT groupArray(arrayStringConcat(arrayMap(i -> ['the', 'order', 'refund', 'shipping', 'account',
                            'password', 'invoice', 'delivery', 'please', 'help', 'with', 'my', 'when', 'can', 'I', 'change',
                            'address', 'product', 'warranty', 'return', 'policy', 'days', 'status', 'tracking', 'number', 'is',
                            'not', 'working', 'thanks', 'customer'][cityHash64(number, i) %% 30 + 1], range(110)), ' '))
                        FROM numbers(64)
                    ) AS paragraphs
                    SELECT number AS n, intDiv(number, %d) AS trace, number %% %d AS k,
                        ['support-bot', 'search-api', 'checkout', 'docs-assistant'][trace %% 4 + 1] AS service,
                        ['gpt-4o', 'claude-sonnet-4', 'llama-3-70b', 'gemini-2.0-flash'][cityHash64(trace, 'model') %% 4 + 1] AS model,
                        ['openai', 'anthropic', 'meta', 'gcp.gemini'][cityHash64(trace, 'model') %% 4 + 1] AS provider,
                        concat('session-', toString(cityHash64(trace, 'session') %% %d)) AS session,
                        concat('user-', toString(cityHash64(trace, 'user') %% 20000)) AS user,
                        cityHash64(trace, 'error') %% 40 = 0 AS error,
                        paragraphs[cityHash64(n, 'text') %% 64 + 1] AS text
                    FROM numbers(%d)
                )
                SETTINGS max_insert_threads = 2
                """.formatted(traceStart("trace"), traceId("trace"), spanId("trace", "k"), spanId("trace", "0"),
                SPANS_PER_TRACE, SPANS_PER_TRACE, Math.max(1, traces / 3), traces * SPANS_PER_TRACE));
    }

    // the fixture's ids, so the dashboards' variable scenarios select the same values here
    static final String PROJECT = FixtureData.PROJECT.toString();
    static final String[] QUEUES = {FixtureData.CHAT_REVIEW.toString(), FixtureData.QUICK_CHECK.toString(),
            FixtureData.CHAT_REVIEW.toString()};

    void project() {
        sql.execute("INSERT INTO annotation_projects (id, name, created_at, created_by, version, is_deleted) VALUES "
                + "('" + PROJECT + "', 'default', now64(3), 'bench', 1, 0)");
        sql.execute("""
                INSERT INTO annotation_score_configs (project_id, id, name, data_type, widget, min, max, step, categories,
                    multi_select, true_label, false_label, direction, description, archived, created_at, created_by,
                    updated_at, updated_by, version)
                VALUES
                ('%1$s', '00000000-0000-4000-8000-00000000c001', 'helpfulness', 'NUMERIC', 'STARS', 1, 5, 1, '[]', false, '', '', 'MAXIMIZE', '', false, now64(3), 'bench', now64(3), 'bench', 1),
                ('%1$s', '00000000-0000-4000-8000-00000000c002', 'correctness', 'CATEGORICAL', 'RADIO', NULL, NULL, NULL,
                    '[{"label":"good","value":1},{"label":"bad","value":0}]', false, '', '', 'MAXIMIZE', '', false, now64(3), 'bench', now64(3), 'bench', 1),
                ('%1$s', '00000000-0000-4000-8000-00000000c003', 'thumbs', 'BOOLEAN', 'THUMBS', NULL, NULL, NULL, '[]', false, 'up', 'down', 'MAXIMIZE', '', false, now64(3), 'bench', now64(3), 'bench', 1),
                ('%1$s', '00000000-0000-4000-8000-00000000c004', 'relevance', 'NUMERIC', 'NUMBER', 0, 3, 1, '[]', false, '', '', 'MAXIMIZE', '', false, now64(3), 'bench', now64(3), 'bench', 1),
                ('%1$s', '00000000-0000-4000-8000-00000000c005', 'overall', 'NUMERIC', 'STARS', 1, 5, 1, '[]', false, '', '', 'MAXIMIZE', '', false, now64(3), 'bench', now64(3), 'bench', 1)
                """.formatted(PROJECT));
    }

    /**
     * Scores on the generated spans: 30 % thumbs from end users, 30 % LLM-judge correctness and helpfulness,
     * 20 % human annotations of both (on every tenth trace, the sampled ones), 5 % code checks, 10 % document
     * relevance on retrievals, 5 % whole-trace ratings. Values follow a hidden per-trace quality, so judges and
     * humans mostly agree. Then 2 % of the scores get an edited version and 0.5 % a tombstone.
     */
    void scores(long count, long traces) {
        String select = """
                SELECT
                    toUUID('%1$s') AS project_id,
                    reinterpretAsUUID(MD5(concat('score-', toString(m)))) AS id,
                    multiIf(r >= 95, 'TRACE', r >= 85, 'DOCUMENT', 'SPAN') AS target_type,
                    %2$s AS trace_id,
                    multiIf(r >= 95, '', r >= 85, %3$s, %4$s) AS span_id,
                    '' AS session_id, '' AS dataset_id, '' AS item_id,
                    if(r >= 85 AND r < 95, toInt32(m %% 5), -1) AS document_position,
                    multiIf(r < 30, 'thumbs', r < 45 OR (r >= 60 AND r < 70) OR (r >= 80 AND r < 85), 'correctness',
                            r < 80, 'helpfulness', r < 95, 'relevance', 'overall') AS name,
                    multiIf(name = 'thumbs', 'BOOLEAN', name = 'correctness', 'CATEGORICAL', 'NUMERIC') AS data_type,
                    toFloat64(multiIf(
                        name = 'thumbs', if(q + noise / 3 > 0.25, 1, 0),
                        name = 'correctness', if(q + noise / 2 > 0.4, 1, 0),
                        name = 'relevance', least(3, greatest(0, round(3 * q + noise))),
                        least(5, greatest(1, round(1 + 4 * q + noise))))) AS value,
                    multiIf(name = 'thumbs', if(value = 1, 'up', 'down'), name = 'correctness', if(value = 1, 'good', 'bad'), '') AS string_value,
                    CAST([] AS Array(String)) AS labels,
                    if(name = 'thumbs' AND m %% 10 = 0, if(value = 1, 'great answer, thanks', 'wrong refund amount, not helpful'), '') AS comment,
                    CAST(map() AS Map(LowCardinality(String), String)) AS metadata,
                    CAST(multiIf(name = 'helpfulness', '00000000-0000-4000-8000-00000000c001', name = 'correctness', '00000000-0000-4000-8000-00000000c002',
                        name = 'thumbs', '00000000-0000-4000-8000-00000000c003', name = 'relevance', '00000000-0000-4000-8000-00000000c004',
                        '00000000-0000-4000-8000-00000000c005') AS Nullable(UUID)) AS config_id,
                    CAST(if(r >= 60 AND r < 80, ['%5$s', '%6$s', '%7$s'][m %% 3 + 1], NULL) AS Nullable(UUID)) AS queue_id,
                    multiIf(r < 30, 'FEEDBACK', r >= 60 AND r < 80, 'ANNOTATION', r >= 95, 'API', 'EVAL') AS source,
                    multiIf(r < 30 OR (r >= 60 AND r < 80) OR r >= 95, 'HUMAN', r >= 80 AND r < 85, 'CODE', 'LLM') AS annotator_kind,
                    multiIf(r < 30, concat('user-', toString(cityHash64(trace, 'user') %% 20000)),
                            r >= 60 AND r < 80 OR r >= 95, concat('annotator-', toString(m %% 20 + 1)),
                            r >= 80 AND r < 85, 'refund-amount-check', r >= 85, 'judge-relevance', 'judge-gpt-4o') AS author,
                    author AS created_by,
                    least(now64(3), toDateTime64(%8$s, 3) + toIntervalSecond(multiIf(r < 30, 5 + m %% 300,
                        r >= 60 AND r < 80, 600 + m %% 86400, 30 + m %% 120))) AS timestamp,
                    timestamp AS created_at, timestamp AS updated_at, author AS changed_by,
                    toUInt64(1) AS version, toUInt8(0) AS is_deleted
                FROM (
                    SELECT number AS m, number %% 100 AS r,
                        if(r >= 60 AND r < 80, (cityHash64(number, 't') %% intDiv(%9$d, 10)) * 10, cityHash64(number, 't') %% %9$d) AS trace,
                        (cityHash64(trace, 'q') %% 100) / 100 AS q,
                        ((cityHash64(number, 'noise') %% 100) / 100 - 0.5) AS noise
                    FROM numbers(%10$d)
                )
                """.formatted(PROJECT, traceId("trace"), spanId("trace", "2"), spanId("trace", "1"),
                QUEUES[0], QUEUES[1], QUEUES[2], traceStart("trace"), traces, count);
        sql.execute("INSERT INTO annotation_scores " + select + " SETTINGS max_insert_threads = 2");
        sql.execute("INSERT INTO annotation_scores SELECT * REPLACE (if(data_type = 'NUMERIC', least(5, value + 1), value) AS value, "
                + "'edited on second reading' AS comment, toUInt64(2) AS version, "
                + "toUInt8(cityHash64(id) % 5 = 0) AS is_deleted) FROM (" + select.replace("FROM numbers(" + count + ")",
                "FROM numbers(" + count + ") WHERE number % 50 = 0") + ")");
    }

    /**
     * Queue items on the chat completions of random traces, half in chat-review (2 annotators, review) half in
     * quick-check (1 annotator), with their event logs: mostly done (approved, in review or completed), some with a
     * lapsed claim, some untouched.
     */
    void queues(long items, long traces) {
        sql.execute("""
                INSERT INTO annotation_queues (project_id, id, name, description, configs, annotators, reviewers, strategy,
                    annotators_per_item, reservation_timeout_seconds, review_required, status, created_at, created_by,
                    updated_at, updated_by, version)
                VALUES ('%1$s', '%2$s', 'chat-review', '', '[]', ['annotator-1'], ['reviewer-1'], 'LOAD_BALANCED', 2, 600, true, 'ACTIVE',
                        now64(3), 'bench', now64(3), 'bench', 1),
                       ('%1$s', '%3$s', 'quick-check', '', '[]', ['annotator-2'], [], 'LOAD_BALANCED', 1, 600, false, 'ACTIVE',
                        now64(3), 'bench', now64(3), 'bench', 1)
                """.formatted(PROJECT, QUEUES[0], QUEUES[1]));
        String source = """
                SELECT number AS i, i %% 2 = 0 AS review, toUUID(if(review, '%1$s', '%2$s')) AS queue_id,
                       reinterpretAsUUID(MD5(concat('item-', toString(i)))) AS item_id,
                       cityHash64(i, 'trace') %% %3$d AS trace,
                       toDateTime64(%4$s, 3) + toIntervalSecond(60) AS added_at,
                       concat('annotator-', toString(i %% 20 + 1)) AS a, concat('annotator-', toString((i + 7) %% 20 + 1)) AS b,
                       intDiv(i, 2) %% if(review, 6, 3) AS fate
                FROM numbers(%5$d)
                """.formatted(QUEUES[0], QUEUES[1], traces, traceStart("trace"), items);
        sql.execute("""
                INSERT INTO annotation_queue_items (project_id, queue_id, id, target_type, trace_id, span_id, session_id,
                    dataset_id, item_id, priority, added_at, added_by, removed, version)
                SELECT toUUID('%s'), queue_id, item_id, 'SPAN', %s, %s, '', '', '', 0, least(now64(3), added_at), 'bench', 0, 1
                FROM (%s)
                """.formatted(PROJECT, traceId("trace"), spanId("trace", "1"), source));
        sql.execute("""
                INSERT INTO annotation_queue_events (project_id, queue_id, item_id, at, event_id, type, annotator, actor, seq,
                    review_seq, expires_at, reason)
                SELECT toUUID('%s'), queue_id, item_id, least(now64(3), added_at + toIntervalSecond(e.2)),
                       reinterpretAsUUID(MD5(concat(toString(item_id), e.1, toString(e.4), toString(e.5)))), e.1, e.3, e.3,
                       e.4, e.5, if(e.1 = 'CLAIMED', added_at + toIntervalSecond(e.2 + 600), NULL), ''
                FROM (%s)
                ARRAY JOIN arrayFilter(x -> x.6, [
                    ('CLAIMED', 600 + cityHash64(i) %% 3600, a, 0, -1, if(review, fate < 5, fate < 2)),
                    ('SUBMITTED', 700 + cityHash64(i) %% 3600 + cityHash64(i, 's') %% 400, a, 0, -1, if(review, fate < 4, fate < 2)),
                    ('CLAIMED', 5000 + cityHash64(i) %% 3600, b, 1, -1, review AND fate < 5),
                    ('SUBMITTED', 5100 + cityHash64(i) %% 3600 + cityHash64(i, 't') %% 600, b, 1, -1, review AND fate < 4),
                    ('APPROVED', 9000 + cityHash64(i) %% 3600, 'reviewer-1', -1, 0, review AND fate < 3)
                ]) AS e
                """.formatted(PROJECT, source));
    }

    /** Log records: one per span and a half, a tenth of them gen_ai.evaluation.result events (the feedback path). */
    void logs(long count, long traces) {
        sql.execute("""
                INSERT INTO otel_logs (Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
                    ResourceAttributes, ScopeName, LogAttributes, EventName)
                SELECT toDateTime64(%s, 9) + toIntervalMillisecond(500), %s, %s, 1, 'INFO', 9,
                       ['support-bot', 'search-api', 'checkout', 'docs-assistant'][trace %% 4 + 1],
                       if(event, '', 'answered the question'), map('service.name', 'bench'), 'bench',
                       if(event, map('gen_ai.evaluation.name', 'thumbs', 'gen_ai.evaluation.score.value', '1'), map()),
                       if(event, 'gen_ai.evaluation.result', '')
                FROM (SELECT cityHash64(number, 'log') %% %d AS trace, number %% 10 = 0 AS event FROM numbers(%d))
                """.formatted(traceStart("trace"), traceId("trace"), spanId("trace", "1"), traces, count));
    }
}
