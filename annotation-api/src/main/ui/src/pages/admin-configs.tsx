// Score configs (ADMIN): create with a live preview of the widget, edit within the safe rules (the API's 409
// says why an edit would invalidate stored scores), archive and restore.
import { useState } from 'preact/hooks';
import { all, api, ApiError } from '../api';
import { Badge, ErrorBox, FieldErrors, Loading, fieldMessages, useAsync } from '../components';
import { ScoreField, emptyField, type FieldState } from '../scorefield';
import type { Category, DataType, ScoreConfig, Widget } from '../types';

const WIDGETS: Record<DataType, Widget[]> = {
  NUMERIC: ['NUMBER', 'SLIDER', 'STARS'],
  CATEGORICAL: ['RADIO', 'CHECKBOX'],
  BOOLEAN: ['THUMBS', 'RADIO'],
  TEXT: ['TEXTAREA'],
};

interface Draft {
  name: string;
  dataType: DataType;
  widget: Widget;
  min: string;
  max: string;
  step: string;
  categories: { label: string; value: string; displayName: string; hotkey: string }[];
  trueLabel: string;
  falseLabel: string;
  maxLength: string;
  direction: 'MAXIMIZE' | 'MINIMIZE' | 'NONE';
  description: string;
}

const blank = (): Draft => ({
  name: '',
  dataType: 'NUMERIC',
  widget: 'NUMBER',
  min: '',
  max: '',
  step: '',
  categories: [{ label: '', value: '1', displayName: '', hotkey: '' }],
  trueLabel: '',
  falseLabel: '',
  maxLength: '',
  direction: 'NONE',
  description: '',
});

function draftOf(config: ScoreConfig): Draft {
  const text = (n: number | undefined) => (n === undefined || n === null ? '' : String(n));
  return {
    name: config.name,
    dataType: config.dataType,
    widget: config.widget,
    min: text(config.min),
    max: text(config.max),
    step: text(config.step),
    categories: (config.categories ?? []).map((c) => ({ label: c.label, value: String(c.value), displayName: c.displayName ?? '', hotkey: c.hotkey ?? '' })),
    trueLabel: config.trueLabel ?? '',
    falseLabel: config.falseLabel ?? '',
    maxLength: text(config.maxLength),
    direction: config.direction ?? 'NONE',
    description: config.description ?? '',
  };
}

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** Only the fields that apply to the data type: the API refuses the others. */
function body(draft: Draft, editing: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { widget: draft.widget, direction: draft.direction, description: draft.description };
  if (!editing) {
    out.name = draft.name.trim();
    out.dataType = draft.dataType;
  }
  switch (draft.dataType) {
    case 'NUMERIC':
      out.min = num(draft.min);
      out.max = num(draft.max);
      out.step = num(draft.step);
      break;
    case 'CATEGORICAL':
      out.multiSelect = draft.widget === 'CHECKBOX';
      out.categories = draft.categories.map(
        (c): Category => ({ label: c.label.trim(), value: Number(c.value), displayName: c.displayName.trim() || undefined, hotkey: c.hotkey.trim() || undefined }),
      );
      break;
    case 'BOOLEAN':
      out.trueLabel = draft.trueLabel.trim() || undefined;
      out.falseLabel = draft.falseLabel.trim() || undefined;
      break;
    case 'TEXT':
      out.maxLength = num(draft.maxLength);
      break;
  }
  return out;
}

function previewConfig(draft: Draft): ScoreConfig {
  const b = body(draft, false) as any;
  return { ...b, id: 'preview', name: draft.name || 'preview', archived: false, categories: b.categories?.filter((c: Category) => c.label) } as ScoreConfig;
}

