// A trace for reading: the span tree (durations, status, a waterfall bar), and for the selected span its
// conversation, attributes and events. The tree is an ARIA tree with one tab stop: arrows move inside it.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Chat, messageCount } from './chat';
import { Badge, formatDuration, formatTime } from './components';
import type { SpanNode, Trace } from './types';

export interface Row {
  span: SpanNode;
  depth: number;
  hasChildren: boolean;
}

/** Depth-first rows of the tree (iterative: a deep trace must not overflow the stack). */
export function flatten(roots: SpanNode[], collapsed: Set<string>): Row[] {
  const rows: Row[] = [];
  const stack: { span: SpanNode; depth: number }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ span: roots[i], depth: 0 });
  while (stack.length) {
    const { span, depth } = stack.pop()!;
    const children = span.children ?? [];
    rows.push({ span, depth, hasChildren: children.length > 0 });
    if (!collapsed.has(span.spanId)) {
      for (let i = children.length - 1; i >= 0; i--) stack.push({ span: children[i], depth: depth + 1 });
    }
  }
  return rows;
}

export function allSpans(trace: Trace): SpanNode[] {
  return flatten(trace.spans, new Set()).map((r) => r.span);
}

/** The span whose conversation says most: the most messages, the latest on a tie. */
export function mainLlmSpan(spans: SpanNode[]): SpanNode | undefined {
  let best: SpanNode | undefined;
  let bestCount = -1;
  for (const span of spans) {
    if (!span.llm) continue;
    const count = messageCount(span.llm);
    if (count > bestCount || (count === bestCount && best && span.start >= best.start)) {
      best = span;
      bestCount = count;
    }
  }
  return best;
}

function nanosSince(start: string, from: string): number {
  // ISO instants with up to 9 fraction digits: milliseconds are precise enough for a bar
  return (Date.parse(start) - Date.parse(from)) * 1_000_000;
}

function statusBadge(span: SpanNode) {
  const code = span.status?.code;
  if (code === 'Error') return <Badge kind="error">Error</Badge>;
  if (code === 'Ok') return <Badge kind="ok">Ok</Badge>;
  return null;
}

/** Rows are one line of fixed height, so only those in view (plus a margin) need to exist: a 10 000-span trace stays fast. */
export const ROW_HEIGHT = 24;
const OVERSCAN = 30;

export function SpanTree({ trace, selected, onSelect }: { trace: Trace; selected?: string; onSelect: (spanId: string) => void }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const rows = useMemo(() => flatten(trace.spans, collapsed), [trace, collapsed]);
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const total = Math.max(trace.durationNanos, 1);
  const selectedIndex = Math.max(0, rows.findIndex((r) => r.span.spanId === selected));

  const scrollTo = (index: number) => {
    const box = ref.current;
    if (!box) return;
    const y = index * ROW_HEIGHT;
    if (y < box.scrollTop || y + ROW_HEIGHT > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, y - box.clientHeight / 2);
    }
    setView({ top: box.scrollTop, height: box.clientHeight || 600 });
  };
  // the initially selected span (a SPAN item, a deep link) is scrolled into view
  useEffect(() => scrollTo(selectedIndex), [trace]);
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const tabStop = selectedIndex >= first && selectedIndex < last ? selectedIndex : first;

  const toggle = (spanId: string, open?: boolean) => {
    const next = new Set(collapsed);
    const isOpen = !next.has(spanId);
    if (open === undefined ? isOpen : !open) next.add(spanId);
    else next.delete(spanId);
    setCollapsed(next);
  };

  const focusRow = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    onSelect(row.span.spanId);
    scrollTo(rows.indexOf(row));
    requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>(`[data-span="${row.span.spanId}"]`)?.focus());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const row = rows[selectedIndex];
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        focusRow(selectedIndex + 1);
        break;
      case 'ArrowUp':
        focusRow(selectedIndex - 1);
        break;
      case 'Home':
        focusRow(0);
        break;
      case 'End':
        focusRow(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row?.hasChildren) toggle(row.span.spanId, true);
        break;
      case 'ArrowLeft':
        if (row?.hasChildren && !collapsed.has(row.span.spanId)) toggle(row.span.spanId, false);
        else {
          const parent = rows.findIndex((r) => r.span.spanId === row?.span.parentSpanId);
          if (parent >= 0) focusRow(parent);
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <div
      class="span-tree"
      role="tree"
      aria-label={`Spans (${trace.spanCount})`}
      ref={ref}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const box = e.currentTarget as HTMLDivElement;
        setView({ top: box.scrollTop, height: box.clientHeight });
      }}
    >
      <div aria-hidden="true" style={{ height: first * ROW_HEIGHT + 'px' }} />
      {rows.slice(first, last).map((row, offset) => {
        const index = first + offset;
        const span = row.span;
        const left = (Math.max(0, nanosSince(span.start, trace.start)) / total) * 100;
        const width = Math.max(0.5, (span.durationNanos / total) * 100);
        const isSelected = span.spanId === selected;
        return (
          <div
            role="treeitem"
            class={'span-row' + (isSelected ? ' selected' : '')}
            data-span={span.spanId}
            aria-level={row.depth + 1}
            aria-selected={isSelected}
            aria-expanded={row.hasChildren ? !collapsed.has(span.spanId) : undefined}
            tabIndex={index === tabStop ? 0 : -1}
            onClick={() => onSelect(span.spanId)}
          >
            <span class="span-indent" style={{ width: row.depth * 14 + 'px' }} />
            <span
              class="span-caret"
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                if (row.hasChildren) toggle(span.spanId);
              }}
            >
              {row.hasChildren ? (collapsed.has(span.spanId) ? '▸' : '▾') : '·'}
            </span>
            <span class="span-name" title={span.serviceName ? `${span.name} (${span.serviceName})` : span.name}>
              {span.name}
            </span>
            <span class="span-badges">
              {span.llm && <Badge kind="llm">LLM</Badge>}
              {span.status?.code === 'Error' && <Badge kind="error">Error</Badge>}
            </span>
            <span class="span-duration">{formatDuration(span.durationNanos)}</span>
            <span class="span-bar" aria-hidden="true">
              <span class={'span-bar-fill' + (span.status?.code === 'Error' ? ' error' : '')} style={{ left: left + '%', width: Math.min(width, 100 - left) + '%' }} />
            </span>
          </div>
        );
      })}
      <div aria-hidden="true" style={{ height: (rows.length - last) * ROW_HEIGHT + 'px' }} />
    </div>
  );
}

