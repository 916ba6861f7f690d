// Every score on one target, grouped by name and author, with source and kind badges; one's own scores
// can be added, edited and deleted inline (from the project's live configs), and any score's history read.
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { Badge, Empty, ErrorBox, Loading, formatTime, scoreText, useAsync, useId } from './components';
import { ScoreField, contentOf, emptyField, fromScore, type FieldState } from './scorefield';
import type { Me, Page, Score, ScoreConfig, Target } from './types';

export function targetQuery(target: Target): Record<string, string> {
  const query: Record<string, string> = { targetType: target.type };
  if (target.traceId) query.traceId = target.traceId;
  if (target.spanId) query.spanId = target.spanId;
  if (target.sessionId) query.sessionId = target.sessionId;
  if (target.datasetId) query.datasetId = target.datasetId;
  if (target.itemId) query.itemId = target.itemId;
  return query;
}

export function targetLabel(target: Target): string {
  switch (target.type) {
    case 'TRACE':
      return 'trace ' + target.traceId;
    case 'SPAN':
      return 'span ' + target.spanId + ' of trace ' + target.traceId;
    case 'SESSION':
      return 'session ' + target.sessionId;
    case 'DATASET_ITEM':
      return 'dataset item ' + target.itemId + ' of ' + target.datasetId;
    default:
      return target.type.toLowerCase();
  }
}

const SOURCE_NAMES: Record<string, string> = { ANNOTATION: 'annotation', EVAL: 'eval', FEEDBACK: 'feedback', API: 'api' };

export function ScoreBadges({ score }: { score: Score }) {
  return (
    <>
      <Badge kind={'source-' + score.source}>{SOURCE_NAMES[score.source] ?? score.source}</Badge>
      <Badge kind={'kind-' + score.annotatorKind}>{score.annotatorKind.toLowerCase()}</Badge>
    </>
  );
}

function mayEdit(score: Score, me: Me): boolean {
  return me.role === 'ADMIN' || (me.role !== 'VIEWER' && score.author === me.name && (score.source === 'API' || score.source === 'ANNOTATION'));
}

function History({ score }: { score: Score }) {
  const history = useAsync(() => api.get<{ items?: Score[]; versions?: Score[] } | Score[]>(`/api/v1/scores/${score.id}/history`), [score.id, score.version]);
  if (history.loading) return <Loading label="Loading history…" />;
  if (history.error) return <ErrorBox error={history.error} onRetry={history.reload} />;
  const data = history.data as any;
  const versions: Score[] = Array.isArray(data) ? data : data?.items ?? data?.versions ?? [];
  return (
    <ol class="history" aria-label={'History of ' + score.name + ' by ' + score.author}>
      {versions.map((v) => (
        <li>
          <span class="muted">{formatTime(v.updatedAt ?? v.timestamp)} · {v.changedBy ?? v.author}</span>{' '}
          {v.deleted ? <em>deleted</em> : <strong>{scoreText(v)}</strong>}
          {v.comment && <span class="muted"> — {v.comment}</span>}
        </li>
      ))}
    </ol>
  );
}