function ConfigForm({ editing, onSaved, onCancel }: { editing?: ScoreConfig; onSaved: () => void; onCancel?: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : blank()));
  const [preview, setPreview] = useState<FieldState>(emptyField);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const prefix = editing ? 'edit-' + editing.id.slice(0, 8) : 'new';
  const messages = (field: string) => fieldMessages(error, field);
  const described = (field: string) => (messages(field).length ? `${prefix}-${field}-error` : undefined);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (editing) await api.patch(`/api/v1/score-configs/${editing.id}`, body(draft, true));
      else await api.post('/api/v1/score-configs', body(draft, false));
      if (!editing) setDraft(blank());
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const text = (field: keyof Draft, label: string, type: 'text' | 'number' = 'text') => (
    <div class="form-row">
      <label for={`${prefix}-${field}`}>{label}</label>
      <input
        id={`${prefix}-${field}`}
        type={type as 'text'}
        step="any"
        value={draft[field] as string}
        aria-invalid={messages(field).length > 0 || undefined}
        aria-describedby={described(field)}
        onInput={(e) => set({ [field]: (e.target as HTMLInputElement).value } as Partial<Draft>)}
      />
      <FieldErrors id={`${prefix}-${field}-error`} messages={messages(field)} />
    </div>
  );

  const shown = ['name', 'dataType', 'widget', 'min', 'max', 'step', 'categories', 'trueLabel', 'falseLabel', 'maxLength', 'direction', 'description', 'multiSelect'];
  return (
    <form class="config-form" onSubmit={save} aria-label={editing ? 'Edit ' + editing.name : 'Create a score config'}>
      <div class="config-form-fields">
        {editing ? (
          <p>
            <strong>{editing.name}</strong> · {editing.dataType} <span class="muted">(name and type never change)</span>
          </p>
        ) : (
          <>
            {text('name', 'Name')}
            <div class="form-row">
              <label for={`${prefix}-dataType`}>Data type</label>
              <select
                id={`${prefix}-dataType`}
                value={draft.dataType}
                onChange={(e) => {
                  const dataType = (e.target as HTMLSelectElement).value as DataType;
                  set({ dataType, widget: WIDGETS[dataType][0] });
                  setPreview(emptyField());
                }}
              >
                {(Object.keys(WIDGETS) as DataType[]).map((t) => (
                  <option value={t}>{t}</option>
                ))}
              </select>
              <FieldErrors id={`${prefix}-dataType-error`} messages={messages('dataType')} />
            </div>
          </>
        )}
        <div class="form-row">
          <label for={`${prefix}-widget`}>Widget</label>
          <select
            id={`${prefix}-widget`}
            value={draft.widget}
            aria-invalid={messages('widget').length > 0 || undefined}
            aria-describedby={described('widget')}
            onChange={(e) => {
              set({ widget: (e.target as HTMLSelectElement).value as Widget });
              setPreview(emptyField());
            }}
          >
            {WIDGETS[draft.dataType].map((w) => (
              <option value={w}>{w}</option>
            ))}
          </select>
          <FieldErrors id={`${prefix}-widget-error`} messages={messages('widget')} />
        </div>
        {draft.dataType === 'NUMERIC' && (
          <>
            {text('min', 'Minimum', 'number')}
            {text('max', draft.widget === 'STARS' ? 'Maximum (number of stars, 2–10)' : 'Maximum', 'number')}
            {text('step', 'Step', 'number')}
          </>
        )}
        {draft.dataType === 'CATEGORICAL' && (
          <fieldset class="categories">
            <legend>Categories</legend>
            <FieldErrors id={`${prefix}-categories-error`} messages={error instanceof ApiError ? error.errors.filter((x) => x.field === 'categories').map((x) => x.message) : []} />
            {draft.categories.map((c, i) => {
              const update = (patch: Partial<Draft['categories'][number]>) => set({ categories: draft.categories.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              const rowErrors = fieldMessages(error, `categories[${i}]`);
              return (
                <div class="category-row" role="group" aria-label={`Category ${i + 1}`}>
                  <label>
                    Label <input type="text" value={c.label} onInput={(e) => update({ label: (e.target as HTMLInputElement).value })} />
                  </label>
                  <label>
                    Value <input type="number" step="any" value={c.value} onInput={(e) => update({ value: (e.target as HTMLInputElement).value })} />
                  </label>
                  <label>
                    Shown as <input type="text" value={c.displayName} onInput={(e) => update({ displayName: (e.target as HTMLInputElement).value })} />
                  </label>
                  <label>
                    Hotkey <input type="text" maxLength={1} size={2} value={c.hotkey} onInput={(e) => update({ hotkey: (e.target as HTMLInputElement).value })} />
                  </label>
                  <button type="button" class="small" aria-label={`Remove category ${i + 1}`} onClick={() => set({ categories: draft.categories.filter((_, j) => j !== i) })}>
                    Remove
                  </button>
                  <FieldErrors id={`${prefix}-category-${i}-error`} messages={rowErrors} />
                </div>
              );
            })}
            <button type="button" class="small" onClick={() => set({ categories: [...draft.categories, { label: '', value: String(draft.categories.length + 1), displayName: '', hotkey: '' }] })}>
              Add a category
            </button>
          </fieldset>
        )}
        {draft.dataType === 'BOOLEAN' && (
          <>
            {text('trueLabel', 'Label for true (e.g. 👍)')}
            {text('falseLabel', 'Label for false (e.g. 👎)')}
          </>
        )}
        {draft.dataType === 'TEXT' && text('maxLength', 'Longest text (characters, default 1 000)', 'number')}
        <div class="form-row">
          <label for={`${prefix}-direction`}>Better is</label>
          <select id={`${prefix}-direction`} value={draft.direction} onChange={(e) => set({ direction: (e.target as HTMLSelectElement).value as Draft['direction'] })}>
            <option value="NONE">neither (NONE)</option>
            <option value="MAXIMIZE">higher (MAXIMIZE)</option>
            <option value="MINIMIZE">lower (MINIMIZE)</option>
          </select>
        </div>
        <div class="form-row">
          <label for={`${prefix}-description`}>Description (markdown, shown to annotators)</label>
          <textarea
            id={`${prefix}-description`}
            rows={3}
            value={draft.description}
            aria-invalid={messages('description').length > 0 || undefined}
            aria-describedby={described('description')}
            onInput={(e) => set({ description: (e.target as HTMLTextAreaElement).value })}
          />
          <FieldErrors id={`${prefix}-description-error`} messages={messages('description')} />
        </div>
        <ErrorBox error={error} shownFields={shown} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy}>
            {editing ? 'Save changes' : 'Create config'}
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </div>
      <aside class="preview" aria-label="Live preview">
        <h3>Preview</h3>
        <ScoreField config={previewConfig(draft)} state={preview} onChange={setPreview} hints={true} />
      </aside>
    </form>
  );
}

