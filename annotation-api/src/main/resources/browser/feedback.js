// Browser feedback for annotation-api: no dependencies, an ES module served at /ui/feedback.js.
// The app's response names its span in `Server-Timing: trace;desc=00-<trace>-<span>-<flags>` (the agent
// extension adds it); this module reads it and stores a FEEDBACK score on that span with a FEEDBACK key.
//
//   import { sendFeedback } from 'https://annotations.example.com/ui/feedback.js';
//   const answer = await fetch('/chat', { method: 'POST', body });
//   await sendFeedback(answer, { endpoint: 'https://annotations.example.com', key: 'ak_…', name: 'thumbs', value: 1 });

const TRACE = /(?:^|,)\s*trace\s*;(?:[^,]*;)?\s*desc\s*=\s*"?00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}"?/i;

/** The span a response names in its Server-Timing header: { traceId, spanId }, or null when it names none. */
export function spanOf(response) {
  const match = TRACE.exec(response.headers.get('server-timing') || '');
  return match ? { traceId: match[1].toLowerCase(), spanId: match[2].toLowerCase() } : null;
}

/**
 * Stores one judgement of the span that served `response` (or of `span`, a { traceId, spanId }):
 * { endpoint, key, name, value?, label?, comment?, author? }. Resolves to the stored score; rejects with an
 * Error whose `problem` is the API's problem+json answer (400 naming the field, 429 with Retry-After, …).
 */
export async function sendFeedback(response, { endpoint, key, name, value, label, comment, author, span }) {
  const target = span || (response && spanOf(response));
  if (!target) throw new Error('the response names no span (no Server-Timing trace entry)');
  const score = { name, source: 'FEEDBACK', target: { type: 'SPAN', traceId: target.traceId, spanId: target.spanId } };
  if (value !== undefined) score.value = value;
  if (label !== undefined) score.label = label;
  if (comment) score.comment = comment;
  if (author) score.author = author;
  const answer = await fetch(endpoint.replace(/\/+$/, '') + '/api/v1/scores', {
    method: 'POST',
    mode: 'cors',
    credentials: 'omit',
    headers: { 'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json' },
    body: JSON.stringify(score),
  });
  const body = await answer.json().catch(() => null);
  if (!answer.ok) {
    const error = new Error((body && body.detail) || 'feedback refused with ' + answer.status);
    error.status = answer.status;
    error.problem = body;
    throw error;
  }
  return body;
}
