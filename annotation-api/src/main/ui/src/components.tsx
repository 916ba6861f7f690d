// Small building blocks every screen uses: loading / error / empty states, field errors, dialogs, formats.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import type { Score } from './types';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function errorText(error: unknown, shownFields: string[] = []): string {
  if (error instanceof ApiError) {
    const prefix = error.status === 404 ? 'Not found: ' : error.status === 403 ? 'Not allowed: ' : '';
    return prefix + error.summary(shownFields);
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorBox({ error, onRetry, shownFields }: { error: unknown; onRetry?: () => void; shownFields?: string[] }) {
  if (!error) return null;
  return (
    <div class="error-box" role="alert">
      <p>{errorText(error, shownFields)}</p>
      {error instanceof ApiError && error.status === 503 && (
        <p>The storage is busy or unreachable; nothing was saved. Retry in a few seconds.</p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Messages for one input, linked to it through aria-describedby={id}. */
export function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div class="field-error" id={id} role="alert">
      {messages.map((m) => (
        <p>{m}</p>
      ))}
    </div>
  );
}

export function fieldMessages(error: unknown, field: string): string[] {
  return error instanceof ApiError ? error.forField(field) : [];
}

export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={'badge badge-' + kind.toLowerCase()}>{children}</span>;
}

/** A modal dialog on the native <dialog> element: focus moves in, Escape closes, focus returns. */
export function Modal({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={title.replace(/\W+/g, '-') + '-title'} onClose={onClose} onCancel={onClose}>
      <h2 id={title.replace(/\W+/g, '-') + '-title'}>{title}</h2>
      {open && children}
    </dialog>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

/** Runs `load` when `deps` change; an answer to a superseded call is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setState({ data, loading: false }), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, set };
}

export function formatDuration(nanos: number): string {
  if (nanos < 1_000) return nanos + ' ns';
  if (nanos < 1_000_000) return (nanos / 1_000).toFixed(nanos < 10_000 ? 1 : 0) + ' µs';
  if (nanos < 1_000_000_000) return (nanos / 1_000_000).toFixed(nanos < 10_000_000 ? 1 : 0) + ' ms';
  return (nanos / 1_000_000_000).toFixed(2) + ' s';
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A score's content as a person reads it. */
export function scoreText(score: Pick<Score, 'value' | 'label' | 'labels' | 'dataType'>): string {
  if (score.labels && score.labels.length) return score.labels.join(', ');
  if (score.label) return score.dataType === 'TEXT' ? score.label : score.label + (score.value !== undefined && score.dataType !== 'BOOLEAN' ? ` (${score.value})` : '');
  return score.value === undefined ? '–' : String(score.value);
}

export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) + '…' : id;
}

let idCounter = 0;
/** A stable, unique DOM id per component instance (labels and aria-describedby need one). */
export function useId(prefix: string): string {
  const ref = useRef<string>('');
  if (!ref.current) ref.current = prefix + '-' + ++idCounter;
  return ref.current;
}
