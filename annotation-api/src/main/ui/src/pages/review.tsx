// Review: items IN_REVIEW with each annotator's submission side by side, the unit's agreement and consensus
// from the analytics API, and the reviewer's decision: approve, or return to one annotator with a comment.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { all, api, ApiError } from '../api';
import { Empty, ErrorBox, FieldErrors, Loading, fieldMessages, scoreText, useAsync } from '../components';
import { Link } from '../router';
import { targetLabel, targetQuery } from '../scores';
import { useMe } from '../session';
import type { Agreement, AgreementUnit, Page, Queue, QueueItem, Score, ScoreConfig, Target } from '../types';
import { ItemContent, loadContent } from './item-content';

type Analytics = { available: false; reason: string } | { available: true; agreement: Map<string, Agreement>; units: Map<string, Map<string, AgreementUnit>> };

export function targetKey(target: Target): string {
  return [target.type, target.traceId ?? '', target.spanId ?? '', target.sessionId ?? '', target.datasetId ?? '', target.itemId ?? ''].join('|');
}

function format(n: number | undefined, digits = 2): string {
  return n === undefined || n === null || Number.isNaN(n) ? '–' : n.toFixed(digits);
}

async function loadAnalytics(queueId: string, configs: ScoreConfig[]): Promise<Analytics> {
  const agreement = new Map<string, Agreement>();
  const units = new Map<string, Map<string, AgreementUnit>>();
  try {
    for (const config of configs) {
      const [summary, page] = await Promise.all([
        api.get<Agreement>('/api/v1/analytics/agreement', { configId: config.id, queueId }),
        api.get<Page<AgreementUnit>>('/api/v1/analytics/agreement/units', { configId: config.id, queueId, sort: 'disagreement', limit: 1000 }),
      ]);
      agreement.set(config.id, summary);
      units.set(config.id, new Map(page.items.map((u) => [targetKey(u.target), u])));
    }
    return { available: true, agreement, units };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) {
      return { available: false, reason: 'this service has no agreement analytics (the analytics API answered ' + e.status + ')' };
    }
    return { available: false, reason: e instanceof ApiError ? e.summary() : String(e) };
  }
}

