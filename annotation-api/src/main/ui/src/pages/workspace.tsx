// The queue workspace: `next` reserves an item and shows it for reading; the score form is generated from
// the queue's configs; everything works from the keyboard. Blind: nobody else's scores on the item are shown
// before one's own submission; after it, the previous item's scores are revealed beside the next one.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { all, api, ApiError, serverNow } from '../api';
import { Empty, ErrorBox, Loading, Modal, formatTime, scoreText, useAsync } from '../components';
import { Markdown } from '../markdown';
import { Link } from '../router';
import { ScoreBadges, targetLabel, targetQuery } from '../scores';
import { ScoreField, contentOf, emptyField, focusField, fromScore, isEmpty, keyHint, pickByKey, type FieldState } from '../scorefield';
import { useMe } from '../session';
import type { Page, Queue, Reservation, Score, ScoreConfig, Target } from '../types';
import { ItemContent, loadContent, type Content } from './item-content';

/** User Timing names: the benchmark reads the measure (time from calling `next` to the item on screen). */
export const NEXT_MARK = 'ui:next';
export const RENDERED_MEASURE = 'ui:next-to-render';
const FETCHED_MARK = 'ui:fetched';

interface Field {
  config: ScoreConfig;
  required: boolean;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'item'; reservation: Reservation; content: Content }
  | { kind: 'empty' }
  | { kind: 'paused' }
  | { kind: 'released' }
  | { kind: 'error'; error: unknown };

interface Revealed {
  target: Target;
  scores?: Score[];
  error?: unknown;
}

