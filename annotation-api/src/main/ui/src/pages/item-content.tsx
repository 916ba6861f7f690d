// What an annotator reads for one queue item: a trace (or a span within it), or a session's traces in order.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Chat } from '../chat';
import { formatDuration, formatTime } from '../components';
import { Link } from '../router';
import { targetLabel, targetQuery } from '../scores';
import { TraceView, allSpans, mainLlmSpan } from '../trace';
import type { Page, Score, Session, Target, Trace } from '../types';

/** Traces of a session loaded up front; more load on request. */
export const SESSION_TRACES_AT_ONCE = 10;

export interface Content {
  target: Target;
  trace?: Trace;
  session?: Session;
  sessionTraces?: Trace[];
  /** scores on the target itself, for suggestions (only loaded when the queue shows suggestions) */
  targetScores: Score[];
}

export async function loadContent(target: Target, withScores: boolean): Promise<Content> {
  const scores = withScores
    ? api.get<Page<Score>>('/api/v1/scores', { ...targetQuery(target), limit: 1000 }).then((p) => p.items)
    : Promise.resolve([] as Score[]);
  if ((target.type === 'TRACE' || target.type === 'SPAN' || target.type === 'DOCUMENT') && target.traceId) {
    const [trace, targetScores] = await Promise.all([api.get<Trace>(`/api/v1/traces/${target.traceId}`), scores]);
    return { target, trace, targetScores };
  }
  if (target.type === 'SESSION' && target.sessionId) {
    const [session, targetScores] = await Promise.all([api.get<Session>(`/api/v1/sessions/${encodeURIComponent(target.sessionId)}`), scores]);
    const sessionTraces = await Promise.all(session.traces.slice(0, SESSION_TRACES_AT_ONCE).map((t) => api.get<Trace>(`/api/v1/traces/${t.traceId}`)));
    return { target, session, sessionTraces, targetScores };
  }
  return { target, targetScores: await scores };
}

function SessionTraceView({ trace, index, total }: { trace: Trace; index: number; total: number }) {
  const spans = allSpans(trace);
  const main = mainLlmSpan(spans);
  const root = trace.spans[0];
  return (
    <section class="session-trace" aria-label={`Trace ${index + 1} of ${total}`}>
      <h3>
        {index + 1}. {root?.name ?? 'trace'} <span class="muted">· {formatTime(trace.start)} · {formatDuration(trace.durationNanos)}</span>{' '}
        <Link href={`/traces/${trace.traceId}`} class="small-link">
          open trace
        </Link>
      </h3>
      {main?.llm ? <Chat llm={main.llm} heading={'Conversation of ' + main.name} /> : <p class="muted">No GenAI messages in this trace.</p>}
      <details>
        <summary>Spans ({trace.spanCount})</summary>
        <TraceView trace={trace} />
      </details>
    </section>
  );
}

function SessionView({ content }: { content: Content }) {
  const session = content.session!;
  const [traces, setTraces] = useState<Trace[]>(content.sessionTraces ?? []);
  const [loading, setLoading] = useState(false);
  const more = async () => {
    setLoading(true);
    try {
      const next = session.traces.slice(traces.length, traces.length + SESSION_TRACES_AT_ONCE);
      const loaded = await Promise.all(next.map((t) => api.get<Trace>(`/api/v1/traces/${t.traceId}`)));
      setTraces([...traces, ...loaded]);
    } finally {
      setLoading(false);
    }
  };
  return (
    <div class="session-view">
      <p class="muted">
        Session <code>{session.sessionId}</code>: {session.traces.length} trace{session.traces.length === 1 ? '' : 's'} in time order
        {session.truncated && ' (the earliest 1 000)'}.
      </p>
      {traces.map((t, i) => (
        <SessionTraceView trace={t} index={i} total={session.traces.length} />
      ))}
      {traces.length < session.traces.length && (
        <button type="button" disabled={loading} onClick={more}>
          Load the next {Math.min(SESSION_TRACES_AT_ONCE, session.traces.length - traces.length)} traces
        </button>
      )}
    </div>
  );
}

export function ItemContent({ content }: { content: Content }) {
  const target = content.target;
  if (content.trace) {
    return (
      <div>
        {target.type === 'SPAN' && (
          <p class="muted">
            Judge the span <code>{target.spanId}</code> (selected in the tree).
          </p>
        )}
        <TraceView trace={content.trace} initialSpan={target.type === 'SPAN' ? target.spanId : undefined} />
      </div>
    );
  }
  if (content.session) return <SessionView content={content} />;
  return (
    <p class="notice">
      This item is a {targetLabel(target)}; the UI has no viewer for dataset items yet. Judge it from its source and score it here.
    </p>
  );
}
