// Datasets: the list, one dataset's versions and items, fills from a queue, and exports run as jobs with progress.
import { useEffect, useState } from 'preact/hooks';
import { all, api, storedKey } from '../api';
import { Empty, ErrorBox, FieldErrors, Loading, fieldMessages, formatTime, useAsync } from '../components';
import { Link } from '../router';
import type { Page } from '../types';

export interface Dataset {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  version: number;
  itemCount: number;
  updatedAt: string;
}

interface DatasetVersion {
  version: number;
  description: string;
  added: number;
  edited: number;
  removed: number;
  createdAt: string;
  createdBy: string;
}

interface DatasetItem {
  id: string;
  input: unknown;
  expectedOutput: unknown;
  metadata: Record<string, unknown>;
  source?: { traceId?: string; spanId?: string; queueId?: string };
  version: number;
}

interface ExportJob {
  id: string;
  state: 'RUNNING' | 'DONE' | 'FAILED' | 'EXPIRED';
  rows: number;
  bytesWritten: number;
  error: string;
  download: string | null;
}

const FORMATS = ['jsonl', 'csv', 'parquet', 'chat-jsonl'];

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 400 ? text.slice(0, 397) + '…' : text;
}

export function DatasetsPage() {
  const datasets = useAsync(() => all<Dataset>('/api/v1/datasets'), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/api/v1/datasets', { name: name.trim(), description });
      setName('');
      setDescription('');
      datasets.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <main id="main" class="admin" tabIndex={-1}>
      <h1>Datasets</h1>
      <form onSubmit={create} aria-label="Create a dataset">
        <div class="form-row">
          <label for="dataset-name">Name</label>
          <input id="dataset-name" value={name} aria-invalid={fieldMessages(error, 'name').length > 0 || undefined}
                 aria-describedby="dataset-name-error" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <FieldErrors id="dataset-name-error" messages={fieldMessages(error, 'name')} />
        </div>
        <div class="form-row">
          <label for="dataset-description">Description</label>
          <input id="dataset-description" value={description}
                 onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
        </div>
        <div class="form-actions">
          <button type="submit" class="primary">Create dataset</button>
        </div>
        <ErrorBox error={error} shownFields={['name']} />
      </form>
      {datasets.loading && !datasets.data && <Loading />}
      <ErrorBox error={datasets.error} onRetry={datasets.reload} />
      {datasets.data && datasets.data.length === 0 && <Empty>No dataset yet.</Empty>}
      {datasets.data && datasets.data.length > 0 && (
        <table class="results dataset-list">
          <caption>{datasets.data.length} datasets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Items</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {datasets.data.map((d) => (
              <tr>
                <td>
                  <Link href={`/datasets/${d.id}`}>{d.name}</Link>
                </td>
                <td>{d.version}</td>
                <td>{d.itemCount}</td>
                <td>{formatTime(d.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** Downloads a finished export with the key (a plain link could not send it) and hands the file to the browser. */
async function download(job: ExportJob, format: string) {
  const response = await fetch(job.download!, { headers: { Authorization: 'Bearer ' + storedKey() } });
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `export-${job.id}.${format === 'chat-jsonl' ? 'chat.jsonl' : format}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export function ExportButtons({ query }: { query: string }) {
  const [job, setJob] = useState<ExportJob | null>(null);
  const [format, setFormat] = useState('jsonl');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!job || job.state !== 'RUNNING') return;
    const timer = setTimeout(async () => {
      try {
        setJob(await api.get<ExportJob>(`/api/v1/exports/${job.id}`));
      } catch (err) {
        setError(err);
      }
    }, 500);
    return () => clearTimeout(timer);
  }, [job]);
  const start = async (chosen: string) => {
    setError(null);
    setFormat(chosen);
    try {
      setJob(await api.post<ExportJob>(`/api/v1/exports?${query}&format=${chosen}`));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="exports" aria-label="Export">
      <h2>Export</h2>
      {FORMATS.map((f) => (
        <button type="button" onClick={() => start(f)} disabled={job?.state === 'RUNNING'}>
          Export {f}
        </button>
      ))}
      {job && (
        <p class="export-progress" role="status">
          {job.state === 'RUNNING' && `Exporting ${format}: ${job.bytesWritten.toLocaleString()} bytes written of ${job.rows.toLocaleString()} rows…`}
          {job.state === 'DONE' && (
            <>
              {`Done: ${job.rows.toLocaleString()} rows, ${job.bytesWritten.toLocaleString()} bytes. `}
              <button type="button" class="primary" onClick={() => download(job, format)}>
                Download {format}
              </button>
            </>
          )}
          {job.state === 'FAILED' && `The export failed: ${job.error}`}
          {job.state === 'EXPIRED' && 'The file has expired; export again.'}
        </p>
      )}
      <ErrorBox error={error} />
    </section>
  );
}

export function DatasetPage({ datasetId }: { datasetId: string }) {
  const dataset = useAsync(() => api.get<Dataset>(`/api/v1/datasets/${datasetId}`), [datasetId]);
  const versions = useAsync(() => all<DatasetVersion>(`/api/v1/datasets/${datasetId}/versions`), [datasetId]);
  const [version, setVersion] = useState<number | null>(null);
  const items = useAsync(
    () => api.get<Page<DatasetItem>>(`/api/v1/datasets/${datasetId}/items`, { version: version ?? undefined, limit: 100 }),
    [datasetId, version],
  );
  const queues = useAsync(() => all<{ id: string; name: string }>('/api/v1/queues'), []);
  const [queueId, setQueueId] = useState('');
  const [fill, setFill] = useState<string>('');
  const [error, setError] = useState<unknown>(null);
  const fromQueue = async () => {
    setError(null);
    try {
      const job = await api.post<{ id: string }>(`/api/v1/datasets/${datasetId}/items`, { fromQueue: { queueId } });
      setFill('Adding the queue’s finished items…');
      const poll = async () => {
        const state = await api.get<{ status: string; added: number; alreadyPresent: number; error: string }>(
          `/api/v1/datasets/${datasetId}/jobs/${job.id}`);
        if (state.status === 'RUNNING') {
          setTimeout(poll, 500);
          return;
        }
        setFill(state.status === 'DONE' ? `Added ${state.added} items (${state.alreadyPresent} already there).` : `Failed: ${state.error}`);
        dataset.reload();
        versions.reload();
        items.reload();
      };
      poll();
    } catch (err) {
      setError(err);
    }
  };
  if (!dataset.data) return <main id="main" tabIndex={-1}>{dataset.error ? <ErrorBox error={dataset.error} /> : <Loading />}</main>;
  const shown = version ?? dataset.data.version;
  return (
    <main id="main" class="admin dataset" tabIndex={-1}>
      <h1>Dataset {dataset.data.name}</h1>
      <p>
        {dataset.data.description} — version {dataset.data.version}, {dataset.data.itemCount} items.
      </p>
      <section aria-label="Add from a queue">
        <h2>Add from a queue</h2>
        <label for="fill-queue">Queue</label>
        <select id="fill-queue" value={queueId} onChange={(e) => setQueueId((e.target as HTMLSelectElement).value)}>
          <option value="">choose a queue</option>
          {(queues.data ?? []).map((q) => (
            <option value={q.id}>{q.name}</option>
          ))}
        </select>
        <button type="button" disabled={!queueId} onClick={fromQueue}>
          Add its completed and approved items
        </button>
        {fill && <p role="status" class="fill-status">{fill}</p>}
        <ErrorBox error={error} />
      </section>
      <ExportButtons query={`kind=dataset&datasetId=${datasetId}&version=${shown}`} />
      <section aria-label="Versions">
        <h2>Versions</h2>
        <ul class="dataset-versions">
          {(versions.data ?? []).map((v) => (
            <li>
              <button type="button" aria-pressed={shown === v.version} onClick={() => setVersion(v.version)}>
                v{v.version}
              </button>{' '}
              {v.description} — {v.createdBy}, {formatTime(v.createdAt)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Items">
        <h2>Items of version {shown}</h2>
        <ErrorBox error={items.error} onRetry={items.reload} />
        {items.data && items.data.items.length === 0 && <Empty>No items in this version.</Empty>}
        {items.data && items.data.items.length > 0 && (
          <table class="results dataset-items">
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">Expected output</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr>
                  <td>{preview(item.input)}</td>
                  <td>{preview(item.expectedOutput)}</td>
                  <td>{item.source?.traceId ? <Link href={`/traces/${item.source.traceId}?span=${item.source.spanId ?? ''}`}>trace</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

/** "Add to dataset" for the spans a search shows: they become items of the chosen dataset (one version). */
export function AddSpansToDataset({ spans }: { spans: { traceId: string; spanId: string }[] }) {
  const datasets = useAsync(() => all<Dataset>('/api/v1/datasets'), []);
  const [datasetId, setDatasetId] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const add = async () => {
    setError(null);
    try {
      const result = await api.post<{ added: number; alreadyPresent: number; version: number }>(
        `/api/v1/datasets/${datasetId}/items`,
        { fromTargets: spans.slice(0, 1000).map((s) => ({ type: 'SPAN', traceId: s.traceId, spanId: s.spanId })) });
      setStatus(`Added ${result.added} items (${result.alreadyPresent} already there): version ${result.version}.`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="add-to-dataset" aria-label="Add to dataset">
      <label for="add-dataset">Add these spans to dataset</label>
      <select id="add-dataset" value={datasetId} onChange={(e) => setDatasetId((e.target as HTMLSelectElement).value)}>
        <option value="">choose a dataset</option>
        {(datasets.data ?? []).map((d) => (
          <option value={d.id}>{d.name}</option>
        ))}
      </select>
      <button type="button" disabled={!datasetId} onClick={add}>
        Add to dataset
      </button>
      {status && <span role="status">{status}</span>}
      <ErrorBox error={error} />
    </section>
  );
}