function Countdown({ expiresAt, onExpired }: { expiresAt: string; onExpired: () => void }) {
  const end = Date.parse(expiresAt);
  const [left, setLeft] = useState(() => end - serverNow());
  useEffect(() => {
    const tick = () => {
      const remaining = end - serverNow();
      setLeft(remaining);
      if (remaining <= 0) onExpired();
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  const seconds = Math.max(0, Math.ceil(left / 1000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <span class={'countdown' + (seconds <= 60 ? ' urgent' : '')} role="timer" aria-label={`Reservation: ${text} left`}>
      Reserved for you · <strong>{text}</strong> left
    </span>
  );
}

const KEYS: [string, string][] = [
  ['Ctrl/⌘ + Enter', 'submit and load the next item'],
  ['↑ / ↓', 'previous / next field (inside the span tree: move between spans)'],
  ['1–9, 0', "pick a category (or the config's own hotkeys), a star (0 = 10), thumbs 1 up / 2 down"],
  ['A', "accept the active field's suggestion"],
  ['C', 'add a comment to the active field'],
  ['S', 'skip the item (asks for a reason)'],
  ['R', 'release the item back to the queue'],
  ['N', 'take the next item (after a release or an expiry)'],
  ['Esc', 'leave a text field; close a dialog'],
  ['?', 'this cheat sheet'],
];

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target.isContentEditable) return true;
  return target instanceof HTMLInputElement && ['text', 'search', 'number', 'password', 'email', 'url'].includes(target.type);
}

export function Workspace({ queueId }: { queueId: string }) {
  const me = useMe();
  const setup = useAsync(async () => {
    const queue = await api.get<Queue>(`/api/v1/queues/${queueId}`);
    const configs = await all<ScoreConfig>('/api/v1/score-configs');
    const byId = new Map(configs.map((c) => [c.id, c]));
    const fields: Field[] = queue.configs.flatMap((ref) => (byId.has(ref.configId) ? [{ config: byId.get(ref.configId)!, required: ref.required }] : []));
    return { queue, fields };
  }, [queueId]);

  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [values, setValuesState] = useState<Record<string, FieldState>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [active, setActiveState] = useState(0);
  // keys can arrive faster than renders: the handler reads and writes these mirrors, never a stale render's state
  const activeRef = useRef(0);
  const valuesRef = useRef<Record<string, FieldState>>({});
  const setActive = (index: number) => {
    activeRef.current = index;
    setActiveState(index);
  };
  const setValues = (next: Record<string, FieldState>) => {
    valuesRef.current = next;
    setValuesState(next);
  };
  const [expired, setExpired] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [dialog, setDialog] = useState<'none' | 'skip' | 'help'>('none');
  const [skipReason, setSkipReason] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const drafts = useRef(new Map<string, Record<string, FieldState>>());
  const formRef = useRef<HTMLFormElement>(null);
  const fields = setup.data?.fields ?? [];
  const queue = setup.data?.queue;

  const suggestions = useMemo(() => {
    const map = new Map<string, Score>();
    if (!queue?.showSuggestions || phase.kind !== 'item') return map;
    for (const field of fields) {
      const candidates = phase.content.targetScores
        .filter((s) => s.annotatorKind !== 'HUMAN' && (s.configId === field.config.id || (!s.configId && s.name === field.config.name)))
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
      if (candidates.length) map.set(field.config.id, candidates[0]);
    }
    return map;
  }, [phase, queue, fields]);

  // at once when the field is on screen (keys typed right after an arrow must land in it), else after the render
  const focusActive = (index: number) => {
    const field = () => formRef.current?.querySelector<HTMLElement>(`[data-field-index="${index}"]`);
    if (field()) focusField(field());
    else requestAnimationFrame(() => focusField(field()));
  };

  const next = async () => {
    performance.clearMarks(NEXT_MARK);
    performance.mark(NEXT_MARK);
    setPhase({ kind: 'loading' });
    setExpired(null);
    setFormError(null);
    setErrors({});
    try {
      const reservation = await api.post<Reservation | undefined>(`/api/v1/queues/${queueId}/next`, {});
      if (!reservation) {
        setPhase({ kind: queue?.status === 'PAUSED' ? 'paused' : 'empty' });
        return;
      }
      const content = await loadContent(reservation.target, queue?.showSuggestions === true);
      performance.clearMarks(FETCHED_MARK);
      performance.mark(FETCHED_MARK);
      const draft = drafts.current.get(reservation.item.id);
      setValues(draft ?? Object.fromEntries(fields.map((f) => [f.config.id, emptyField()])));
      setActive(0);
      setPhase({ kind: 'item', reservation, content });
    } catch (e) {
      setPhase({ kind: 'error', error: e });
    }
  };

  // the first item as soon as the queue's configs are known
  useEffect(() => {
    if (setup.data) next();
  }, [setup.data]);

  // measure once the item is on screen: after the commit, at the next frame's paint
  useEffect(() => {
    if (phase.kind !== 'item') return;
    focusActive(0);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (performance.getEntriesByName(NEXT_MARK).length) {
          performance.measure(RENDERED_MEASURE, NEXT_MARK);
          if (performance.getEntriesByName(FETCHED_MARK).length) performance.measure('ui:fetch-to-render', FETCHED_MARK);
          performance.clearMarks(NEXT_MARK);
        }
      }),
    );
  }, [phase]);

  // keep the draft of the item in hand, so an expired item taken again keeps its answers
  useEffect(() => {
    if (phase.kind === 'item') drafts.current.set(phase.reservation.item.id, values);
  }, [values, phase]);

  const setField = (configId: string, state: FieldState) => {
    setValues({ ...valuesRef.current, [configId]: state });
    setErrors((e) => (e[configId]?.length ? { ...e, [configId]: [] } : e));
  };

  const accept = (index: number) => {
    const field = fields[index];
    const suggestion = field && suggestions.get(field.config.id);
    if (!suggestion) return;
    setField(field.config.id, { ...(valuesRef.current[field.config.id] ?? emptyField()), v: fromScore(field.config, suggestion), suggestionAccepted: true });
    setAnnouncement(`Accepted the suggestion for ${field.config.name}.`);
  };

  const reveal = async (target: Target) => {
    setRevealed({ target });
    try {
      const page = await api.get<Page<Score>>('/api/v1/scores', { ...targetQuery(target), queueId, limit: 1000 });
      setRevealed({ target, scores: page.items });
    } catch (error) {
      setRevealed({ target, error });
    }
  };

  const explainEnded = (detail: string) => {
    setExpired(detail);
    setAnnouncement('Your reservation ended: ' + detail);
  };

  const submit = async () => {
    if (phase.kind !== 'item' || busy) return;
    const problems: Record<string, string[]> = {};
    const scores: { configId: string; value?: number; label?: string; labels?: string[]; comment?: string; metadata?: Record<string, string> }[] = [];
    for (const field of fields) {
      const state = valuesRef.current[field.config.id] ?? emptyField();
      if (isEmpty(field.config, state.v)) {
        if (field.required) problems[field.config.id] = ['Required: give ' + field.config.name + ' a value.'];
        // a comment is stored with its score: never drop one silently
        else if (state.comment.trim()) problems[field.config.id] = ['A comment needs a value: give ' + field.config.name + ' one, or clear the comment.'];
        continue;
      }
      const content = contentOf(field.config, state.v);
      if ('error' in content) {
        problems[field.config.id] = [content.error];
        continue;
      }
      const suggestion = suggestions.get(field.config.id);
      const metadata = suggestion
        ? { 'suggestion.shown': 'true', 'suggestion.accepted': String(state.suggestionAccepted === true), 'suggestion.scoreId': suggestion.id, 'suggestion.author': suggestion.author }
        : undefined;
      scores.push({ configId: field.config.id, ...content, comment: state.comment.trim() || undefined, metadata });
    }
    if (Object.keys(problems).length) {
      setErrors(problems);
      const first = fields.findIndex((f) => problems[f.config.id]);
      setActive(first);
      focusActive(first);
      setAnnouncement('Not submitted: ' + Object.values(problems).flat().join(' '));
      return;
    }
    setBusy(true);
    setFormError(null);
    const { reservation } = phase;
    try {
      await api.post(`/api/v1/queues/${queueId}/items/${reservation.item.id}/submit`, { scores });
      drafts.current.delete(reservation.item.id);
      setDone((d) => d + 1);
      setAnnouncement('Submitted. Loading the next item.');
      reveal(reservation.target);
      await next();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) explainEnded(e.detail);
      else if (e instanceof ApiError && e.status === 400) {
        const byField: Record<string, string[]> = {};
        const general: { field: string; message: string }[] = [];
        for (const problem of e.errors) {
          const indexed = /^scores\[(\d+)\]/.exec(problem.field);
          const configId = indexed ? scores[Number(indexed[1])]?.configId : fields.find((f) => problem.message.includes(f.config.id))?.config.id;
          if (configId) (byField[configId] ??= []).push(problem.message);
          else general.push(problem);
        }
        setErrors(byField);
        if (general.length || !Object.keys(byField).length) setFormError(new ApiError(400, e.title, e.detail, general));
        const first = fields.findIndex((f) => byField[f.config.id]);
        if (first >= 0) {
          setActive(first);
          focusActive(first);
        }
      } else setFormError(e);
    } finally {
      setBusy(false);
    }
  };

  const release = async () => {
    if (phase.kind !== 'item') return;
    try {
      await api.post(`/api/v1/queues/${queueId}/items/${phase.reservation.item.id}/release`, {});
      drafts.current.delete(phase.reservation.item.id);
      setPhase({ kind: 'released' });
      setAnnouncement('Released: the item went back to the queue.');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) explainEnded(e.detail);
      else setFormError(e);
    }
  };

  const skip = async () => {
    if (phase.kind !== 'item') return;
    setDialog('none');
    try {
      await api.post(`/api/v1/queues/${queueId}/items/${phase.reservation.item.id}/skip`, { reason: skipReason.trim() || undefined });
      drafts.current.delete(phase.reservation.item.id);
      setSkipReason('');
      setAnnouncement('Skipped. Loading the next item.');
      await next();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) explainEnded(e.detail);
      else setFormError(e);
    }
  };

  // one keyboard handler for the page; capture phase, so arrows never move a radio group by accident
  const latest = useRef({ phase, fields, dialog, expired, submit, next, release, accept });
  latest.current = { phase, fields, dialog, expired, submit, next, release, accept };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = latest.current;
      if (s.dialog !== 'none' || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        if (s.phase.kind === 'item') s.submit();
        return;
      }
      if (e.ctrlKey || e.metaKey) return;
      if (target?.closest('[role="tree"]')) return;
      const field = s.fields[activeRef.current];
      const text = isTextInput(target);
      if (text) {
        const singleLine = target instanceof HTMLInputElement;
        if (e.key === 'Escape') {
          e.preventDefault();
          (target!.closest('.score-field') as HTMLElement | null)?.focus();
        } else if (singleLine && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && target!.closest('.score-form')) {
          e.preventDefault();
          const index = Math.max(0, Math.min(s.fields.length - 1, activeRef.current + (e.key === 'ArrowDown' ? 1 : -1)));
          setActive(index);
          focusActive(index);
        }
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        setDialog('help');
        return;
      }
      if (s.phase.kind !== 'item') {
        if (e.key === 'n' || e.key === 'N') {
          e.preventDefault();
          s.next();
        }
        return;
      }
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const index = Math.max(0, Math.min(s.fields.length - 1, activeRef.current + (e.key === 'ArrowDown' ? 1 : -1)));
        setActive(index);
        focusActive(index);
        return;
      }
      if (field && e.key.length === 1) {
        const state = valuesRef.current[field.config.id] ?? emptyField();
        const picked = pickByKey(field.config, state.v, e.key);
        if (picked) {
          e.preventDefault();
          setField(field.config.id, { ...state, v: picked, suggestionAccepted: state.suggestionAccepted === undefined ? undefined : false });
          return;
        }
      }
      switch (e.key.toLowerCase()) {
        case 'a':
          e.preventDefault();
          s.accept(activeRef.current);
          break;
        case 'c':
          if (field) {
            e.preventDefault();
            const state = valuesRef.current[field.config.id] ?? emptyField();
            setField(field.config.id, { ...state, commentOpen: true });
            requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[data-field-index="${activeRef.current}"] .comment textarea`)?.focus());
          }
          break;
        case 's':
          e.preventDefault();
          setDialog('skip');
          break;
        case 'r':
          e.preventDefault();
          s.release();
          break;
        case 'n':
          if (s.expired) {
            e.preventDefault();
            s.next();
          }
          break;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (setup.loading && !setup.data) return <main id="main"><Loading label="Loading the queue…" /></main>;
  if (setup.error || !queue)
    return (
      <main id="main">
        <h1>Queue</h1>
        <ErrorBox error={setup.error} onRetry={setup.reload} />
      </main>
    );

  const annotator = queue.annotators.includes(me.name);
  return (
    <main id="main" class="workspace-page" tabIndex={-1}>
      <div class="workspace-head">
        <h1>
          {queue.name} <span class="muted">· {done} submitted this session</span>
        </h1>
        <div class="head-actions">
          {phase.kind === 'item' && !expired && <Countdown expiresAt={phase.reservation.expiresAt} onExpired={() => explainEnded(`your reservation expired at ${phase.reservation.expiresAt}`)} />}
          <button type="button" class="small" onClick={() => setDialog('help')} aria-keyshortcuts="?">
            Keyboard <kbd aria-hidden="true">?</kbd>
          </button>
          <Link href="/" class="small-link">
            Back to queues
          </Link>
        </div>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {!annotator && <p class="notice">You ({me.name}) are not an annotator of this queue: the service will refuse to hand you items.</p>}
      {queue.description && (
        <details class="instructions">
          <summary>Instructions</summary>
          <Markdown text={queue.description} />
        </details>
      )}
      {revealed && <RevealedPanel revealed={revealed} me={me.name} configs={fields.map((f) => f.config)} />}

      {phase.kind === 'loading' && <Loading label="Reserving the next item…" />}
      {phase.kind === 'error' && <ErrorBox error={phase.error} onRetry={next} />}
      {phase.kind === 'empty' && (
        <div class="done-state">
          <Empty>Nothing left for you in this queue right now. {done > 0 && `You submitted ${done} item${done === 1 ? '' : 's'}. `}Thank you!</Empty>
          <button type="button" onClick={next}>Check again</button> <Link href="/">Back to queues</Link>
        </div>
      )}
      {phase.kind === 'paused' && <Empty>This queue is paused: no items are handed out until an admin resumes it.</Empty>}
      {phase.kind === 'released' && (
        <div class="done-state">
          <p role="status">Released: the item went back to the queue for someone else (or for you later).</p>
          <button type="button" class="primary" onClick={next}>
            Take the next item <kbd aria-hidden="true">N</kbd>
          </button>{' '}
          <Link href="/">Back to queues</Link>
        </div>
      )}

      {phase.kind === 'item' && (
        <div class="workspace">
          <section class="item-pane" aria-label="Item to judge">
            <h2 class="item-title">
              {targetLabel(phase.reservation.target)}{' '}
              {phase.reservation.target.traceId && (
                <Link class="small-link" href={`/traces/${phase.reservation.target.traceId}`} target="_blank">
                  open in explorer
                </Link>
              )}
            </h2>
            {phase.reservation.returned && (
              <p class="notice" role="status">
                A reviewer returned this item to you: <strong>{phase.reservation.returnComment}</strong>
              </p>
            )}
            <ItemContent content={phase.content} />
          </section>
          <form
            ref={formRef}
            class="score-form"
            aria-label="Scores"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <h2>Your judgement</h2>
            {expired && (
              <div class="expired" role="alert">
                <p>
                  <strong>Your reservation ended</strong> ({expired}). The item went back to the queue so that it is never held by more
                  annotators than it needs; your answers are kept here.
                </p>
                <button type="button" class="primary" onClick={next}>
                  Take the next item <kbd aria-hidden="true">N</kbd>
                </button>
                <p class="muted">You may get this item again if it is still open; your answers are then restored.</p>
              </div>
            )}
            {fields.length === 0 && <p class="notice">This queue's score configs could not be read.</p>}
            {fields.map((field, index) => (
              <div onFocusIn={() => setActive(index)}>
                <ScoreField
                  config={field.config}
                  required={field.required}
                  index={index}
                  active={index === active}
                  state={values[field.config.id] ?? emptyField()}
                  onChange={(state) => setField(field.config.id, state)}
                  errors={errors[field.config.id]}
                  suggestion={suggestions.get(field.config.id)}
                  onAccept={() => accept(index)}
                />
              </div>
            ))}
            <ErrorBox error={formError} />
            <div class="form-actions">
              <button type="submit" class="primary" disabled={busy} aria-keyshortcuts="Control+Enter">
                {busy ? 'Submitting…' : 'Submit and next'} <kbd aria-hidden="true">Ctrl+Enter</kbd>
              </button>
              <button type="button" onClick={() => setDialog('skip')} aria-keyshortcuts="S">
                Skip <kbd aria-hidden="true">S</kbd>
              </button>
              <button type="button" onClick={release} aria-keyshortcuts="R">
                Release <kbd aria-hidden="true">R</kbd>
              </button>
            </div>
            <p class="muted reservation-note">
              Reserved until {formatTime(phase.reservation.expiresAt)}. Other annotators' scores stay hidden until you submit.
            </p>
          </form>
        </div>
      )}

      <Modal open={dialog === 'skip'} title="Skip this item" onClose={() => setDialog('none')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            skip();
          }}
        >
          <p>You will not be given this item again.</p>
          <label for="skip-reason">Reason (optional)</label>
          <input id="skip-reason" type="text" value={skipReason} autoFocus onInput={(e) => setSkipReason((e.target as HTMLInputElement).value)} />
          <div class="form-actions">
            <button type="submit" class="primary">
              Skip item
            </button>
            <button type="button" onClick={() => setDialog('none')}>
              Cancel
            </button>
          </div>
        </form>
      </Modal>
      <Modal open={dialog === 'help'} title="Keyboard" onClose={() => setDialog('none')}>
        <table class="cheatsheet">
          <caption class="visually-hidden">Keys of the workspace</caption>
          <tbody>
            {KEYS.map(([key, what]) => (
              <tr>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
            {fields.map((f) => (
              <tr>
                <th scope="row">{f.config.name}</th>
                <td>{keyHint(f.config)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">The active field's own hotkeys come first; letters only act outside text fields.</p>
        <button type="button" onClick={() => setDialog('none')} autoFocus>
          Close
        </button>
      </Modal>
    </main>
  );
}

/** After a submission: everyone's scores on that item in this queue (blind mode ends with one's own). */
function RevealedPanel({ revealed, me, configs }: { revealed: Revealed; me: string; configs: ScoreConfig[] }) {
  const names = new Set(configs.map((c) => c.name));
  const scores = (revealed.scores ?? []).filter((s) => names.has(s.name));
  return (
    <aside class="revealed" aria-label="Your previous item">
      <h2>
        Previous item: {targetLabel(revealed.target)}{' '}
        {revealed.target.traceId && (
          <Link class="small-link" href={`/traces/${revealed.target.traceId}`}>
            open
          </Link>
        )}
      </h2>
      {!revealed.scores && !revealed.error && <Loading label="Loading everyone's scores…" />}
      <ErrorBox error={revealed.error} />
      {revealed.scores && (
        <ul>
          {scores.map((s) => (
            <li>
              <strong>{s.author === me ? 'you' : s.author}</strong>: {s.name} = {scoreText(s)} <ScoreBadges score={s} />
              {s.comment && <span class="muted"> — {s.comment}</span>}
            </li>
          ))}
          {scores.every((s) => s.author === me) && <li class="muted">No one else has scored it in this queue yet.</li>}
        </ul>
      )}
    </aside>
  );
}
