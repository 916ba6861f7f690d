// The conversation of a GenAI span, in whichever form the trace API hands it over: OpenTelemetry's
// gen_ai.input/output.messages (role + parts), OpenAI-style content and tool_calls, Anthropic-style content
// blocks, indexed prompt attributes and per-message events (role + content), or plain text.
import { useState } from 'preact/hooks';
import type { Llm } from './types';

export type PartKind = 'text' | 'tool_call' | 'tool_result' | 'reasoning' | 'data';

export interface ChatPart {
  kind: PartKind;
  text: string;
  name?: string;
  id?: string;
}

export interface ChatMessage {
  role: string;
  parts: ChatPart[];
  finishReason?: string;
}

/** Text longer than this is shown folded, with a button to show it all. */
export const FOLD_CHARACTERS = 1200;
const FOLD_LINES = 24;

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** Tool arguments are often JSON inside a string: shown pretty when they parse. */
function prettyJsonText(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return asText(value);
}

function part(raw: any): ChatPart {
  if (typeof raw === 'string') return { kind: 'text', text: raw };
  if (!raw || typeof raw !== 'object') return { kind: 'text', text: asText(raw) };
  const type = String(raw.type ?? '');
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { kind: 'text', text: asText(raw.content ?? raw.text) };
    case 'reasoning':
    case 'thinking':
      return { kind: 'reasoning', text: asText(raw.content ?? raw.thinking ?? raw.text) };
    case 'tool_call':
    case 'function_call':
    case 'tool_use':
      return {
        kind: 'tool_call',
        name: raw.name ?? raw.function?.name,
        id: raw.id ?? raw.call_id,
        text: prettyJsonText(raw.arguments ?? raw.input ?? raw.function?.arguments),
      };
    case 'tool_call_response':
    case 'tool_result':
    case 'function_call_output':
      return { kind: 'tool_result', id: raw.id ?? raw.tool_use_id ?? raw.call_id, text: prettyJsonText(raw.response ?? raw.result ?? raw.content ?? raw.output) };
    default:
      if (raw.content !== undefined && Object.keys(raw).length <= 2) return { kind: 'text', text: asText(raw.content) };
      return { kind: 'data', text: asText(raw) };
  }
}

function message(raw: any, defaultRole: string): ChatMessage {
  if (typeof raw === 'string') return { role: defaultRole, parts: [{ kind: 'text', text: raw }] };
  if (!raw || typeof raw !== 'object') return { role: defaultRole, parts: [{ kind: 'data', text: asText(raw) }] };
  // a gen_ai.choice event or an OpenAI choice wraps the message
  if (raw.message && typeof raw.message === 'object' && !raw.role) {
    return { ...message(raw.message, defaultRole), finishReason: raw.finish_reason ?? raw.message.finish_reason };
  }
  const role = String(raw.role ?? defaultRole);
  const parts: ChatPart[] = [];
  if (Array.isArray(raw.parts)) parts.push(...raw.parts.map(part));
  if (typeof raw.content === 'string') {
    parts.push(role === 'tool' ? { kind: 'tool_result', id: raw.tool_call_id ?? raw.id, text: prettyJsonText(raw.content) } : { kind: 'text', text: raw.content });
  } else if (Array.isArray(raw.content)) {
    parts.push(...raw.content.map(part));
  } else if (raw.content !== undefined && raw.content !== null) {
    parts.push({ kind: 'data', text: asText(raw.content) });
  }
  if (Array.isArray(raw.tool_calls)) {
    for (const call of raw.tool_calls) {
      parts.push({ kind: 'tool_call', id: call.id, name: call.function?.name ?? call.name, text: prettyJsonText(call.function?.arguments ?? call.arguments) });
    }
  }
  if (raw.function_call) {
    parts.push({ kind: 'tool_call', name: raw.function_call.name, text: prettyJsonText(raw.function_call.arguments) });
  }
  if (!parts.length) {
    const { role: _role, ...rest } = raw;
    if (Object.keys(rest).length) parts.push({ kind: 'data', text: asText(rest) });
  }
  return { role, parts, finishReason: raw.finish_reason };
}

