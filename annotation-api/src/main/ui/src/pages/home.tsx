import { useEffect } from 'preact/hooks';
import { all, api } from '../api';
import { Empty, ErrorBox, Loading, useAsync } from '../components';
import { Markdown } from '../markdown';
import { Link } from '../router';
import { useMe } from '../session';
import type { ItemStatus, Progress, Queue } from '../types';

const SEGMENTS: { status: ItemStatus; label: string }[] = [
  { status: 'COMPLETED', label: 'completed' },
  { status: 'APPROVED', label: 'approved' },
  { status: 'IN_REVIEW', label: 'in review' },
  { status: 'RESERVED', label: 'reserved' },
  { status: 'PENDING', label: 'pending' },
];

export function ProgressBar({ progress }: { progress: Progress }) {
  const total = Math.max(progress.items, 1);
  const counts = SEGMENTS.map((s) => ({ ...s, count: progress.byStatus[s.status] ?? 0 }));
  const summary = counts.map((c) => `${c.count} ${c.label}`).join(', ');
  return (
    <div class="progress">
      <div class="progress-bar" role="img" aria-label={`${progress.items} items: ${summary}`}>
        {counts
          .filter((c) => c.count > 0)
          .map((c) => (
            <span class={'seg seg-' + c.status.toLowerCase()} style={{ width: (c.count / total) * 100 + '%' }} />
          ))}
      </div>
      <ul class="legend" aria-hidden="true">
        {counts.map((c) => (
          <li>
            <span class={'swatch seg-' + c.status.toLowerCase()} /> {c.count} {c.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

function QueueCard({ queue }: { queue: Queue }) {
  const me = useMe();
  const progress = useAsync(() => api.get<Progress>(`/api/v1/queues/${queue.id}/progress`), [queue.id]);
  const annotates = queue.annotators.includes(me.name) && (me.role === 'ANNOTATOR' || me.role === 'ADMIN');
  const reviews = queue.reviewers.includes(me.name) && (me.role === 'REVIEWER' || me.role === 'ADMIN');
  const mine = progress.data?.annotators.find((a) => a.name === me.name);
  return (
    <li class="queue-card" aria-labelledby={'queue-' + queue.id}>
      <h2 id={'queue-' + queue.id}>
        {queue.name} {queue.status !== 'ACTIVE' && <span class="badge badge-paused">{queue.status.toLowerCase()}</span>}
      </h2>
      {progress.loading && !progress.data && <Loading label="Loading progress…" />}
      <ErrorBox error={progress.error} onRetry={progress.reload} />
      {progress.data && <ProgressBar progress={progress.data} />}
      {mine && (
        <p class="muted">
          You: {mine.submitted} submitted, {mine.designatedPending} waiting for you{mine.skipped ? `, ${mine.skipped} skipped` : ''}.
        </p>
      )}
      {queue.description && (
        <details class="instructions">
          <summary>Instructions</summary>
          <Markdown text={queue.description} />
        </details>
      )}
      <div class="actions">
        {annotates && queue.status === 'ACTIVE' && (
          <Link class="button primary" href={`/queues/${queue.id}`} aria-label={`Start ${queue.name}`}>
            Start
          </Link>
        )}
        {annotates && queue.status !== 'ACTIVE' && <span class="muted">Paused: no items are handed out.</span>}
        {reviews && queue.reviewRequired && (
          <Link class="button" href={`/queues/${queue.id}/review`} aria-label={`Review ${queue.name}`}>
            Review
          </Link>
        )}
      </div>
    </li>
  );
}

export function Home() {
  const me = useMe();
  const queues = useAsync(() => all<Queue>('/api/v1/queues'), []);
  const visible = (queues.data ?? []).filter((q) => q.status !== 'ARCHIVED');
  const mine = visible.filter((q) => q.annotators.includes(me.name) || q.reviewers.includes(me.name));
  const others = me.role === 'ADMIN' ? visible.filter((q) => !mine.includes(q)) : [];
  // User Timing for the benchmark's "first load": the queue list is on screen
  useEffect(() => {
    if (queues.data && !performance.getEntriesByName('ui:home-ready').length) performance.mark('ui:home-ready');
  }, [queues.data]);
  return (
    <main id="main" tabIndex={-1}>
      <h1>Your queues</h1>
      {queues.loading && <Loading label="Loading queues…" />}
      <ErrorBox error={queues.error} onRetry={queues.reload} />
      {queues.data && mine.length === 0 && (
        <Empty>
          No queue lists <strong>{me.name}</strong> as an annotator or reviewer yet.
          {me.role === 'ADMIN' ? ' Add members under Manage queues.' : ' Ask an admin to add you.'}
        </Empty>
      )}
      <ul class="queue-list">
        {mine.map((q) => (
          <QueueCard key={q.id} queue={q} />
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <h2>Other queues in this project</h2>
          <ul class="queue-list">
            {others.map((q) => (
              <QueueCard key={q.id} queue={q} />
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
