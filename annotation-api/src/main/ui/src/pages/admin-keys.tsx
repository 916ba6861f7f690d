// API keys (ADMIN): issue — the secret is shown once, with a copy button — and revoke.
import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox, FieldErrors, Loading, Modal, fieldMessages, formatTime, useAsync } from '../components';
import { useMe } from '../session';
import type { ApiKey, IssuedKey, Role } from '../types';

const ROLES: Role[] = ['ANNOTATOR', 'REVIEWER', 'VIEWER', 'ADMIN'];

export function AdminKeys() {
  const me = useMe();
  const keys = useAsync(() => api.get<{ keys: ApiKey[] }>(`/api/v1/projects/${me.projectId}/keys`), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('ANNOTATOR');
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const [copied, setCopied] = useState('');
  const [revoking, setRevoking] = useState<string | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);

  const issue = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const key = await api.post<IssuedKey>(`/api/v1/projects/${me.projectId}/keys`, { name: name.trim(), role });
      setIssued(key);
      setCopied('');
      setName('');
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };
  const copy = async () => {
    if (!issued) return;
    try {
      // a browser that neither grants nor refuses the clipboard must not leave the button silent
      await Promise.race([
        navigator.clipboard.writeText(issued.key),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer from the clipboard')), 2000)),
      ]);
      setCopied('Copied to the clipboard.');
    } catch {
      secretRef.current?.select();
      setCopied('Selected: press Ctrl+C to copy.');
    }
  };
  const revoke = async (id: string) => {
    try {
      await api.del(`/api/v1/projects/${me.projectId}/keys/${id}`);
      setRevoking(null);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <main id="main" class="admin" tabIndex={-1}>
      <h1>API keys of {me.projectName}</h1>
      <form class="inline-form" onSubmit={issue} aria-label="Issue a key">
        <h2>Issue a key</h2>
        <div class="form-row">
          <label for="key-name">Name (who uses it; the author of what it writes)</label>
          <input
            id="key-name"
            type="text"
            value={name}
            aria-invalid={fieldMessages(error, 'name').length > 0 || undefined}
            aria-describedby={fieldMessages(error, 'name').length ? 'key-name-error' : undefined}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
          <FieldErrors id="key-name-error" messages={fieldMessages(error, 'name')} />
        </div>
        <div class="form-row">
          <label for="key-role">Role</label>
          <select id="key-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
          <FieldErrors id="key-role-error" messages={fieldMessages(error, 'role')} />
        </div>
        <ErrorBox error={error} shownFields={['name', 'role']} />
        <button type="submit" class="primary">
          Issue key
        </button>
      </form>

      <h2>Keys</h2>
      {keys.loading && !keys.data && <Loading />}
      <ErrorBox error={keys.error} onRetry={keys.reload} />
      {keys.data && (
        <table class="results">
          <caption class="visually-hidden">Keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Prefix</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td>{k.role}</td>
                <td>
                  <code>{k.keyPrefix}</code>
                </td>
                <td>{formatTime(k.createdAt)}</td>
                <td>{k.revokedAt ? 'revoked ' + formatTime(k.revokedAt) : 'active'}</td>
                <td>
                  {!k.revokedAt &&
                    (revoking === k.id ? (
                      <>
                        <button type="button" class="small danger" onClick={() => revoke(k.id)} aria-label={`Yes, revoke ${k.name}`}>
                          Yes, revoke
                        </button>{' '}
                        <button type="button" class="small" onClick={() => setRevoking(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button type="button" class="small danger" onClick={() => setRevoking(k.id)} aria-label={`Revoke ${k.name} (${k.keyPrefix})`}>
                        Revoke
                      </button>
                    ))}
                  {k.id === me.keyId && <span class="muted"> (this session's key)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Modal open={issued !== null} title="The new key" onClose={() => setIssued(null)}>
        {issued && (
          <div>
            <p>
              <strong>Copy it now: it is shown this once.</strong> Only its hash is stored. {issued.name} · {issued.role}
            </p>
            <label for="issued-secret">Secret</label>
            <input id="issued-secret" ref={secretRef} type="text" readOnly value={issued.key} class="secret" />
            <div class="form-actions">
              <button type="button" class="primary" onClick={copy}>
                Copy
              </button>
              <button type="button" onClick={() => setIssued(null)}>
                Done
              </button>
            </div>
            <p role="status">{copied}</p>
          </div>
        )}
      </Modal>
    </main>
  );
}
