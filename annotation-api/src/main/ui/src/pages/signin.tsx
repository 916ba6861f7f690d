import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { FieldErrors } from '../components';
import type { Me } from '../types';

/** Sign in by pasting an API key; it is checked against GET /api/v1/me before it is kept (sessionStorage). */
export function SignIn({ message, onSignedIn }: { message: string; onSignedIn: (key: string, me: Me) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const secret = key.trim();
    if (!secret) {
      setError('Paste your API key (it starts with ak_).');
      return;
    }
    setBusy(true);
    try {
      const me = await api.getWithKey<Me>('/api/v1/me', secret);
      onSignedIn(secret, me);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'That key was refused: it is unknown or revoked. Ask your admin for a key.'
          : err instanceof ApiError
            ? err.summary()
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <h1>Annotations</h1>
      <p>Read LLM and agent traces and judge them, keyboard first.</p>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={key}
          aria-describedby={error ? 'api-key-help api-key-error' : 'api-key-help'}
          aria-invalid={error ? true : undefined}
          onInput={(e) => {
            setKey((e.target as HTMLInputElement).value);
            setError('');
          }}
        />
        <p id="api-key-help" class="muted">
          The key stays in this browser tab only (session storage) and is sent to this service as a Bearer token.
        </p>
        <FieldErrors id="api-key-error" messages={error ? [error] : []} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
