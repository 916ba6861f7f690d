// A small history-API router for the deep links Grafana and people share: /ui/queues/{id}, /ui/traces/{id}, …
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/ui';

export interface Location {
  path: string; // below /ui, always starting with '/'
  query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Location {
  let path = window.location.pathname;
  path = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  return { path: path === '' ? '/' : path, query: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, replace = false) {
  const url = to.startsWith(BASE) ? to : BASE + (to === '/' ? '' : to);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/** Matches `/queues/:id/review` style patterns; returns the decoded parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) return null;
  }
  return params;
}

interface LinkProps {
  href: string;
  children: ComponentChildren;
  class?: string;
  target?: string;
  'aria-label'?: string;
  'aria-current'?: 'page' | 'true';
}

export function Link({ href, children, ...rest }: LinkProps) {
  const url = href.startsWith(BASE) || href.startsWith('http') ? href : BASE + href;
  return (
    <a
      {...rest}
      href={url}
      onClick={(e: MouseEvent) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(url);
      }}
    >
      {children}
    </a>
  );
}