function AgreementSummary({ analytics, configs }: { analytics: Analytics | undefined; configs: ScoreConfig[] }) {
  if (!analytics) return <Loading label="Loading agreement…" />;
  if (!analytics.available)
    return (
      <p class="notice agreement-unavailable" role="status">
        Agreement not available: {analytics.reason}. Submissions can still be compared and decided below.
      </p>
    );
  return (
    <table class="agreement">
      <caption>Agreement in this queue</caption>
      <thead>
        <tr>
          <th scope="col">Config</th>
          <th scope="col">Units</th>
          <th scope="col">% agreement</th>
          <th scope="col">Krippendorff α (95 % CI)</th>
          <th scope="col">Fleiss κ</th>
        </tr>
      </thead>
      <tbody>
        {configs.map((c) => {
          const a = analytics.agreement.get(c.id);
          return (
            <tr>
              <th scope="row">{c.name}</th>
              <td>{a?.units ?? '–'}</td>
              <td>{a?.percentAgreement === undefined ? '–' : format(a.percentAgreement * 100, 0) + ' %'}</td>
              <td>
                {format(a?.krippendorffAlpha)}
                {a?.krippendorffAlphaCi && ` (${format(a.krippendorffAlphaCi[0])} – ${format(a.krippendorffAlphaCi[1])})`}
              </td>
              <td>{format(a?.fleissKappa)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function consensusText(unit: AgreementUnit | undefined): string {
  const c = unit?.consensus;
  if (!c) return '–';
  const what = c.labels?.length ? c.labels.join(', ') : c.label ?? (c.value !== undefined ? format(c.value) : c.median !== undefined ? format(c.median) : '–');
  return `${what} (${c.method.toLowerCase()}${c.tie ? ', tie: ' + (c.tiedLabels ?? []).join(' / ') : ''})`;
}

function ItemReview({ queue, item, configs, analytics, onDecided }: { queue: Queue; item: QueueItem; configs: ScoreConfig[]; analytics: Analytics | undefined; onDecided: (message: string) => void }) {
  const scores = useAsync(() => api.get<Page<Score>>('/api/v1/scores', { ...targetQuery(item.target), queueId: queue.id, limit: 1000 }), [item.id]);
  const content = useAsync(() => loadContent(item.target, false), [item.id]);
  const [approveComment, setApproveComment] = useState('');
  const [returnTo, setReturnTo] = useState('');
  const [returnComment, setReturnComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setReturnTo(item.submittedBy[0] ?? '');
    setReturnComment('');
    setApproveComment('');
    setError(null);
  }, [item.id]);

  const annotators = item.submittedBy;
  const cell = (config: ScoreConfig, author: string) => (scores.data?.items ?? []).find((s) => s.author === author && (s.configId === config.id || s.name === config.name));
  const decide = async (kind: 'approve' | 'return') => {
    setBusy(true);
    setError(null);
    try {
      if (kind === 'approve') {
        await api.post(`/api/v1/queues/${queue.id}/items/${item.id}/approve`, approveComment.trim() ? { comment: approveComment.trim() } : {});
        onDecided(`Approved ${targetLabel(item.target)}.`);
      } else {
        await api.post(`/api/v1/queues/${queue.id}/items/${item.id}/return`, { annotator: returnTo, comment: returnComment });
        onDecided(`Returned ${targetLabel(item.target)} to ${returnTo}.`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="item-review" aria-label={'Review of ' + targetLabel(item.target)}>
      <h2>
        {targetLabel(item.target)}{' '}
        {item.target.traceId && (
          <Link class="small-link" href={`/traces/${item.target.traceId}`}>
            open in explorer
          </Link>
        )}
      </h2>
      {scores.loading && !scores.data && <Loading label="Loading submissions…" />}
      <ErrorBox error={scores.error} onRetry={scores.reload} />
      {scores.data && (
        <table class="side-by-side">
          <caption>Submissions side by side</caption>
          <thead>
            <tr>
              <th scope="col">Config</th>
              {annotators.map((a) => (
                <th scope="col">{a}</th>
              ))}
              {analytics?.available && <th scope="col">Consensus</th>}
              {analytics?.available && <th scope="col">Disagreement</th>}
            </tr>
          </thead>
          <tbody>
            {configs.map((c) => {
              const unit = analytics?.available ? analytics.units.get(c.id)?.get(targetKey(item.target)) : undefined;
              return (
                <tr>
                  <th scope="row">{c.name}</th>
                  {annotators.map((a) => {
                    const s = cell(c, a);
                    return (
                      <td>
                        {s ? <strong>{scoreText(s)}</strong> : <span class="muted">–</span>}
                        {s?.comment && <div class="muted">{s.comment}</div>}
                      </td>
                    );
                  })}
                  {analytics?.available && <td>{consensusText(unit)}</td>}
                  {analytics?.available && <td>{unit ? format(unit.disagreement) : '–'}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div class="decisions">
        <form
          class="decision"
          aria-label="Approve"
          onSubmit={(e) => {
            e.preventDefault();
            decide('approve');
          }}
        >
          <label for="approve-comment">Comment (optional)</label>
          <input id="approve-comment" type="text" value={approveComment} onInput={(e) => setApproveComment((e.target as HTMLInputElement).value)} />
          <button type="submit" class="primary" disabled={busy}>
            Approve
          </button>
        </form>
        <form
          class="decision"
          aria-label="Return to an annotator"
          onSubmit={(e) => {
            e.preventDefault();
            decide('return');
          }}
        >
          <fieldset>
            <legend>Return to</legend>
            {annotators.map((a) => (
              <label class="inline">
                <input type="radio" name="return-to" value={a} checked={returnTo === a} onChange={() => setReturnTo(a)} /> {a}
              </label>
            ))}
          </fieldset>
          <FieldErrors id="return-annotator-error" messages={fieldMessages(error, 'annotator')} />
          <label for="return-comment">What should change (required)</label>
          <textarea
            id="return-comment"
            rows={2}
            value={returnComment}
            aria-invalid={fieldMessages(error, 'comment').length > 0 || undefined}
            aria-describedby={fieldMessages(error, 'comment').length ? 'return-comment-error' : undefined}
            onInput={(e) => setReturnComment((e.target as HTMLTextAreaElement).value)}
          />
          <FieldErrors id="return-comment-error" messages={fieldMessages(error, 'comment')} />
          <button type="submit" disabled={busy || !annotators.length}>
            Return
          </button>
        </form>
      </div>
      <ErrorBox error={error} shownFields={['annotator', 'comment']} />
      <details class="review-content" open>
        <summary>The item</summary>
        {content.loading && <Loading />}
        <ErrorBox error={content.error} onRetry={content.reload} />
        {content.data && <ItemContent content={content.data} />}
      </details>
    </section>
  );
}

export function Review({ queueId }: { queueId: string }) {
  const me = useMe();
  const setup = useAsync(async () => {
    const queue = await api.get<Queue>(`/api/v1/queues/${queueId}`);
    const all_ = await all<ScoreConfig>('/api/v1/score-configs');
    const configs = queue.configs.map((ref) => all_.find((c) => c.id === ref.configId)).filter((c): c is ScoreConfig => !!c);
    return { queue, configs };
  }, [queueId]);
  const items = useAsync(() => api.get<Page<QueueItem>>(`/api/v1/queues/${queueId}/items`, { status: 'IN_REVIEW', limit: 500 }), [queueId]);
  const [analytics, setAnalytics] = useState<Analytics | undefined>();
  const [selected, setSelected] = useState<string | null>(null);
  const [decided, setDecided] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (setup.data) loadAnalytics(queueId, setup.data.configs).then(setAnalytics);
  }, [setup.data]);

  const list = useMemo(() => {
    const open = (items.data?.items ?? []).filter((i) => !decided.includes(i.id));
    if (!analytics?.available) return open;
    const worst = (i: QueueItem) => Math.max(0, ...[...analytics.units.values()].map((m) => m.get(targetKey(i.target))?.disagreement ?? 0));
    return [...open].sort((a, b) => worst(b) - worst(a));
  }, [items.data, decided, analytics]);
  const current = list.find((i) => i.id === selected) ?? list[0];

  if (setup.loading && !setup.data) return <main id="main"><Loading label="Loading the queue…" /></main>;
  if (!setup.data)
    return (
      <main id="main">
        <h1>Review</h1>
        <ErrorBox error={setup.error} onRetry={setup.reload} />
      </main>
    );
  const { queue, configs } = setup.data;
  return (
    <main id="main" class="review-page" tabIndex={-1}>
      <h1>Review · {queue.name}</h1>
      {!queue.reviewers.includes(me.name) && <p class="notice">You ({me.name}) are not a reviewer of this queue: the service will refuse your decisions.</p>}
      <p class="visually-hidden" role="status" aria-live="polite">
        {message}
      </p>
      {message && <p class="notice">{message}</p>}
      <AgreementSummary analytics={analytics} configs={configs} />
      {items.loading && !items.data && <Loading label="Loading items in review…" />}
      <ErrorBox error={items.error} onRetry={items.reload} />
      {items.data && list.length === 0 && <Empty>No items are waiting for review.</Empty>}
      {list.length > 0 && current && (
        <div class="review-layout">
          <nav class="review-list" aria-label="Items in review">
            <h2>In review ({list.length})</h2>
            <ul>
              {list.map((i) => (
                <li>
                  <button type="button" class={i.id === current.id ? 'selected' : ''} aria-current={i.id === current.id ? 'true' : undefined} onClick={() => setSelected(i.id)}>
                    {targetLabel(i.target)}
                    <span class="muted"> · {i.submittedBy.join(', ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <ItemReview
            key={current.id}
            queue={queue}
            item={current}
            configs={configs}
            analytics={analytics}
            onDecided={(text) => {
              setDecided((d) => [...d, current.id]);
              setSelected(null);
              setMessage(text);
            }}
          />
        </div>
      )}
    </main>
  );
}
