// The shell: sign-in gate, header with navigation, and the screen for the current path.
import { useEffect, useState } from 'preact/hooks';
import { api, forgetKey, onUnauthorized, storedKey, storeKey } from './api';
import { ErrorBox, Loading } from './components';
import { AdminConfigs } from './pages/admin-configs';
import { AdminKeys } from './pages/admin-keys';
import { AdminQueues } from './pages/admin-queues';
import { SessionPage, SpansPage, TracePage } from './pages/explorer';
import { DatasetPage, DatasetsPage } from './pages/datasets';
import { Home } from './pages/home';
import { Review } from './pages/review';
import { SignIn } from './pages/signin';
import { Workspace } from './pages/workspace';
import { Link, match, navigate, useLocation } from './router';
import { MeContext } from './session';
import type { Me } from './types';

function Screen({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (path === '/' || path === '') return <Home />;
  if ((params = match('/queues/:id/review', path))) return <Review queueId={params.id} />;
  if ((params = match('/queues/:id', path))) return <Workspace queueId={params.id} />;
  if ((params = match('/traces/:id', path))) return <TracePage traceId={params.id} />;
  if ((params = match('/sessions/:id', path))) return <SessionPage sessionId={params.id} />;
  if (match('/spans', path)) return <SpansPage />;
  if ((params = match('/datasets/:id', path))) return <DatasetPage datasetId={params.id} />;
  if (match('/datasets', path)) return <DatasetsPage />;
  if (match('/admin/configs', path)) return <AdminConfigs />;
  if (match('/admin/queues', path)) return <AdminQueues />;
  if (match('/admin/keys', path)) return <AdminKeys />;
  return (
    <main id="main" tabIndex={-1}>
      <h1>Page not found</h1>
      <p>
        There is no screen at <code>/ui{path}</code>. <Link href="/">Go to your queues</Link>.
      </p>
    </main>
  );
}

export function App() {
  const location = useLocation();
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState<boolean>(() => storedKey() !== null);
  const [signInMessage, setSignInMessage] = useState<string>('');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    onUnauthorized((message) => {
      setMe(null);
      setSignInMessage(message);
    });
    if (storedKey()) {
      api
        .get<Me>('/api/v1/me')
        .then(setMe, (e) => {
          if (e?.status !== 401) setError(e);
        })
        .finally(() => setChecking(false));
    }
  }, []);

  useEffect(() => {
    document.title = me ? `Annotations · ${me.projectName}` : 'Annotations · sign in';
  }, [me]);

  if (checking) return <Loading label="Checking your key…" />;
  if (error && !me)
    return (
      <main id="main">
        <h1>Annotations</h1>
        <ErrorBox error={error} onRetry={() => window.location.reload()} />
      </main>
    );
  if (!me)
    return (
      <SignIn
        message={signInMessage}
        onSignedIn={(key, who) => {
          storeKey(key);
          setSignInMessage('');
          setMe(who);
        }}
      />
    );

  const admin = me.role === 'ADMIN';
  const here = location.path;
  const current = (prefix: string) => (here === prefix || (prefix !== '/' && here.startsWith(prefix)) ? 'page' : undefined);
  return (
    <MeContext.Provider value={me}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <nav aria-label="Main">
          <Link href="/" class="brand">
            Annotations
          </Link>
          <Link href="/" aria-current={here === '/' ? 'page' : undefined}>
            Queues
          </Link>
          <Link href="/spans" aria-current={current('/spans')}>
            Search spans
          </Link>
          <Link href="/datasets" aria-current={current('/datasets')}>
            Datasets
          </Link>
          {admin && (
            <>
              <Link href="/admin/configs" aria-current={current('/admin/configs')}>
                Score configs
              </Link>
              <Link href="/admin/queues" aria-current={current('/admin/queues')}>
                Manage queues
              </Link>
              <Link href="/admin/keys" aria-current={current('/admin/keys')}>
                API keys
              </Link>
            </>
          )}
        </nav>
        <div class="whoami">
          <span>
            {me.name} · {me.role.toLowerCase()} · {me.projectName}
          </span>
          <button
            type="button"
            class="small"
            onClick={() => {
              forgetKey();
              setMe(null);
              setSignInMessage('Signed out.');
              navigate('/');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <Screen path={here} />
    </MeContext.Provider>
  );
}
