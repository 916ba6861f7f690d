// The trace explorer: a trace, a session, span search. These are the deep links Grafana data links open;
// every score is shown, and one's own can be added, edited and deleted inline, without a queue.
import { AddSpansToDataset } from './datasets';
import { useEffect, useState } from 'preact/hooks';
import { all, api, ApiError } from '../api';
import { Badge, Empty, ErrorBox, FieldErrors, Loading, fieldMessages, formatDuration, formatTime, useAsync } from '../components';
import { Link, navigate, useLocation } from '../router';
import { ScorePanel } from '../scores';
import { useMe } from '../session';
import { TraceView, allSpans } from '../trace';
import type { Page, ScoreConfig, Session, SpanNode, SpanSummary, Trace } from '../types';

function useConfigs() {
  return useAsync(() => all<ScoreConfig>('/api/v1/score-configs'), []);
}

function sessionOf(trace: Trace): string | undefined {
  for (const span of allSpans(trace)) {
    const id = span.attributes?.['session.id'] ?? span.attributes?.['gen_ai.conversation.id'];
    if (id) return id;
  }
  return undefined;
}

export function TracePage({ traceId }: { traceId: string }) {
  const me = useMe();
  const location = useLocation();
  const configs = useConfigs();
  const trace = useAsync(() => api.get<Trace>(`/api/v1/traces/${encodeURIComponent(traceId)}`), [traceId]);
  const [initial] = useState(() => location.query.get('span') ?? undefined);
  const onSpan = (span: SpanNode) => {
    const url = new URL(window.location.href);
    if (url.searchParams.get('span') !== span.spanId) {
      url.searchParams.set('span', span.spanId);
      history.replaceState(null, '', url.pathname + url.search);
    }
  };
  const session = trace.data && sessionOf(trace.data);
  return (
    <main id="main" class="explorer" tabIndex={-1}>
      <h1>
        Trace <code>{traceId}</code>
      </h1>
      {trace.loading && <Loading label="Loading the trace…" />}
      <ErrorBox error={trace.error} onRetry={trace.reload} />
      {trace.data && (
        <>
          {session && (
            <p>
              Part of session <Link href={`/sessions/${encodeURIComponent(session)}`}>{session}</Link>.
            </p>
          )}
          {configs.data && <ScorePanel title="Scores on the trace" target={{ type: 'TRACE', traceId: trace.data.traceId }} configs={configs.data} me={me} />}
          <ErrorBox error={configs.error} onRetry={configs.reload} />
          <TraceView
            trace={trace.data}
            initialSpan={initial}
            onSpanChange={onSpan}
            spanSlot={(span) =>
              configs.data && <ScorePanel key={span.spanId} title="Scores on this span" target={{ type: 'SPAN', traceId: span.traceId, spanId: span.spanId }} configs={configs.data} me={me} />
            }
          />
        </>
      )}
    </main>
  );
}

