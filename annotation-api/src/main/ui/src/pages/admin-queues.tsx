// Queues (ADMIN): create, edit members and settings, add items by span filter (a background job whose
// progress is shown) or by trace id, and see where a queue stands.
import { useEffect, useState } from 'preact/hooks';
import { all, api } from '../api';
import { ErrorBox, FieldErrors, Loading, fieldMessages, useAsync } from '../components';
import { Link } from '../router';
import type { Job, Progress, Queue, ScoreConfig, Strategy } from '../types';
import { ProgressBar } from './home';

const names = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function Errors({ error, field, id }: { error: unknown; field: string; id: string }) {
  return <FieldErrors id={id} messages={fieldMessages(error, field)} />;
}

function CreateQueue({ configs, onCreated }: { configs: ScoreConfig[]; onCreated: () => void }) {
  const live = configs.filter((c) => !c.archived);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [required, setRequired] = useState<string[]>([]);
  const [optional, setOptional] = useState<string[]>([]);
  const [annotators, setAnnotators] = useState('');
  const [reviewers, setReviewers] = useState('');
  const [strategy, setStrategy] = useState<Strategy>('LOAD_BALANCED');
  const [perItem, setPerItem] = useState('1');
  const [timeout, setTimeoutSeconds] = useState('600');
  const [review, setReview] = useState(false);
  const [suggestions, setSuggestions] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/api/v1/queues', {
        name,
        description,
        scoreConfigIds: required,
        optionalScoreConfigIds: optional,
        annotators: names(annotators),
        reviewers: names(reviewers),
        strategy,
        annotatorsPerItem: Number(perItem),
        reservationTimeoutSeconds: Number(timeout),
        reviewRequired: review,
        showSuggestions: suggestions,
      });
      setName('');
      setDescription('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const invalid = (field: string) => fieldMessages(error, field).length > 0 || undefined;
  const describe = (field: string) => (fieldMessages(error, field).length ? 'nq-' + field + '-error' : undefined);
  return (
    <form class="inline-form queue-form" onSubmit={submit} aria-label="Create a queue">
      <div class="form-row">
        <label for="nq-name">Name</label>
        <input id="nq-name" type="text" value={name} aria-invalid={invalid('name')} aria-describedby={describe('name')} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <Errors error={error} field="name" id="nq-name-error" />
      </div>
      <div class="form-row">
        <label for="nq-description">Instructions (markdown)</label>
        <textarea id="nq-description" rows={3} value={description} aria-invalid={invalid('description')} aria-describedby={describe('description')} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} />
        <Errors error={error} field="description" id="nq-description-error" />
      </div>
      <fieldset>
        <legend>Score configs</legend>
        {live.length === 0 && <p class="muted">Create a score config first.</p>}
        {live.map((c) => (
          <div class="config-choice">
            <span>{c.name}</span>
            <label class="inline">
              <input type="checkbox" checked={required.includes(c.id)} onChange={() => { setRequired(toggle(required, c.id)); setOptional(optional.filter((x) => x !== c.id)); }} /> required
            </label>
            <label class="inline">
              <input type="checkbox" checked={optional.includes(c.id)} onChange={() => { setOptional(toggle(optional, c.id)); setRequired(required.filter((x) => x !== c.id)); }} /> optional
            </label>
          </div>
        ))}
        <Errors error={error} field="scoreConfigIds" id="nq-configs-error" />
        <Errors error={error} field="optionalScoreConfigIds" id="nq-optional-error" />
      </fieldset>
      <div class="form-row">
        <label for="nq-annotators">Annotators (key names, one per line or comma-separated)</label>
        <textarea id="nq-annotators" rows={2} value={annotators} aria-invalid={invalid('annotators')} aria-describedby={describe('annotators')} onInput={(e) => setAnnotators((e.target as HTMLTextAreaElement).value)} />
        <Errors error={error} field="annotators" id="nq-annotators-error" />
      </div>
      <div class="form-row">
        <label for="nq-reviewers">Reviewers</label>
        <textarea id="nq-reviewers" rows={1} value={reviewers} aria-invalid={invalid('reviewers')} aria-describedby={describe('reviewers')} onInput={(e) => setReviewers((e.target as HTMLTextAreaElement).value)} />
        <Errors error={error} field="reviewers" id="nq-reviewers-error" />
      </div>
      <div class="form-row">
        <label for="nq-strategy">Assignment</label>
        <select id="nq-strategy" value={strategy} onChange={(e) => setStrategy((e.target as HTMLSelectElement).value as Strategy)}>
          <option value="LOAD_BALANCED">LOAD_BALANCED: least open work first</option>
          <option value="ROUND_ROBIN">ROUND_ROBIN: in list order</option>
          <option value="MANUAL">MANUAL: an admin assigns</option>
        </select>
        <Errors error={error} field="strategy" id="nq-strategy-error" />
      </div>
      <div class="form-row">
        <label for="nq-per-item">Annotators per item (1–10)</label>
        <input id="nq-per-item" type="number" min={1} max={10} value={perItem} aria-invalid={invalid('annotatorsPerItem')} aria-describedby={describe('annotatorsPerItem')} onInput={(e) => setPerItem((e.target as HTMLInputElement).value)} />
        <Errors error={error} field="annotatorsPerItem" id="nq-annotatorsPerItem-error" />
      </div>
      <div class="form-row">
        <label for="nq-timeout">Reservation timeout (seconds)</label>
        <input id="nq-timeout" type="number" min={1} value={timeout} aria-invalid={invalid('reservationTimeoutSeconds')} aria-describedby={describe('reservationTimeoutSeconds')} onInput={(e) => setTimeoutSeconds((e.target as HTMLInputElement).value)} />
        <Errors error={error} field="reservationTimeoutSeconds" id="nq-reservationTimeoutSeconds-error" />
      </div>
      <label class="inline">
        <input type="checkbox" checked={review} onChange={() => setReview(!review)} /> Review step (a reviewer approves or returns each completed item)
      </label>
      <label class="inline">
        <input type="checkbox" checked={suggestions} onChange={() => setSuggestions(!suggestions)} /> Show LLM and CODE scores as suggestions (anchors judgements; off by default)
      </label>
      <ErrorBox error={error} shownFields={['name', 'description', 'scoreConfigIds', 'optionalScoreConfigIds', 'annotators', 'reviewers', 'strategy', 'annotatorsPerItem', 'reservationTimeoutSeconds']} />
      <button type="submit" class="primary">
        Create queue
      </button>
    </form>
  );
}