/** A <details> whose content is built only once it is opened: closed panels of a big span cost nothing. */
function LazyDetails({ open: initiallyOpen, summary, class: className, children }: { open: boolean; summary: ComponentChildren; class: string; children: () => ComponentChildren }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details class={className} open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}

function Attributes({ title, attributes, open = true }: { title: string; attributes?: Record<string, string>; open?: boolean }) {
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return null;
  return (
    <LazyDetails class="attributes" open={open} summary={`${title} (${entries.length})`}>
      {() => (
      <table>
        <caption class="visually-hidden">{title}</caption>
        <tbody>
          {entries.map(([key, value]) => (
            <tr>
              <th scope="row">{key}</th>
              <td>{value.length > 400 ? <details><summary>{value.slice(0, 120)}… ({value.length} characters)</summary><div class="code">{value}</div></details> : value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </LazyDetails>
  );
}

export function SpanDetails({ span, children }: { span: SpanNode; children?: ComponentChildren }) {
  return (
    <section class="span-details" aria-label={'Span ' + span.name}>
      <h3>
        {span.name} {statusBadge(span)}
      </h3>
      <dl class="facts">
        <dt>Service</dt>
        <dd>{span.serviceName ?? '–'}</dd>
        <dt>Kind</dt>
        <dd>{span.kind ?? '–'}</dd>
        <dt>Start</dt>
        <dd>{formatTime(span.start)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(span.durationNanos)}</dd>
        <dt>Span id</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        {span.status?.message && (
          <>
            <dt>Status message</dt>
            <dd>{span.status.message}</dd>
          </>
        )}
      </dl>
      {children}
      {span.llm && <Chat llm={span.llm} />}
      <Attributes title="Attributes" attributes={span.attributes} open={!span.llm} />
      <Attributes title="Resource" attributes={span.resourceAttributes} open={false} />
      {span.events && span.events.length > 0 && (
        <LazyDetails class="events" open={!span.llm} summary={`Events (${span.events.length})`}>
          {() => (
            <ol>
              {span.events!.map((event) => (
                <li>
                  <strong>{event.name}</strong> <span class="muted">{formatTime(event.timestamp)}</span>
                  <Attributes title={event.name + ' attributes'} attributes={event.attributes} open={false} />
                </li>
              ))}
            </ol>
          )}
        </LazyDetails>
      )}
    </section>
  );
}

/**
 * The reading view of one trace: tree on one side, the selected span on the other. `spanSlot` adds
 * content (e.g. the span's scores) under the selected span's facts.
 */
export function TraceView({
  trace,
  initialSpan,
  onSpanChange,
  spanSlot,
}: {
  trace: Trace;
  initialSpan?: string;
  onSpanChange?: (span: SpanNode) => void;
  spanSlot?: (span: SpanNode) => ComponentChildren;
}) {
  const spans = useMemo(() => allSpans(trace), [trace]);
  const byId = useMemo(() => new Map(spans.map((s) => [s.spanId, s])), [spans]);
  const fallback = useMemo(() => initialSpan ?? mainLlmSpan(spans)?.spanId ?? spans[0]?.spanId, [spans, initialSpan]);
  const [selected, setSelected] = useState<string | undefined>(fallback);
  useEffect(() => setSelected(fallback), [fallback]);
  const span = selected ? byId.get(selected) : undefined;
  useEffect(() => {
    if (span && onSpanChange) onSpanChange(span);
  }, [span]);
  return (
    <div class="trace-view">
      <div class="trace-tree-pane">
        <p class="muted trace-facts">
          {trace.spanCount} spans · {formatDuration(trace.durationNanos)} · {formatTime(trace.start)}
          {trace.truncated && ' · truncated: the earliest 10 000 spans'}
        </p>
        <SpanTree trace={trace} selected={selected} onSelect={setSelected} />
      </div>
      <div class="trace-span-pane">{span ? <SpanDetails span={span}>{spanSlot?.(span)}</SpanDetails> : <p class="empty">This trace has no spans.</p>}</div>
    </div>
  );
}
