// Instructions and descriptions are markdown written by admins: rendered with marked, then sanitised by
// DOMPurify before they touch the DOM (no scripts, no event handlers, no styles; links open safely).
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'preact/hooks';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false }) as string;
  return DOMPurify.sanitize(html, { FORBID_ATTR: ['style'], FORBID_TAGS: ['style', 'form', 'input'] });
}

export function Markdown({ text, class: className }: { text: string; class?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  if (!text.trim()) return null;
  return <div class={'markdown ' + (className ?? '')} dangerouslySetInnerHTML={{ __html: html }} />;
}
