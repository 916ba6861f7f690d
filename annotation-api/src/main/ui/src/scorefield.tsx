// One score config as a form field: the widget its config asks for (number, slider, stars 1..N, thumbs,
// radio / checkbox with each category's hotkey, textarea), a comment, an optional suggestion, and the
// keyboard rules the workspace applies to the active field.
import { FieldErrors, scoreText, useId } from './components';
import type { Score, ScoreConfig, Widget } from './types';

export interface FieldValue {
  value?: number;
  label?: string;
  labels?: string[];
  /** what is typed in a NUMBER or TEXTAREA field */
  raw?: string;
}

export interface FieldState {
  v: FieldValue;
  comment: string;
  commentOpen: boolean;
  /** set when a suggestion was shown: whether the value is the accepted suggestion (recorded in metadata) */
  suggestionAccepted?: boolean;
}

export const emptyField = (): FieldState => ({ v: {}, comment: '', commentOpen: false });

export function widgetOf(config: ScoreConfig): Widget {
  // a BOOLEAN config may ask for RADIO: its two labels are still picked like thumbs (value 1 / 0)
  if (config.dataType === 'BOOLEAN') return 'THUMBS';
  if (config.widget) return config.widget;
  switch (config.dataType) {
    case 'CATEGORICAL':
      return config.multiSelect ? 'CHECKBOX' : 'RADIO';
    case 'TEXT':
      return 'TEXTAREA';
    default:
      return 'NUMBER';
  }
}

function starRange(config: ScoreConfig): number[] {
  const min = config.min ?? 1;
  const max = config.max ?? 5;
  const out: number[] = [];
  for (let n = Math.max(1, Math.ceil(min)); n <= max && out.length < 10; n++) out.push(n);
  return out;
}

export function isEmpty(config: ScoreConfig, v: FieldValue): boolean {
  switch (widgetOf(config)) {
    case 'NUMBER':
      return (v.raw ?? '').trim() === '';
    case 'TEXTAREA':
      return (v.raw ?? '') === '';
    case 'CHECKBOX':
      return !v.labels || v.labels.length === 0;
    case 'RADIO':
      return !v.label;
    default:
      return v.value === undefined;
  }
}

/** The API content of a field, or the reason it cannot be sent. */
export function contentOf(config: ScoreConfig, v: FieldValue): { value?: number; label?: string; labels?: string[] } | { error: string } {
  switch (widgetOf(config)) {
    case 'NUMBER': {
      const text = (v.raw ?? '').trim().replace(',', '.');
      const number = Number(text);
      if (text === '' || !Number.isFinite(number)) return { error: 'enter a number' };
      return { value: number };
    }
    case 'TEXTAREA':
      return config.dataType === 'TEXT' ? { label: v.raw ?? '' } : { error: 'unsupported widget' };
    case 'CHECKBOX':
      return { labels: v.labels ?? [] };
    case 'RADIO':
      return { label: v.label };
    case 'THUMBS':
      return config.dataType === 'BOOLEAN' ? { value: v.value } : { value: v.value };
    default:
      return { value: v.value };
  }
}

/** A stored score as this field's value (editing, accepting a suggestion). */
export function fromScore(config: ScoreConfig, score: Pick<Score, 'value' | 'label' | 'labels'>): FieldValue {
  switch (widgetOf(config)) {
    case 'NUMBER':
      return { raw: score.value === undefined ? '' : String(score.value) };
    case 'TEXTAREA':
      return { raw: score.label ?? '' };
    case 'CHECKBOX':
      return { labels: score.labels ?? (score.label ? [score.label] : []) };
    case 'RADIO':
      return { label: score.label ?? (score.labels ?? [])[0] };
    case 'THUMBS':
      if (score.value !== undefined) return { value: score.value };
      return { value: score.label === config.trueLabel ? 1 : score.label === config.falseLabel ? 0 : undefined };
    default:
      return { value: score.value };
  }
}

/** The field's new value for a key press, or null when the key means nothing to it. */
export function pickByKey(config: ScoreConfig, v: FieldValue, key: string): FieldValue | null {
  const widget = widgetOf(config);
  const digit = /^[0-9]$/.test(key) ? Number(key) : NaN;
  if (widget === 'RADIO' || widget === 'CHECKBOX') {
    const categories = config.categories ?? [];
    let index = categories.findIndex((c) => c.hotkey && c.hotkey.toLowerCase() === key.toLowerCase());
    if (index < 0 && digit >= 1 && digit <= Math.min(9, categories.length) && !categories.some((c) => c.hotkey === key)) index = digit - 1;
    if (index < 0) return null;
    const label = categories[index].label;
    if (widget === 'RADIO') return { label };
    const labels = v.labels ?? [];
    return { labels: labels.includes(label) ? labels.filter((l) => l !== label) : [...labels, label] };
  }
  if (Number.isNaN(digit)) return null;
  if (widget === 'STARS') {
    const stars = starRange(config);
    const n = digit === 0 ? 10 : digit;
    return stars.includes(n) ? { value: n } : null;
  }
  if (widget === 'THUMBS') {
    if (digit === 1) return { value: 1 };
    if (digit === 2) return { value: 0 };
    return null;
  }
  if (widget === 'SLIDER') {
    const min = config.min ?? 0;
    const max = config.max ?? 10;
    return digit >= min && digit <= max ? { value: digit } : null;
  }
  return null;
}