function EditQueue({ queue, onSaved }: { queue: Queue; onSaved: () => void }) {
  const [annotators, setAnnotators] = useState(queue.annotators.join('\n'));
  const [reviewers, setReviewers] = useState(queue.reviewers.join('\n'));
  const [description, setDescription] = useState(queue.description);
  const [timeout, setTimeoutSeconds] = useState(String(queue.reservationTimeoutSeconds));
  const [suggestions, setSuggestions] = useState(queue.showSuggestions === true);
  const [status, setStatus] = useState(queue.status);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const id = queue.id.slice(0, 8);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved('');
    try {
      await api.patch(`/api/v1/queues/${queue.id}`, {
        annotators: names(annotators),
        reviewers: names(reviewers),
        description,
        reservationTimeoutSeconds: Number(timeout),
        showSuggestions: suggestions,
        status,
      });
      setSaved('Saved.');
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="inline-form" onSubmit={save} aria-label={'Settings of ' + queue.name}>
      <h3>Members and settings</h3>
      <div class="form-row">
        <label for={`eq-${id}-annotators`}>Annotators</label>
        <textarea id={`eq-${id}-annotators`} rows={3} value={annotators} onInput={(e) => setAnnotators((e.target as HTMLTextAreaElement).value)} />
        <Errors error={error} field="annotators" id={`eq-${id}-annotators-error`} />
      </div>
      <div class="form-row">
        <label for={`eq-${id}-reviewers`}>Reviewers</label>
        <textarea id={`eq-${id}-reviewers`} rows={2} value={reviewers} onInput={(e) => setReviewers((e.target as HTMLTextAreaElement).value)} />
        <Errors error={error} field="reviewers" id={`eq-${id}-reviewers-error`} />
      </div>
      <div class="form-row">
        <label for={`eq-${id}-description`}>Instructions (markdown)</label>
        <textarea id={`eq-${id}-description`} rows={3} value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} />
        <Errors error={error} field="description" id={`eq-${id}-description-error`} />
      </div>
      <div class="form-row">
        <label for={`eq-${id}-timeout`}>Reservation timeout (seconds)</label>
        <input id={`eq-${id}-timeout`} type="number" value={timeout} onInput={(e) => setTimeoutSeconds((e.target as HTMLInputElement).value)} />
        <Errors error={error} field="reservationTimeoutSeconds" id={`eq-${id}-timeout-error`} />
      </div>
      <div class="form-row">
        <label for={`eq-${id}-status`}>Status</label>
        <select id={`eq-${id}-status`} value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as Queue['status'])}>
          <option value="ACTIVE">ACTIVE</option>
          <option value="PAUSED">PAUSED (next hands out nothing)</option>
          <option value="ARCHIVED">ARCHIVED (no items may be added)</option>
        </select>
      </div>
      <label class="inline">
        <input type="checkbox" checked={suggestions} onChange={() => setSuggestions(!suggestions)} /> Show LLM and CODE scores as suggestions
      </label>
      <ErrorBox error={error} shownFields={['annotators', 'reviewers', 'description', 'reservationTimeoutSeconds']} />
      <button type="submit">Save settings</button> <span role="status">{saved}</span>
    </form>
  );
}