function ScoreRow({ score, config, me, onChanged }: { score: Score; config?: ScoreConfig; me: Me; onChanged: () => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [showHistory, setShowHistory] = useState(false);
  const [field, setField] = useState<FieldState>(emptyField);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable = mayEdit(score, me);

  const startEdit = () => {
    if (!config) return;
    setField({ v: fromScore(config, score), comment: score.comment ?? '', commentOpen: true });
    setError(null);
    setMode('edit');
  };
  const save = async () => {
    if (!config) return;
    const content = contentOf(config, field.v);
    if ('error' in content) {
      setError(new ApiError(400, 'Invalid', '', [{ field: 'value', message: content.error }]));
      return;
    }
    setBusy(true);
    try {
      await api.patch(`/api/v1/scores/${score.id}`, { ...content, comment: field.comment });
      setMode('view');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.del(`/api/v1/scores/${score.id}`);
      onChanged();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const fieldErrors = error instanceof ApiError ? [...error.forField('value'), ...error.forField('label'), ...error.forField('labels')] : [];

  return (
    <li class="score-row" data-score-id={score.id}>
      <div class="score-line">
        <span class="score-author">{score.author}</span> <ScoreBadges score={score} />{' '}
        <strong class="score-value">{scoreText(score)}</strong>
        {score.comment && <span class="score-comment"> — {score.comment}</span>}
        <span class="muted score-time"> · {formatTime(score.updatedAt ?? score.timestamp)}</span>
      </div>
      <div class="score-actions">
        {editable && config && mode === 'view' && (
          <button type="button" class="small" onClick={startEdit} aria-label={`Edit ${score.name} by ${score.author}`}>
            Edit
          </button>
        )}
        {editable && mode === 'view' && (
          <button type="button" class="small danger" onClick={() => setMode('delete')} aria-label={`Delete ${score.name} by ${score.author}`}>
            Delete
          </button>
        )}
        <button type="button" class="small" aria-expanded={showHistory} onClick={() => setShowHistory(!showHistory)} aria-label={`History of ${score.name} by ${score.author}`}>
          History
        </button>
      </div>
      {mode === 'delete' && (
        <div class="confirm" role="group" aria-label="Confirm delete">
          Delete this score? It stays in the history.{' '}
          <button type="button" class="small danger" disabled={busy} onClick={remove}>
            Yes, delete
          </button>{' '}
          <button type="button" class="small" onClick={() => setMode('view')}>
            Cancel
          </button>
        </div>
      )}
      {mode === 'edit' && config && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <ScoreField config={config} state={field} onChange={setField} errors={fieldErrors} hints={false} />
          <ErrorBox error={error} shownFields={['value', 'label', 'labels']} />
          <button type="submit" disabled={busy}>
            Save
          </button>{' '}
          <button type="button" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      )}
      {mode !== 'edit' && <ErrorBox error={error} />}
      {showHistory && <History score={score} />}
    </li>
  );
}

function AddScore({ target, configs, onAdded }: { target: Target; configs: ScoreConfig[]; onAdded: () => void }) {
  const live = configs.filter((c) => !c.archived);
  const selectId = useId('add-score-config');
  const [configId, setConfigId] = useState<string>('');
  const [field, setField] = useState<FieldState>(() => ({ ...emptyField(), commentOpen: false }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const config = live.find((c) => c.id === configId);
  if (!live.length) return <p class="muted">No live score configs in this project: an admin creates them under Admin → Score configs.</p>;
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Add a score
      </button>
    );
  const save = async () => {
    if (!config) {
      setError(new ApiError(400, 'Invalid', '', [{ field: 'configId', message: 'choose a score config' }]));
      return;
    }
    const content = contentOf(config, field.v);
    if ('error' in content) {
      setError(new ApiError(400, 'Invalid', '', [{ field: 'value', message: content.error }]));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/v1/scores', { target, name: config.name, configId: config.id, ...content, comment: field.comment || undefined });
      setField(emptyField());
      setError(null);
      setOpen(false);
      onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fieldErrors = error instanceof ApiError ? [...error.forField('value'), ...error.forField('label'), ...error.forField('labels')] : [];
  const configErrors = error instanceof ApiError ? [...error.forField('configId'), ...error.forField('name')] : [];
  return (
    <form
      class="inline-form add-score"
      aria-label={'Add a score to the ' + target.type.toLowerCase()}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label for={selectId}>Score config</label>
      <select id={selectId} value={configId} aria-invalid={configErrors.length > 0 || undefined} onChange={(e) => { setConfigId((e.target as HTMLSelectElement).value); setField(emptyField()); setError(null); }}>
        <option value="">Choose…</option>
        {live.map((c) => (
          <option value={c.id}>{c.name}</option>
        ))}
      </select>
      {configErrors.map((m) => (
        <p class="field-error" role="alert">{m}</p>
      ))}
      {config && <ScoreField config={config} state={field} onChange={setField} errors={fieldErrors} hints={false} />}
      <ErrorBox error={error} shownFields={['value', 'label', 'labels', 'configId', 'name']} />
      <button type="submit" disabled={busy}>
        Save score
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/** The scores of one target, loaded from the score API so that changes show at once. */
export function ScorePanel({ title, target, configs, me }: { title: string; target: Target; configs: ScoreConfig[]; me: Me }) {
  const scores = useAsync(() => api.get<Page<Score>>('/api/v1/scores', { ...targetQuery(target), limit: 1000 }), [JSON.stringify(target)]);
  const byId = useMemo(() => new Map(configs.map((c) => [c.id, c])), [configs]);
  const byName = useMemo(() => new Map(configs.filter((c) => !c.archived).map((c) => [c.name, c])), [configs]);
  const groups = useMemo(() => {
    const map = new Map<string, Score[]>();
    for (const s of scores.data?.items ?? []) {
      if (!map.has(s.name)) map.set(s.name, []);
      map.get(s.name)!.push(s);
    }
    for (const list of map.values()) list.sort((a, b) => a.author.localeCompare(b.author) || a.timestamp.localeCompare(b.timestamp));
    return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [scores.data]);
  return (
    <section class="score-panel" aria-label={title}>
      <h3>{title}</h3>
      {scores.loading && !scores.data && <Loading label="Loading scores…" />}
      <ErrorBox error={scores.error} onRetry={scores.reload} />
      {scores.data && groups.length === 0 && <Empty>No scores yet.</Empty>}
      {groups.map(([name, list]) => (
        <div class="score-group">
          <h4>
            {name} <span class="muted">({list.length})</span>
          </h4>
          <ul>
            {list.map((s) => (
              <ScoreRow key={s.id + ':' + s.version} score={s} config={(s.configId && byId.get(s.configId)) || byName.get(s.name)} me={me} onChanged={scores.reload} />
            ))}
          </ul>
        </div>
      ))}
      {me.role !== 'VIEWER' && <AddScore target={target} configs={configs} onAdded={scores.reload} />}
    </section>
  );
}