/** What the keys do on this field, for the cheat sheet and the field's own hint. */
export function keyHint(config: ScoreConfig): string {
  switch (widgetOf(config)) {
    case 'RADIO':
    case 'CHECKBOX':
      return (config.categories ?? [])
        .map((c, i) => `${c.hotkey ?? (i < 9 ? String(i + 1) : '')} ${c.displayName ?? c.label}`)
        .filter((t) => !t.startsWith(' '))
        .join(' · ');
    case 'STARS': {
      const stars = starRange(config);
      return `${stars[0]}–${stars[stars.length - 1] === 10 ? '9, 0 = 10' : stars[stars.length - 1]} stars`;
    }
    case 'THUMBS':
      return `1 ${config.trueLabel ?? 'true'} · 2 ${config.falseLabel ?? 'false'}`;
    case 'SLIDER':
      return `←/→ adjust${config.max !== undefined && config.max <= 9 ? ', digits set' : ''}`;
    case 'NUMBER':
      return 'type a number';
    default:
      return 'type; Esc leaves the text';
  }
}

export function suggestionText(config: ScoreConfig, score: Score): string {
  if (config.dataType === 'BOOLEAN' && score.value !== undefined) return score.value === 1 ? config.trueLabel ?? 'true' : config.falseLabel ?? 'false';
  return scoreText(score);
}

interface Props {
  config: ScoreConfig;
  state: FieldState;
  onChange: (state: FieldState) => void;
  required?: boolean;
  errors?: string[];
  suggestion?: Score;
  onAccept?: () => void;
  index?: number;
  active?: boolean;
  /** shows "(key)" hints; off in the admin preview and inline editors */
  hints?: boolean;
}

