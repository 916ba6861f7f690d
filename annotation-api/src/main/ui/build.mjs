// Bundles the UI with esbuild into the service's classpath (target/classes/ui by default, or argv[2]):
// app-<hash>.js and app-<hash>.css, an index.html naming them (no inline script: the CSP allows 'self' only),
// and assets.txt, the list of files the service serves.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '../../../target/classes/ui'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: { app: join(here, 'src/main.tsx') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: out,
  entryNames: '[name]-[hash]',
  legalComments: 'external',
  metafile: true,
  logLevel: 'warning',
});

const files = Object.keys(result.metafile.outputs).map((file) => basename(file));
const script = files.find((f) => f.endsWith('.js'));
const style = files.find((f) => f.endsWith('.css'));
const template = readFileSync(join(here, 'index.html'), 'utf8');
writeFileSync(join(out, 'index.html'), template.replace('%SCRIPT%', script).replace('%STYLE%', style));
writeFileSync(join(out, 'assets.txt'), ['index.html', ...files].join('\n') + '\n');
console.log(`annotator UI bundled into ${out}: ${files.join(', ')}`);
