// The only way the UI talks to the service: the public REST API with the pasted key as a Bearer token.
// The key lives in sessionStorage only (gone when the tab closes; never in localStorage or a cookie).

const KEY_STORAGE = 'annotation-ui.key';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem the API answered, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];

  constructor(status: number, title: string, detail: string, errors: FieldProblem[]) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  /** The messages for one field (exact name, or its sub-fields such as `categories[0].label`). */
  forField(field: string): string[] {
    return this.errors
      .filter((e) => e.field === field || e.field.startsWith(field + '.') || e.field.startsWith(field + '['))
      .map((e) => e.message);
  }

  /**
   * What a person reads: the detail, or — when the problem lists field errors (the detail only sums them up) —
   * each error that no input on screen shows, or a pointer to the fields that show them.
   */
  summary(shownFields: string[] = []): string {
    if (!this.errors.length) return this.detail || this.title;
    const rest = this.errors.filter(
      (e) => !shownFields.some((f) => e.field === f || e.field.startsWith(f + '.') || e.field.startsWith(f + '[')),
    );
    if (!rest.length) return 'Not saved: check the fields marked above.';
    return rest.map((e) => `${e.field}: ${e.message}`).join(' — ');
  }
}

let unauthorizedListener: (message: string) => void = () => {};
let clockOffsetMs = 0;

export function onUnauthorized(listener: (message: string) => void) {
  unauthorizedListener = listener;
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_STORAGE);
}

/** The service's clock minus ours, from the last response's Date header (for reservation countdowns). */
export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(name, String(v)));
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? '?' + text : '';
}

async function request<T>(method: string, path: string, body?: unknown, key = storedKey()): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'Network error', 'The service did not answer. Check that it is running and retry.', []);
  }
  const date = response.headers.get('Date');
  if (date) {
    const server = Date.parse(date);
    // the header has whole seconds: only a larger difference is a real skew
    if (!Number.isNaN(server) && Math.abs(server - Date.now()) > 1500) clockOffsetMs = server - Date.now();
    else clockOffsetMs = 0;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: any = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      json?.title ?? response.statusText ?? 'Error',
      json?.detail ?? (json?.message || text.slice(0, 300)),
      Array.isArray(json?.errors) ? json.errors : [],
    );
    if (response.status === 401 && key && key === storedKey()) {
      forgetKey();
      unauthorizedListener('The service refused the key (' + (error.detail || 'unknown or revoked') + '). Sign in again.');
    }
    throw error;
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query: Query = {}) => request<T>('GET', path + queryString(query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
  /** A call with a key that is not (yet) the stored one: sign-in checks the pasted key with it. */
  getWithKey: <T>(path: string, key: string) => request<T>('GET', path, undefined, key),
};

/** Every page of a cursor-paginated list, up to `max` items. */
export async function all<T>(path: string, query: Query = {}, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await api.get(path, { ...query, limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}