export function ScoreField({ config, state, onChange, required, errors = [], suggestion, onAccept, index, active, hints = true }: Props) {
  const id = useId('field-' + config.name.replace(/[^A-Za-z0-9_-]/g, '_'));
  const errorId = id + '-errors';
  const widget = widgetOf(config);
  const set = (v: FieldValue) => onChange({ ...state, v, suggestionAccepted: state.suggestionAccepted === undefined ? undefined : false });
  const described = [errors.length ? errorId : '', config.description ? id + '-desc' : '', hints ? id + '-keys' : ''].filter(Boolean).join(' ') || undefined;
  const invalid = errors.length > 0 || undefined;
  const title = config.name + (required ? ' (required)' : '');

  let control;
  switch (widget) {
    case 'NUMBER':
      control = (
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={state.v.raw ?? ''}
          aria-describedby={described}
          aria-invalid={invalid}
          aria-required={required}
          placeholder={[config.min, config.max].some((b) => b !== undefined) ? `${config.min ?? '−∞'} to ${config.max ?? '∞'}` : 'a number'}
          onInput={(e) => set({ raw: (e.target as HTMLInputElement).value })}
        />
      );
      break;
    case 'SLIDER': {
      const min = config.min ?? 0;
      const max = config.max ?? 10;
      control = (
        <div class="slider">
          <input
            id={id}
            type="range"
            min={min}
            max={max}
            step={config.step ?? 'any'}
            value={state.v.value ?? min}
            aria-describedby={described}
            aria-invalid={invalid}
            aria-valuetext={state.v.value === undefined ? 'not set' : String(state.v.value)}
            onInput={(e) => set({ value: Number((e.target as HTMLInputElement).value) })}
          />
          <output for={id}>{state.v.value ?? 'not set'}</output>
        </div>
      );
      break;
    }
    case 'TEXTAREA':
      control = (
        <textarea
          id={id}
          rows={3}
          maxLength={config.maxLength}
          value={state.v.raw ?? ''}
          aria-describedby={described}
          aria-invalid={invalid}
          aria-required={required}
          onInput={(e) => set({ raw: (e.target as HTMLTextAreaElement).value })}
        />
      );
      break;
    default: {
      const multi = widget === 'CHECKBOX';
      const options: { key: string; text: string; checked: boolean; pick: () => void; extra?: string }[] = [];
      if (widget === 'STARS') {
        for (const n of starRange(config)) {
          options.push({ key: String(n), text: `${n} star${n === 1 ? '' : 's'}`, checked: state.v.value === n, pick: () => set({ value: n }), extra: (state.v.value ?? 0) >= n ? 'on' : '' });
        }
      } else if (widget === 'THUMBS') {
        options.push({ key: '1', text: config.trueLabel ?? 'true', checked: state.v.value === 1, pick: () => set({ value: 1 }) });
        options.push({ key: '2', text: config.falseLabel ?? 'false', checked: state.v.value === 0, pick: () => set({ value: 0 }) });
      } else {
        (config.categories ?? []).forEach((c, i) => {
          const checked = multi ? (state.v.labels ?? []).includes(c.label) : state.v.label === c.label;
          options.push({
            key: c.hotkey ?? (i < 9 ? String(i + 1) : ''),
            text: c.displayName ?? c.label,
            checked,
            pick: () => {
              if (!multi) set({ label: c.label });
              else {
                const labels = state.v.labels ?? [];
                set({ labels: checked ? labels.filter((l) => l !== c.label) : [...labels, c.label] });
              }
            },
          });
        });
      }
      control = (
        <div class={'choices widget-' + widget.toLowerCase()} role={multi ? 'group' : 'radiogroup'} aria-labelledby={id + '-label'} aria-describedby={described} aria-required={required && !multi ? true : undefined} aria-invalid={invalid}>
          {options.map((o, i) => (
            <span class={'choice ' + (o.extra ?? '')}>
              <input id={`${id}-${i}`} type={multi ? 'checkbox' : 'radio'} name={id} checked={o.checked} onChange={o.pick} />
              <label for={`${id}-${i}`}>
                {widget === 'STARS' ? <span aria-hidden="true">★</span> : null}
                <span class={widget === 'STARS' ? 'visually-hidden' : ''}>{o.text}</span>
                {hints && o.key && <kbd aria-hidden="true">{o.key}</kbd>}
              </label>
            </span>
          ))}
        </div>
      );
    }
  }

  const single = widget === 'NUMBER' || widget === 'SLIDER' || widget === 'TEXTAREA';
  return (
    <div class={'score-field' + (active ? ' active' : '') + (errors.length ? ' invalid' : '')} data-field-index={index} data-config={config.name} tabIndex={-1}>
      <div class="field-head">
        {single ? (
          <label id={id + '-label'} for={id} class="field-title">
            {title}
          </label>
        ) : (
          <span id={id + '-label'} class="field-title">
            {title}
          </span>
        )}
      </div>
      {config.description && (
        <div id={id + '-desc'} class="field-desc muted">
          {config.description.length > 300 ? config.description.slice(0, 300) + '…' : config.description}
        </div>
      )}
      {control}
      {hints && (
        <div id={id + '-keys'} class="key-hint muted">
          {keyHint(config)}
        </div>
      )}
      {suggestion && (
        <div class={'suggestion' + (state.suggestionAccepted ? ' accepted' : '')}>
          Suggestion by <strong>{suggestion.author}</strong> ({suggestion.annotatorKind}): <strong>{suggestionText(config, suggestion)}</strong>
          {suggestion.comment && <span class="muted"> — {suggestion.comment}</span>}{' '}
          {state.suggestionAccepted ? (
            <span class="muted">accepted</span>
          ) : (
            <button type="button" class="small" onClick={onAccept}>
              Accept{hints && <kbd aria-hidden="true">A</kbd>}
            </button>
          )}
        </div>
      )}
      <FieldErrors id={errorId} messages={errors} />
      <div class="comment">
        <button type="button" class="link-button" aria-expanded={state.commentOpen} aria-controls={id + '-comment'} onClick={() => onChange({ ...state, commentOpen: !state.commentOpen })}>
          {state.commentOpen ? 'Hide comment' : state.comment ? 'Edit comment' : 'Add comment'}
          {hints && <kbd aria-hidden="true">C</kbd>}
        </button>
        {state.commentOpen && (
          <textarea
            id={id + '-comment'}
            rows={2}
            aria-label={'Comment on ' + config.name}
            value={state.comment}
            onInput={(e) => onChange({ ...state, comment: (e.target as HTMLTextAreaElement).value })}
          />
        )}
      </div>
    </div>
  );
}

/** Focuses a field's control: the checked choice, else the first one, else its input. */
export function focusField(container: HTMLElement | null | undefined) {
  if (!container) return;
  const target =
    container.querySelector<HTMLElement>('.choices input:checked') ??
    container.querySelector<HTMLElement>('.choices input, input, textarea, select, button');
  target?.focus();
}