/** Messages from any recorded form; never throws (what it cannot read is shown as recorded). */
export function toMessages(value: unknown, defaultRole: string): ChatMessage[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return [message(value, defaultRole)];
  if (Array.isArray(value)) return value.map((m) => message(m, defaultRole));
  if (typeof value === 'object') {
    const object = value as any;
    if (Array.isArray(object.messages)) return toMessages(object.messages, defaultRole);
    if (Array.isArray(object.choices)) return object.choices.map((c: any) => message(c, defaultRole));
    return [message(object, defaultRole)];
  }
  return [message(asText(value), defaultRole)];
}

export function messageCount(llm: Llm | undefined): number {
  if (!llm) return 0;
  return toMessages(llm.input, 'user').length + toMessages(llm.output, 'assistant').length;
}

function Folded({ text, class: className }: { text: string; class: string }) {
  const long = text.length > FOLD_CHARACTERS || text.split('\n', FOLD_LINES + 1).length > FOLD_LINES;
  const [open, setOpen] = useState(false);
  if (!long) return <div class={className}>{text}</div>;
  const shown = open ? text : text.slice(0, 600).split('\n').slice(0, 10).join('\n') + ' …';
  return (
    <div class={className}>
      {shown}
      <div>
        <button type="button" class="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Show less' : `Show all (${text.length.toLocaleString()} characters)`}
        </button>
      </div>
    </div>
  );
}

function PartView({ p }: { p: ChatPart }) {
  switch (p.kind) {
    case 'text':
      return <Folded class="msg-text" text={p.text} />;
    case 'reasoning':
      return (
        <details class="reasoning">
          <summary>Reasoning</summary>
          <Folded class="msg-text" text={p.text} />
        </details>
      );
    case 'tool_call':
      return (
        <div class="tool-call">
          <div class="tool-head">
            Tool call <code>{p.name ?? 'unnamed'}</code>
            {p.id && <span class="muted"> · {p.id}</span>}
          </div>
          {p.text && <Folded class="code" text={p.text} />}
        </div>
      );
    case 'tool_result':
      return (
        <div class="tool-result">
          <div class="tool-head">Tool result{p.id && <span class="muted"> · {p.id}</span>}</div>
          <Folded class="code" text={p.text} />
        </div>
      );
    default:
      return <Folded class="code" text={p.text} />;
  }
}

export function MessageView({ m }: { m: ChatMessage }) {
  return (
    <article class={'msg role-' + m.role.replace(/[^a-z_-]/gi, '')}>
      <header class="msg-role">
        {m.role}
        {m.finishReason && <span class="muted"> · finish: {m.finishReason}</span>}
      </header>
      {m.parts.map((p) => (
        <PartView p={p} />
      ))}
    </article>
  );
}

/** A span's conversation: input messages (system prompt first), then the response. */
export function Chat({ llm, heading = 'Conversation' }: { llm: Llm; heading?: string }) {
  const input = toMessages(llm.input, 'user');
  const output = toMessages(llm.output, 'assistant');
  return (
    <section class="chat" aria-label={heading}>
      <h3>
        {heading}
        <span class="muted">
          {' '}
          · {input.length} input, {output.length} output message{output.length === 1 ? '' : 's'}
          {llm.requestModel && ` · ${llm.requestModel}`}
          {llm.usage?.totalTokens !== undefined && ` · ${llm.usage.totalTokens} tokens`}
        </span>
      </h3>
      {input.length === 0 && output.length === 0 && <p class="empty">This span recorded no messages.</p>}
      {input.map((m) => (
        <MessageView m={m} />
      ))}
      {output.length > 0 && <h4 class="divider">Response</h4>}
      {output.map((m) => (
        <MessageView m={m} />
      ))}
    </section>
  );
}