export function SessionPage({ sessionId }: { sessionId: string }) {
  const me = useMe();
  const configs = useConfigs();
  const session = useAsync(() => api.get<Session>(`/api/v1/sessions/${encodeURIComponent(sessionId)}`), [sessionId]);
  return (
    <main id="main" class="explorer" tabIndex={-1}>
      <h1>
        Session <code>{sessionId}</code>
      </h1>
      {session.loading && <Loading label="Loading the session…" />}
      <ErrorBox error={session.error} onRetry={session.reload} />
      {session.data && (
        <>
          {configs.data && <ScorePanel title="Scores on the session" target={{ type: 'SESSION', sessionId }} configs={configs.data} me={me} />}
          <table class="results">
            <caption>
              {session.data.traces.length} traces in time order{session.data.truncated && ' (the earliest 1 000)'}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Start</th>
                <th scope="col">Root span</th>
                <th scope="col">Service</th>
                <th scope="col">Duration</th>
                <th scope="col">Spans</th>
                <th scope="col">Trace scores</th>
              </tr>
            </thead>
            <tbody>
              {session.data.traces.map((t, i) => (
                <tr>
                  <td>{i + 1}</td>
                  <td>{formatTime(t.start)}</td>
                  <td>
                    <Link href={`/traces/${t.traceId}`}>{t.root?.name ?? t.traceId}</Link> {t.root?.status?.code === 'Error' && <Badge kind="error">Error</Badge>}
                  </td>
                  <td>{t.root?.serviceName}</td>
                  <td>{formatDuration(t.durationNanos)}</td>
                  <td>{t.spanCount}</td>
                  <td>{(t.scores ?? []).map((s) => `${s.name}: ${s.value ?? s.label ?? ''}`).join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}

/** The span search's parameters, exactly the API's (GET /api/v1/spans), so a URL is both a screen and a query. */
const SINGLE = ['from', 'to', 'service', 'name', 'kind', 'status', 'traceId', 'candidate', 'queue', 'limit'] as const;
const REPEATED = ['attr', 'hasAttr', 'hasScore', 'lacksScore'] as const;

function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function fromLocalInput(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export function SpansPage() {
  const location = useLocation();
  const query = location.query;
  const search = query.toString();
  const [form, setForm] = useState<Record<string, string>>({});
  useEffect(() => {
    const next: Record<string, string> = {};
    for (const name of SINGLE) next[name] = query.get(name) ?? '';
    next.from = toLocalInput(query.get('from'));
    next.to = toLocalInput(query.get('to'));
    for (const name of REPEATED) next[name] = query.getAll(name).join('\n');
    setForm(next);
  }, [search]);
  const [pages, setPages] = useState<SpanSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const params = new URLSearchParams(search);
      if (after) params.set('cursor', after);
      const page = await api.get<Page<SpanSummary>>('/api/v1/spans?' + params.toString());
      setPages((p) => (after ? [...p, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
      if (!after) setPages([]);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    load(null);
  }, [search]);

  const submit = (e: Event) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const name of SINGLE) {
      const value = name === 'from' || name === 'to' ? fromLocalInput(form[name] ?? '') : (form[name] ?? '').trim();
      if (value) params.set(name, value);
    }
    for (const name of REPEATED) {
      for (const line of (form[name] ?? '').split('\n')) if (line.trim()) params.append(name, line.trim());
    }
    navigate('/spans' + (params.toString() ? '?' + params.toString() : ''));
  };
  const input = (name: string, label: string, type: 'text' | 'number' | 'datetime-local' = 'text', hint?: string) => {
    const messages = fieldMessages(error, name);
    return (
      <div class="form-row">
        <label for={'q-' + name}>{label}</label>
        <input
          id={'q-' + name}
          type={type as 'text'}
          value={form[name] ?? ''}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={[hint ? 'q-' + name + '-hint' : '', messages.length ? 'q-' + name + '-error' : ''].filter(Boolean).join(' ') || undefined}
          onInput={(e) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value })}
        />
        {hint && (
          <span id={'q-' + name + '-hint'} class="muted">
            {hint}
          </span>
        )}
        <FieldErrors id={'q-' + name + '-error'} messages={messages} />
      </div>
    );
  };
  const lines = (name: string, label: string, hint: string) => {
    const messages = fieldMessages(error, name);
    return (
      <div class="form-row">
        <label for={'q-' + name}>{label}</label>
        <textarea
          id={'q-' + name}
          rows={2}
          value={form[name] ?? ''}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={'q-' + name + '-hint' + (messages.length ? ' q-' + name + '-error' : '')}
          onInput={(e) => setForm({ ...form, [name]: (e.target as HTMLTextAreaElement).value })}
        />
        <span id={'q-' + name + '-hint'} class="muted">
          {hint}
        </span>
        <FieldErrors id={'q-' + name + '-error'} messages={messages} />
      </div>
    );
  };
  const select = (name: string, label: string, options: string[]) => (
    <div class="form-row">
      <label for={'q-' + name}>{label}</label>
      <select id={'q-' + name} value={form[name] ?? ''} onChange={(e) => setForm({ ...form, [name]: (e.target as HTMLSelectElement).value })}>
        <option value="">any</option>
        {options.map((o) => (
          <option value={o}>{o}</option>
        ))}
      </select>
      <FieldErrors id={'q-' + name + '-error'} messages={fieldMessages(error, name)} />
    </div>
  );
  const shown = [...SINGLE, ...REPEATED] as string[];
  return (
    <main id="main" class="explorer" tabIndex={-1}>
      <h1>Search spans</h1>
      <form class="search-form" onSubmit={submit} aria-label="Span filters">
        {input('from', 'From', 'datetime-local', 'default: an hour ago')}
        {input('to', 'To', 'datetime-local', 'default: now; at most 31 days after From')}
        {input('service', 'Service')}
        {input('name', 'Span name')}
        {select('kind', 'Kind', ['Server', 'Client', 'Internal', 'Producer', 'Consumer'])}
        {select('status', 'Status', ['Unset', 'Ok', 'Error'])}
        {input('traceId', 'Trace id')}
        {select('candidate', 'Review candidate', ['true', 'false'])}
        {input('queue', 'Tagged for queue', 'text', 'annotation.queue')}
        {lines('attr', 'Attribute equals', 'one key=value per line, e.g. gen_ai.request.model=gpt-4o')}
        {lines('hasAttr', 'Has attribute', 'one key per line')}
        {lines('hasScore', 'Has a score named', 'one name per line')}
        {lines('lacksScore', 'Lacks a score named', 'one name per line')}
        {input('limit', 'Page size', 'number', '1–1 000, default 100')}
        <div class="form-actions">
          <button type="submit" class="primary">
            Search
          </button>
        </div>
      </form>
      <ErrorBox error={error} shownFields={error instanceof ApiError ? shown : []} />
      {loading && pages.length === 0 && <Loading label="Searching…" />}
      {!loading && !error && pages.length === 0 && <Empty>No span matches these filters (the default window is the last hour).</Empty>}
      {pages.length > 0 && (
        <table class="results">
          <caption>{pages.length} spans, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Start</th>
              <th scope="col">Service</th>
              <th scope="col">Span</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((s) => (
              <tr>
                <td>{formatTime(s.start)}</td>
                <td>{s.serviceName}</td>
                <td>
                  <Link href={`/traces/${s.traceId}?span=${s.spanId}`}>{s.name}</Link>
                </td>
                <td>{s.kind}</td>
                <td>{s.status?.code === 'Error' ? <Badge kind="error">Error</Badge> : s.status?.code}</td>
                <td>{formatDuration(s.durationNanos)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" disabled={loading} onClick={() => load(cursor)}>
          Load more
        </button>
      )}
      {pages.length > 0 && <AddSpansToDataset spans={pages} />}
    </main>
  );
}