function AddItems({ queue, onAdded }: { queue: Queue; onAdded: () => void }) {
  const [mode, setMode] = useState<'filter' | 'traces'>('filter');
  const [filter, setFilter] = useState({ from: '', to: '', service: '', name: '', queue: queue.name, candidate: '', lacksScore: '', attributes: '' });
  const [traceIds, setTraceIds] = useState('');
  const [priority, setPriority] = useState('0');
  const [job, setJob] = useState<Job | null>(null);
  const [result, setResult] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = queue.id.slice(0, 8);

  // a running job is polled once a second until it is DONE or FAILED
  useEffect(() => {
    if (!job || job.status !== 'RUNNING') return;
    const timer = setTimeout(async () => {
      try {
        const next = await api.get<Job>(`/api/v1/queues/${queue.id}/jobs/${job.id}`);
        setJob(next);
        if (next.status !== 'RUNNING') onAdded();
      } catch (err) {
        setError(err);
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [job]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult('');
    try {
      if (mode === 'traces') {
        const targets = names(traceIds).map((traceId) => ({ type: 'TRACE', traceId }));
        const added = await api.post<{ added: number; alreadyQueued: number }>(`/api/v1/queues/${queue.id}/items`, { targets, priority: Number(priority) });
        setResult(`${added.added} added, ${added.alreadyQueued} already queued.`);
        onAdded();
      } else {
        const body: Record<string, unknown> = {};
        if (filter.from) body.from = new Date(filter.from).toISOString();
        if (filter.to) body.to = new Date(filter.to).toISOString();
        for (const key of ['service', 'name', 'queue'] as const) if (filter[key].trim()) body[key] = filter[key].trim();
        if (filter.candidate) body.candidate = filter.candidate === 'true';
        if (filter.lacksScore.trim()) body.lacksScore = names(filter.lacksScore);
        const attributes = names(filter.attributes.replace(/,/g, '\n'));
        if (attributes.length) body.attributes = Object.fromEntries(attributes.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
        setJob(await api.post<Job>(`/api/v1/queues/${queue.id}/items`, { filter: body, priority: Number(priority) }));
      }
    } catch (err) {
      setError(err);
    }
  };
  const field = (key: keyof typeof filter, label: string, type: 'text' | 'datetime-local' = 'text') => (
    <div class="form-row">
      <label for={`ai-${id}-${key}`}>{label}</label>
      <input id={`ai-${id}-${key}`} type={type as 'text'} value={filter[key]} onInput={(e) => setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value })} />
      <Errors error={error} field={'filter.' + key} id={`ai-${id}-${key}-error`} />
    </div>
  );
  return (
    <form class="inline-form" onSubmit={submit} aria-label={'Add items to ' + queue.name}>
      <h3>Add items</h3>
      <fieldset>
        <legend>By</legend>
        <label class="inline">
          <input type="radio" name={`ai-${id}-mode`} checked={mode === 'filter'} onChange={() => setMode('filter')} /> span filter (background job)
        </label>
        <label class="inline">
          <input type="radio" name={`ai-${id}-mode`} checked={mode === 'traces'} onChange={() => setMode('traces')} /> trace ids
        </label>
      </fieldset>
      {mode === 'filter' ? (
        <>
          {field('from', 'From', 'datetime-local')}
          {field('to', 'To', 'datetime-local')}
          {field('service', 'Service')}
          {field('name', 'Span name')}
          {field('queue', 'Tagged for queue (annotation.queue)')}
          <div class="form-row">
            <label for={`ai-${id}-candidate`}>Review candidate</label>
            <select id={`ai-${id}-candidate`} value={filter.candidate} onChange={(e) => setFilter({ ...filter, candidate: (e.target as HTMLSelectElement).value })}>
              <option value="">any</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          </div>
          {field('lacksScore', 'Lacks a score named (comma-separated)')}
          {field('attributes', 'Attributes key=value (comma-separated)')}
        </>
      ) : (
        <div class="form-row">
          <label for={`ai-${id}-traces`}>Trace ids (one per line)</label>
          <textarea id={`ai-${id}-traces`} rows={3} value={traceIds} onInput={(e) => setTraceIds((e.target as HTMLTextAreaElement).value)} />
          <Errors error={error} field="targets" id={`ai-${id}-traces-error`} />
        </div>
      )}
      <div class="form-row">
        <label for={`ai-${id}-priority`}>Priority (higher first)</label>
        <input id={`ai-${id}-priority`} type="number" value={priority} onInput={(e) => setPriority((e.target as HTMLInputElement).value)} />
      </div>
      <ErrorBox error={error} shownFields={['targets', 'filter.from', 'filter.to', 'filter.service', 'filter.name', 'filter.queue', 'filter.lacksScore', 'filter.attributes']} />
      <button type="submit">{mode === 'filter' ? 'Start adding' : 'Add'}</button>
      <p role="status" class="job-status">
        {result}
        {job && `Job ${job.status.toLowerCase()}: ${job.matched} spans matched, ${job.added} added, ${job.alreadyQueued} already queued${job.error ? ' — ' + job.error : ''}.`}
      </p>
      {job && job.status === 'RUNNING' && <progress aria-label="Adding items" />}
    </form>
  );
}

function QueueAdmin({ queue, onChanged }: { queue: Queue; onChanged: () => void }) {
  const progress = useAsync(() => api.get<Progress>(`/api/v1/queues/${queue.id}/progress`), [queue.id]);
  return (
    <section class="queue-admin" aria-label={'Queue ' + queue.name}>
      <h2>
        {queue.name} <span class="muted">· {queue.strategy} · {queue.annotatorsPerItem} per item · {queue.status.toLowerCase()}</span>
      </h2>
      <p>
        <Link href={`/queues/${queue.id}`}>Workspace</Link> {queue.reviewRequired && <Link href={`/queues/${queue.id}/review`}>Review</Link>}
      </p>
      {progress.data && <ProgressBar progress={progress.data} />}
      <ErrorBox error={progress.error} onRetry={progress.reload} />
      <div class="two-columns">
        <EditQueue queue={queue} onSaved={onChanged} />
        <AddItems queue={queue} onAdded={progress.reload} />
      </div>
    </section>
  );
}

export function AdminQueues() {
  const queues = useAsync(() => all<Queue>('/api/v1/queues'), []);
  const configs = useAsync(() => all<ScoreConfig>('/api/v1/score-configs'), []);
  const [selected, setSelected] = useState<string>('');
  const current = (queues.data ?? []).find((q) => q.id === selected);
  return (
    <main id="main" class="admin" tabIndex={-1}>
      <h1>Manage queues</h1>
      <details class="create-queue">
        <summary>Create a queue</summary>
        {configs.data && (
          <CreateQueue
            configs={configs.data}
            onCreated={() => {
              queues.reload();
            }}
          />
        )}
        <ErrorBox error={configs.error} onRetry={configs.reload} />
      </details>
      {queues.loading && !queues.data && <Loading />}
      <ErrorBox error={queues.error} onRetry={queues.reload} />
      {queues.data && (
        <div class="form-row">
          <label for="queue-select">Queue</label>
          <select id="queue-select" value={selected} onChange={(e) => setSelected((e.target as HTMLSelectElement).value)}>
            <option value="">Choose a queue…</option>
            {queues.data.map((q) => (
              <option value={q.id}>
                {q.name} ({q.status.toLowerCase()})
              </option>
            ))}
          </select>
        </div>
      )}
      {current && <QueueAdmin key={current.id} queue={current} onChanged={queues.reload} />}
    </main>
  );
}