export function AdminConfigs() {
  const configs = useAsync(() => all<ScoreConfig>('/api/v1/score-configs'), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [showArchived, setShowArchived] = useState(false);
  const toggleArchive = async (config: ScoreConfig) => {
    setError(null);
    try {
      await api.post(`/api/v1/score-configs/${config.id}/${config.archived ? 'restore' : 'archive'}`, {});
      configs.reload();
    } catch (err) {
      setError(err);
    }
  };
  const list = (configs.data ?? []).filter((c) => showArchived || !c.archived);
  return (
    <main id="main" class="admin" tabIndex={-1}>
      <h1>Score configs</h1>
      <section aria-label="New config">
        <h2>New config</h2>
        <ConfigForm onSaved={configs.reload} />
      </section>
      <h2>Configs</h2>
      <label class="inline">
        <input type="checkbox" checked={showArchived} onChange={() => setShowArchived(!showArchived)} /> Show archived
      </label>
      <ErrorBox error={error} />
      {configs.loading && !configs.data && <Loading />}
      <ErrorBox error={configs.error} onRetry={configs.reload} />
      <ul class="config-list">
        {list.map((c) => (
          <li data-config={c.name}>
            <div class="config-line">
              <strong>{c.name}</strong> <span class="muted">{c.dataType} · {c.widget}</span> {c.archived && <Badge kind="archived">archived</Badge>}
              <span class="config-actions">
                <button type="button" class="small" onClick={() => setEditing(editing === c.id ? null : c.id)} aria-expanded={editing === c.id} aria-label={`Edit ${c.name}`}>
                  Edit
                </button>
                <button type="button" class="small" onClick={() => toggleArchive(c)} aria-label={`${c.archived ? 'Restore' : 'Archive'} ${c.name}`}>
                  {c.archived ? 'Restore' : 'Archive'}
                </button>
              </span>
            </div>
            {editing === c.id && (
              <ConfigForm
                editing={c}
                onSaved={() => {
                  setEditing(null);
                  configs.reload();
                }}
                onCancel={() => setEditing(null)}
              />
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
